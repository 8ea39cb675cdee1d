import Store

/// Something about a group that is allowed but that other people's software reads badly, told to
/// those who manage it (the API's `warnings`, shown by the console's group form).
public struct GroupWarning: Encodable, Equatable, Sendable {
    public var field: String
    public var message: String

    /// The warnings about `g`: a meeting link no common meeting-list reader recognises.
    public static func of(_ g: GroupRecord) -> [GroupWarning] {
        guard g.format.meetsRemotely, let link = g.onlineUrl, ConferenceProviders.provider(of: link) == nil else { return [] }
        return [GroupWarning(field: "online_url", message: ConferenceProviders.warning)]
    }
}

extension GroupView {
    /// The view with its warnings when `principal` manages the group (nobody else is told).
    public func withWarnings(_ d: GroupDetails, principal: some GroupViewer) -> GroupView {
        guard principal.canManage(organizationId: d.group.organizationId) else { return self }
        var view = self
        view.warnings = GroupWarning.of(d.group)
        return view
    }
}
