import Foundation

/// The meeting-link hosts the common meeting-list readers recognise. tsml-ui (its
/// `conference_providers` setting) and the 12 Step Meeting List plugin (`$tsml_conference_providers`,
/// "matches Meeting Guide app") keep a `conference_url` only when its host ends with one of these;
/// the plugin then also drops the online type, so the meeting may be listed as inactive.
public enum ConferenceProviders {
    /// Host suffix → provider, as both readers list them (2026).
    public static let hosts: [(suffix: String, name: String)] = [
        ("bluejeans.com", "Bluejeans"), ("discord.gg", "Discord"), ("freeconference.com", "Free Conference"),
        ("freeconferencecall.com", "FreeConferenceCall"), ("goto.com", "GoTo"), ("gotomeet.me", "GoTo"), ("gotomeeting.com", "GoTo"),
        ("horizon.meta.com", "Virtual Reality"), ("maps.secondlife.com", "Virtual Reality"), ("meet.google.com", "Google Meet"),
        ("meet.jit.si", "Jitsi"), ("meetings.dialpad.com", "Dialpad"), ("signal.group", "Signal"), ("skype.com", "Skype"),
        ("slurl.com", "Virtual Reality"), ("teams.live.com", "Teams"), ("teams.microsoft.com", "Teams"), ("vrchat.com", "Virtual Reality"),
        ("webex.com", "WebEx"), ("zoho.com", "Zoho"), ("zoom.us", "Zoom"),
    ]

    /// The provider of a meeting link, or nil when the readers would drop it (the readers' rule: the
    /// host ends with a listed domain).
    public static func provider(of link: String) -> String? {
        guard let host = URL(string: link)?.host?.lowercased() else { return nil }
        return hosts.first { host.hasSuffix($0.suffix) }?.name
    }

    /// What a coordinator is told about an `online_url` the readers would drop.
    public static let warning =
        "is not a meeting link the common meeting-list readers recognise (tsml-ui, the 12 Step Meeting List, Meeting Guide): "
        + "they drop it and may list the meeting as inactive. A Zoom, Google Meet, Teams, Jitsi or Webex link is kept; a dial_in also keeps the meeting online."
}
