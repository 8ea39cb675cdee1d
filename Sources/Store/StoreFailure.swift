import Foundation
import GRDB

/// A write the database refused, in terms a handler can turn into an HTTP answer.
public enum StoreFailure: Error, Equatable, Sendable {
    /// No row with that id (or it belongs to someone else).
    case notFound
    /// The row changed since the version the client read (a stale `If-Match`).
    case versionMismatch(current: Int)
    /// A unique value (such as a slug) is already taken.
    case conflict(field: String)
    /// A referenced row does not exist (an unknown organization or location id).
    case invalidReference(field: String)
    /// The row cannot be deleted while other rows (such as referrals) refer to it.
    case inUse
    /// The caller may not touch this row: a service asked the caller's rule (a closure such as
    /// "manages organization N?") about the organization the row belongs to, and it said no.
    case forbidden
    /// A field names something the write cannot use (such as an archived group), said in `message`.
    case rejected(field: String, message: String)
    /// The row's state (such as its status) is no longer the one the caller read and decided on:
    /// someone changed it meanwhile. Read it again and decide again.
    case stateChanged

    /// Maps SQLite constraint errors; rethrows anything else.
    static func translate(_ error: Error, uniqueFields: [String: String] = [:], referenceField: String = "reference") -> Error {
        guard let error = error as? DatabaseError else { return error }
        switch error.extendedResultCode {
        case .SQLITE_CONSTRAINT_UNIQUE, .SQLITE_CONSTRAINT_PRIMARYKEY:
            let message = error.message ?? ""
            for (column, field) in uniqueFields where message.contains(column) { return StoreFailure.conflict(field: field) }
            return StoreFailure.conflict(field: uniqueFields.values.first ?? "id")
        case .SQLITE_CONSTRAINT_FOREIGNKEY:
            return StoreFailure.invalidReference(field: referenceField)
        default:
            return error
        }
    }
}
