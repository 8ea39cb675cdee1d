import Store

/// A facilitator as the API shows it. Private contact details appear only for those who manage the organization.
struct FacilitatorView: Encodable {
    var id: Int64
    var organizationId: Int64
    var displayName: String
    var bio: String
    var livedExperience: [String]
    var languages: [String]
    var trainings: [TrainingView]
    var groupIds: [Int64]
    var privateEmail: String?
    var privatePhone: String?
    var createdAt: Timestamp
    var updatedAt: Timestamp

    struct TrainingView: Encodable {
        var name: String
        var issuer: String
        var completedOn: String?
        var expiresOn: String?
        var expired: Bool
    }
}

extension FacilitatorView {
    init(_ d: FacilitatorDetails, showPrivate: Bool) {
        let r = d.facilitator
        let today = Timestamp.now().day
        self.init(
            id: r.id!, organizationId: r.organizationId, displayName: r.displayName, bio: r.bio,
            livedExperience: JSONList.decode(r.livedExperience), languages: JSONList.decode(r.languages),
            trainings: d.trainings.map {
                .init(name: $0.name, issuer: $0.issuer, completedOn: $0.completedOn, expiresOn: $0.expiresOn, expired: ($0.expiresOn ?? "9999") < today)
            },
            groupIds: d.groupIds,
            privateEmail: showPrivate ? r.privateEmail : nil, privatePhone: showPrivate ? r.privatePhone : nil,
            createdAt: r.createdAt, updatedAt: r.updatedAt)
    }
}
