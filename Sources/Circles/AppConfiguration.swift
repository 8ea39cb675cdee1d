import HTTPServer

/// Everything an operator can set for one Circles instance.
public struct AppConfiguration: Sendable {
    public var server = ServerConfiguration()
    /// The SQLite file; created when missing.
    public var databasePath = "./circles.sqlite"
    /// The folder of static pages.
    public var publicDirectory = "./Public"
    /// The folder of `NNNN_name.sql` migrations.
    public var migrationsDirectory = "./Migrations"
    /// Fill an empty database with demo data at start-up.
    public var loadDemoData = false

    public init() {}
}
