import Foundation
import HTTPServer
import Store
import TestSupport

@testable import Circles
@testable import Mail

/// A real Circles on a free port with its own temporary database, for integration tests.
final class TestApp: @unchecked Sendable {
    let application: Application
    let directory: String
    let log = LogCapture()
    var port: Int { application.server.port! }

    init(demo: Bool = false, configure: (inout AppConfiguration) -> Void = { _ in }) throws {
        directory = TestHTTP.temporaryDirectory()
        var configuration = AppConfiguration()
        configuration.server.port = 0
        configuration.server.eventLoops = 1
        configuration.server.workerThreads = 4
        configuration.databasePath = directory + "/circles.sqlite"
        configuration.migrationsDirectory = TestHTTP.repositoryRoot + "/Migrations"
        configuration.publicDirectory = TestHTTP.repositoryRoot + "/Public"
        configuration.loadDemoData = demo
        configuration.demoDirectory = TestHTTP.repositoryRoot + "/Demo/directory"
        configuration.secretKeyFile = directory + "/circles.key"
        configure(&configuration)
        let capture = log
        application = try Application(configuration: configuration, accessLog: AccessLog { capture.append($0) })
        try application.start()
    }

    deinit {
        application.shutdown()
        try? FileManager.default.removeItem(atPath: directory)
    }

    var database: AppDatabase { application.database }

    /// A new API key; coordinator and partner keys belong to the organization with that slug.
    func key(_ role: String = "admin", organization: String? = nil) throws -> String {
        try KeyIssuer.create(in: database, role: role, organizationSlug: organization, name: "test")
    }

    func get(_ target: String, key: String? = nil, headers: [(String, String)] = []) throws -> ClientResponse {
        try TestHTTP.get(port, target, headers: headers + auth(key))
    }

    func send(_ method: String, _ target: String, key: String? = nil, json: Any? = nil, headers: [(String, String)] = []) throws -> ClientResponse {
        try TestHTTP.send(port, method, target, headers: headers + auth(key), json: json)
    }

    /// PATCH or DELETE with the current ETag of the resource.
    func change(_ method: String, _ target: String, key: String, json: Any? = nil) throws -> ClientResponse {
        let etag = try get(target).headers["ETag"] ?? "*"
        return try send(method, target, key: key, json: json, headers: [("If-Match", etag)])
    }

    private func auth(_ key: String?) -> [(String, String)] {
        key.map { [("Authorization", "Bearer \($0)")] } ?? []
    }

    /// Creates an organization and returns its id.
    func makeOrganization(_ slug: String, key: String) throws -> Int {
        let response = try send("POST", "/api/v1/organizations", key: key, json: ["name": slug.capitalized + " Center", "slug": slug])
        guard response.status == 201, let id = response.jsonObject["id"] as? Int else {
            throw TestAppFailure(description: "organization not created: \(response.status) \(response.text)")
        }
        return id
    }
}

struct TestAppFailure: Error, CustomStringConvertible {
    var description: String
}

extension AppConfiguration {
    /// Mail on, to a test's own SMTP listener, with quick retries and short timeouts.
    mutating func sendMail(to sink: SMTPSink) {
        smtpRelay = SMTPRelay(host: "127.0.0.1", port: sink.port)
        mailFrom = "circles@example.org"
        publicURL = "https://circles.example.org"
        mailRetryBaseSeconds = 0.05
        smtpTimeouts = SMTPClient.Timeouts(connect: 2, command: 2, dataTermination: 2)
    }
}
