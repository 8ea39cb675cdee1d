import Crypto
import Foundation
import GRDB
import HTTPServer
import Logging
import Store
import TestSupport
import Testing

@testable import Circles

/// Background services: started after the server, failures logged and counted, never swallowed.
@Suite struct LifecycleTests {
    struct Refused: Error, CustomStringConvertible {
        var description: String { "refused for Jordan Quillfeather" }
    }

    static func logger(_ capture: LogCapture) -> Logger {
        Logger(label: "circles.test") { JSONLogHandler(label: $0) { capture.append($0) } }
    }

    static func objects(_ capture: LogCapture) -> [[String: Any]] {
        capture.lines.compactMap { (try? JSONSerialization.jsonObject(with: Data($0.utf8))) as? [String: Any] }
    }

    @Test func aFailingStepIsLoggedAndCountedAndTheOthersStillRun() throws {
        let capture = LogCapture()
        let ran = LockedCounter(), failed = LockedCounter()
        let job = PeriodicJob(
            name: "maintenance", interval: 3600, logger: Self.logger(capture), onFailure: { _ in failed.add() },
            steps: [
                .init("purge") { throw Refused() },
                .init("prune") { ran.add() },
            ])
        job.start()
        job.stop()
        #expect(ran.value == 1, "the step after the failing one ran")
        #expect(job.failures == 1)
        #expect(failed.value == 1)
        let lines = Self.objects(capture)
        #expect(lines.count == 1, "\(capture.text)")
        let line = try #require(lines.first)
        #expect(line["level"] as? String == "error")
        #expect(line["service"] as? String == "maintenance")
        #expect(line["step"] as? String == "purge")
        #expect(line["error"] as? String == "Refused")
        #expect(!capture.text.contains("Jordan"), "an error's message can quote personal data")
    }

    @Test func aFailingPurgeInTheRunningApplicationIsLoggedAndCounted() throws {
        let directory = TestHTTP.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var configuration = AppConfiguration()
        configuration.server.port = 0
        configuration.server.eventLoops = 1
        configuration.server.workerThreads = 2
        configuration.databasePath = directory + "/circles.sqlite"
        configuration.migrationsDirectory = TestHTTP.repositoryRoot + "/Migrations"
        configuration.publicDirectory = TestHTTP.repositoryRoot + "/Public"
        configuration.secretKeyFile = directory + "/circles.key"
        let capture = LogCapture()
        let application = try Application(configuration: configuration, accessLog: .disabled, logger: Self.logger(capture))
        // The purge also erases the reply addresses of change requests: without their table it fails.
        try application.database.pool.writeWithoutTransaction { try $0.execute(sql: "ALTER TABLE change_requests RENAME TO change_requests_gone") }
        try application.start()
        defer { application.shutdown() }
        let failures = Self.objects(capture).filter { $0["step"] as? String == "retention-purge" }
        #expect(failures.count == 1, "\(capture.text)")
        #expect(failures.first?["service"] as? String == "maintenance")
        #expect(failures.first?["level"] as? String == "error")
        #expect(Self.objects(capture).count == 1, "the other steps ran without failing: \(capture.text)")
        let metrics = String(decoding: application.metrics.exposition(database: application.database), as: UTF8.self)
        #expect(metrics.contains(#"circles_background_failures_total{service="maintenance",step="retention-purge"} 1"#), "\(metrics)")
        #expect(try TestHTTP.get(application.server.port!, "/healthz").status == 200, "the server runs all the same")
    }

    @Test func servicesStartInOrderAfterTheServerAndStopInReverse() throws {
        let app = try TestApp()
        #expect(app.application.services.map(\.name) == ["directory-generation", "webhooks", "maintenance"])
        let noCache = try TestApp { $0.searchCacheMegabytes = 0 }
        #expect(noCache.application.services.map(\.name) == ["webhooks", "maintenance"], "no watch without a cache")
    }

    @Test func aCommitThatQueuesAnEventWakesTheSendersAtOnce() throws {
        let fixture = try DispatcherFixture()
        defer { fixture.close() }
        let (database, receiver, organization) = (fixture.database, fixture.receiver, fixture.organizationId)
        var settings = WebhookDispatcher.Settings()
        settings.idlePoll = 60
        settings.targets = WebhookTargets(allowsLoopbackForTestsOnly: true)
        let dispatcher = WebhookDispatcher(database: database, sealer: fixture.sealer, settings: settings)
        dispatcher.start()
        defer { dispatcher.stop() }
        // The senders looked, found nothing and sleep for a minute unless the commit wakes them.
        Thread.sleep(forTimeInterval: 0.2)
        try database.pool.write {
            try WebhookOutbox.enqueue(OutboxEvent(name: .referralCreated, organizationId: organization, data: ["referral_id": 1]), in: $0)
        }
        #expect(eventually(timeout: 5) { receiver.requests.count == 1 })
        dispatcher.stop()
        dispatcher.stop()
    }

    @Test func theWatchPollsOnlyWhileStarted() throws {
        let directory = TestHTTP.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/watch.sqlite"
        let database = try AppDatabase(path: path, migrationsDirectory: TestHTTP.repositoryRoot + "/Migrations")
        defer { try? database.close() }
        let other = try AppDatabase(path: path, migrationsDirectory: TestHTTP.repositoryRoot + "/Migrations")
        defer { try? other.close() }
        let watch = try DirectoryGenerationWatch(database: database, pollInterval: 0.05)
        let first = watch.current
        // Another process's write is seen by the poll only.
        func writeElsewhere() throws {
            try other.pool.write { db in _ = try VersionedWrites.insert(OrganizationRecord(slug: "o\(Int.random(in: 0..<1_000_000))", name: "Other"), in: db) }
        }
        try writeElsewhere()
        Thread.sleep(forTimeInterval: 0.3)
        #expect(watch.current == first, "not started: no poll")
        watch.start()
        #expect(eventually(timeout: 5) { watch.current != first }, "the first poll sees what changed before the start")
        watch.stop()
        let stopped = watch.current
        try writeElsewhere()
        Thread.sleep(forTimeInterval: 0.3)
        #expect(watch.current == stopped, "stopped: no poll")
        // This process's own writes move it whether or not it polls.
        try database.pool.write { db in _ = try VersionedWrites.insert(OrganizationRecord(slug: "own", name: "Own"), in: db) }
        #expect(watch.current != stopped)
    }
}

/// A count several threads add to.
final class LockedCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    func add() { lock.lock(); count += 1; lock.unlock() }
    var value: Int { lock.lock(); defer { lock.unlock() }; return count }
}
