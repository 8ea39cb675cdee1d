import Foundation

/// How two readers of the Meeting Guide feed decide whether a meeting is active and how to join it
/// online, replayed rule by rule from their own code (neither runs here: one is TypeScript in a
/// browser, the other PHP in WordPress).
///
/// - tsml-ui (code4recovery/tsml-ui), `src/helpers/load-meeting-data.ts`, `loadMeetingData`: a
///   `conference_url` is kept only when `formatConferenceProvider` finds its host ending with one of
///   `settings.conference_providers`; `validateConferencePhone` keeps a `conference_phone` whose text,
///   without anything but digits `,` `+` `#`, is 10 characters or more; `formatted_address` is made from
///   the address fields when absent, and without it the meeting is dropped ("no address information");
///   `approximate` is the field ("yes") or else fewer than 4 comma-separated parts; the `ONL` type and
///   unknown types are dropped; online = a provider or a phone; in person = not `TC` and not
///   approximate; active = online or in person, else the meeting is "inactive".
/// - The 12 Step Meeting List plugin (code4recovery/12-step-meeting-list), `includes/functions_import.php`,
///   `tsml_import_sanitize_meetings` ("If Conference URL, validate; or if phone, force 'ONL' type, else
///   remove 'ONL'"): `ONL` is removed, then added back when `tsml_conference_provider` knows the URL's
///   host (the URL is emptied otherwise) or when there is a phone and no URL; `includes/functions.php`,
///   `tsml_calculate_attendance_option`: `TC`+`ONL` online, `TC` inactive, `ONL` hybrid (online when
///   approximate), else in person (inactive when approximate).
enum MeetingListReaders {
    /// Both readers' list of meeting-link hosts (`conference_providers`, `$tsml_conference_providers`).
    static let providers = [
        "bluejeans.com", "discord.gg", "freeconference.com", "freeconferencecall.com", "goto.com", "gotomeet.me", "gotomeeting.com",
        "horizon.meta.com", "maps.secondlife.com", "meet.google.com", "meet.jit.si", "meetings.dialpad.com", "signal.group", "skype.com",
        "slurl.com", "teams.live.com", "teams.microsoft.com", "vrchat.com", "webex.com", "zoho.com", "zoom.us",
    ]

    struct Reading: Equatable {
        var listed: Bool
        var active: Bool
        var online: Bool
        var conferenceUrl: String?
        var conferencePhone: String?
    }

    static func text(_ entry: [String: Any], _ key: String) -> String? {
        (entry[key] as? String).flatMap { $0.trimmingCharacters(in: .whitespaces).isEmpty ? nil : $0 }
    }

    /// tsml-ui's `formatConferenceProvider`: `url.split('/')[2]` ends with a provider's domain.
    static func knowsProvider(_ url: String) -> Bool {
        let parts = url.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count > 2 else { return false }
        return providers.contains { parts[2].hasSuffix($0) }
    }

    static func tsmlUI(_ entry: [String: Any]) -> Reading {
        let url = text(entry, "conference_url").flatMap { knowsProvider($0) ? $0 : nil }
        let phone = text(entry, "conference_phone").map { $0.filter { $0.isNumber || ",+#".contains($0) } }.flatMap { $0.count >= 10 ? $0 : nil }
        var formatted = text(entry, "formatted_address")
        if formatted == nil {
            let stateZip = [text(entry, "state"), text(entry, "postal_code")].compactMap { $0 }.joined(separator: " ")
            let parts = [text(entry, "address"), text(entry, "city"), stateZip, text(entry, "country")].compactMap { $0 }.filter { !$0.isEmpty }
            formatted = parts.isEmpty ? nil : parts.joined(separator: ", ")
        }
        guard let formatted else { return Reading(listed: false, active: false, online: false) }
        let approximate = text(entry, "approximate").map { $0.lowercased() == "yes" } ?? (formatted.split(separator: ",").count < 4)
        let types = (entry["types"] as? [String] ?? []).filter { $0 != "ONL" }
        let online = url != nil || phone != nil
        let inPerson = !types.contains("TC") && !approximate
        return Reading(listed: true, active: online || inPerson, online: online, conferenceUrl: url, conferencePhone: phone)
    }

    static func twelveStepImport(_ entry: [String: Any]) -> Reading {
        var types = (entry["types"] as? [String] ?? []).filter { $0 != "ONL" }
        var url = text(entry, "conference_url")
        if let link = url {
            if let host = URL(string: link)?.host, providers.contains(where: { host.hasSuffix($0) }) { types.append("ONL") } else { url = nil }
        }
        let phone = text(entry, "conference_phone")
        if phone != nil && url == nil { types.append("ONL") }
        let approximate = text(entry, "approximate") == "yes"
        let attendance: String =
            if types.contains("TC") && types.contains("ONL") {
                "online"
            } else if types.contains("TC") {
                "inactive"
            } else if types.contains("ONL") {
                approximate ? "online" : "hybrid"
            } else {
                approximate ? "inactive" : "in_person"
            }
        return Reading(
            listed: true, active: attendance != "inactive", online: attendance == "online" || attendance == "hybrid", conferenceUrl: url,
            conferencePhone: phone)
    }
}
