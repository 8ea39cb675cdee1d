import Foundation
import GRDB
import Store
import Testing

/// `Timestamp` is stored and shown as the text every timestamp column held before it existed:
/// "YYYY-MM-DDTHH:MM:SSZ", UTC, whole seconds. Same bytes in the database and in JSON.
@Suite struct TimestampTests {
    @Test func itsTextIsUTCToTheSecond() {
        let t = Timestamp(Date(timeIntervalSince1970: 1_772_389_800.75))
        #expect(t.text == "2026-03-01T18:30:00Z")
        #expect(t.description == t.text && "\(t)" == t.text)
        #expect(t.day == "2026-03-01")
        #expect(t.startOfDay.text == "2026-03-01T00:00:00Z")
        #expect(t.adding(86_400 + 61).text == "2026-03-02T18:31:01Z")
        #expect(Timestamp(Date(timeIntervalSince1970: 0)).text == "1970-01-01T00:00:00Z")
    }

    @Test(arguments: [0.0, 951_782_400, 1_709_164_800, 1_772_389_800, 4_102_444_799, 1_234_567_890])
    func theColumnsFormReadsBackWithoutAFormatter(_ seconds: Double) throws {
        let text = Timestamp.format(Date(timeIntervalSince1970: seconds))
        #expect(try #require(Timestamp.parse(text)).timeIntervalSince1970 == seconds)
        // The same answer as the general RFC 3339 formatter, which the fast path skips.
        let formatter = ISO8601DateFormatter()
        #expect(formatter.date(from: text) == Timestamp.parse(text))
    }

    @Test func otherRFC3339FormsAreReadAndWrittenInTheColumnsForm() throws {
        #expect(Timestamp(rfc3339: "2026-03-01T19:30:00+01:00")?.text == "2026-03-01T18:30:00Z")
        #expect(Timestamp(rfc3339: "2026-03-01T18:30:00.999Z")?.text == "2026-03-01T18:30:00Z")
        for bad in ["", "2026-13-01T10:00:00Z", "2026-03-01 18:30:00Z", "yesterday"] {
            #expect(Timestamp(rfc3339: bad) == nil, "\(bad)")
        }
        // What the fast path refuses goes to Foundation's formatter, which read every time before:
        // it still decides (it rolls an impossible day over), so what was accepted stays accepted.
        let formatter = ISO8601DateFormatter()
        for odd in ["2026-02-30T10:00:00Z", "2026-03-01T24:00:00Z"] {
            #expect(Timestamp.parse(odd) == formatter.date(from: odd), "\(odd)")
        }
    }

    @Test func jsonHoldsTheSameString() throws {
        struct Holder: Codable, Equatable { var at: Timestamp; var maybe: Timestamp? }
        let holder = Holder(at: Timestamp(rfc3339: "2026-03-01T18:30:00Z")!, maybe: nil)
        let json = String(decoding: try JSONEncoder().encode(holder), as: UTF8.self)
        #expect(json == #"{"at":"2026-03-01T18:30:00Z"}"#)
        #expect(try JSONDecoder().decode(Holder.self, from: Data(json.utf8)) == holder)
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(Holder.self, from: Data(#"{"at":"soon"}"#.utf8)) }
    }

    @Test func theDatabaseHoldsTheSameText() throws {
        let queue = try DatabaseQueue()
        try queue.write { db in
            try db.execute(sql: "CREATE TABLE t (at TEXT)")
            let t = Timestamp(rfc3339: "2026-03-01T18:30:00Z")!
            try db.execute(sql: "INSERT INTO t (at) VALUES (?)", arguments: [t])
            #expect(try String.fetchOne(db, sql: "SELECT at FROM t") == "2026-03-01T18:30:00Z")
            #expect(try String.fetchOne(db, sql: "SELECT typeof(at) FROM t") == "text")
            #expect(try Timestamp.fetchOne(db, sql: "SELECT at FROM t") == t)
            // Compared in SQL as text, as the columns always were.
            #expect(try Bool.fetchOne(db, sql: "SELECT at < ? FROM t", arguments: [t.adding(1)]) == true)
            #expect(Timestamp.fromDatabaseValue("not a time".databaseValue) == nil)
        }
    }
}
