import Store
import Testing

@testable import Circles

/// A change is written only to the version it was made to; `If-Match: *` makes it once more, to the
/// newer state, when another change landed in between.
@Suite struct VersionedChangeTests {
    /// A record that another writer changes while the first attempt is being made.
    final class Row {
        var version = 1
        var reads = 0
    }

    static func write(_ row: Row, expected: VersionPrecondition, concurrentChanges: Int) throws -> [Int] {
        var attempts: [Int] = []
        var changesLeft = concurrentChanges
        let read = { () -> Row? in
            row.reads += 1
            return row
        }
        return try VersionedChange.write(expected: expected, read: read, version: { $0.version }) { current, version in
            attempts.append(version)
            if changesLeft > 0 {
                changesLeft -= 1
                current.version += 1
            }
            guard version == current.version else { throw StoreFailure.versionMismatch(current: current.version) }
            current.version += 1
            return attempts
        }
    }

    @Test func anyVersionMeansTheVersionReadAndIsMadeAgainOnceAfterAConcurrentChange() throws {
        #expect(try Self.write(Row(), expected: .any, concurrentChanges: 0) == [1])
        let row = Row()
        #expect(try Self.write(row, expected: .any, concurrentChanges: 1) == [1, 2])
        #expect(row.reads == 2)
        #expect(throws: StoreFailure.versionMismatch(current: 3)) { try Self.write(Row(), expected: .any, concurrentChanges: 2) }
    }

    @Test func aNamedVersionIsNeverRetried() throws {
        let row = Row()
        #expect(throws: StoreFailure.versionMismatch(current: 2)) { try Self.write(row, expected: .oneOf([1]), concurrentChanges: 1) }
        #expect(row.reads == 1)
        #expect(throws: StoreFailure.versionMismatch(current: 1)) { try Self.write(Row(), expected: .oneOf([7]), concurrentChanges: 0) }
    }

    /// `If-Match: "v1", "v2"`: the change is made to the version read when the list names it, and
    /// refused as changed, naming the current version, when it does not.
    @Test func aListAdmitsEachVersionItNames() throws {
        let row = Row()
        row.version = 2
        #expect(try Self.write(row, expected: .oneOf([1, 2]), concurrentChanges: 0) == [2])
        #expect(throws: StoreFailure.versionMismatch(current: 3)) { try Self.write(row, expected: .oneOf([1, 2]), concurrentChanges: 0) }
    }

    @Test func nothingToChangeIsNotFound() throws {
        #expect(throws: StoreFailure.notFound) {
            try VersionedChange.write(expected: .any, read: { Optional<Row>.none }, version: { $0.version }) { _, _ in 0 }
        }
    }
}
