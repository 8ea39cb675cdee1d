/// Who is looking at a group, as far as its view depends on it: the online link and dial-in of a
/// group that keeps them private are shown only to those who manage its organization.
public protocol GroupViewer {
    func canManage(organizationId: Int64) -> Bool
}
