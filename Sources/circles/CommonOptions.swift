import ArgumentParser
import Foundation

/// The `--database` option every command shares, with its environment variable.
struct DatabaseOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The SQLite database file, created when missing (env CIRCLES_DATABASE; default ./circles.sqlite).", valueName: "path"))
    var database: String?

    @Option(name: .long, help: ArgumentHelp("The folder of NNNN_name.sql migrations (env CIRCLES_MIGRATIONS; default ./Migrations).", valueName: "dir"))
    var migrations: String?

    @Option(name: .customLong("secret-key-file"), help: ArgumentHelp("The key that seals personal data; created with mode 0600 when missing (env CIRCLES_SECRET_KEY_FILE; default ./circles.key). CIRCLES_SECRET_KEY (32 bytes, base64) wins when set. Back it up with the database.", valueName: "path"))
    var secretKeyFile: String?

    var databasePath: String { database ?? Environment.string("CIRCLES_DATABASE") ?? "./circles.sqlite" }
    var secretKeyPath: String { secretKeyFile ?? Environment.string("CIRCLES_SECRET_KEY_FILE") ?? "./circles.key" }
    var migrationsDirectory: String { migrations ?? Environment.string("CIRCLES_MIGRATIONS") ?? "./Migrations" }
}

/// Reads settings from the environment, refusing values that do not parse.
enum Environment {
    static func string(_ name: String) -> String? {
        guard let value = ProcessInfo.processInfo.environment[name], !value.isEmpty else { return nil }
        return value
    }

    static func int(_ name: String) throws -> Int? {
        guard let text = string(name) else { return nil }
        guard let value = Int(text) else { throw ValidationError("\(name) must be a whole number, not \"\(text)\"") }
        return value
    }

    static func bool(_ name: String) throws -> Bool? {
        guard let text = string(name)?.lowercased() else { return nil }
        switch text {
        case "1", "true", "yes", "on": return true
        case "0", "false", "no", "off": return false
        default: throw ValidationError("\(name) must be true or false, not \"\(text)\"")
        }
    }
}

/// A failure to report as one line.
struct CommandFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
