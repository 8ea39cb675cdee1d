import GroupViews

/// A caller sees a group's private online details when it manages the group's organization.
extension Principal: GroupViewer {}
