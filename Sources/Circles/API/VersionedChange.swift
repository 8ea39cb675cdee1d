import Store

/// A change to a versioned record, made outside any transaction: the current state is read, checked
/// and changed, then written only if it is still the version that was read.
///
/// A client's `If-Match` names the versions it changed; `If-Match: *` (`.any`) stands for the version
/// read here, so a concurrent change is never silently overwritten: when one lands in between, the
/// change is made once more, to the newer state.
enum VersionedChange {
    /// `write` gets the current state and the version its write must expect (one no record has when
    /// `expected` does not admit the current one, so the write, after its own checks, is refused as
    /// changed); `StoreFailure.notFound` when `read` finds nothing.
    static func write<Current, Result>(
        expected: VersionPrecondition, read: () throws -> Current?, version: (Current) -> Int,
        _ write: (Current, Int) throws -> Result
    ) throws -> Result {
        var retried = false
        while true {
            guard let current = try read() else { throw StoreFailure.notFound }
            do {
                return try write(current, expected.expected(forCurrent: version(current)))
            } catch StoreFailure.versionMismatch where expected == .any && !retried {
                retried = true
            }
        }
    }
}
