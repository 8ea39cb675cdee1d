import ArgumentParser
import Circles
import Foundation
import Logging

/// `circles`: the command line of Circles.
public struct CirclesCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "circles",
        abstract: "Circles: a directory and referral service for peer support groups.",
        discussion: """
            Every option can also be set by an environment variable, named in its help.
            Options given on the command line win over the environment.
            """,
        subcommands: [
            ServeCommand.self, RoutesCommand.self, MigrateCommand.self, DemoCommand.self, KeyCommand.self, UserCommand.self, PurgeCommand.self,
            BackupCommand.self, RestoreCommand.self, ImportCommand.self, ExportCommand.self,
        ]
    )

    public init() {}

    /// Runs the command; errors become one line on standard error and a non-zero exit (64 for a
    /// setting that cannot be used, as for a bad option). Logs go to standard error as JSON lines.
    public static func main() {
        LoggingSystem.bootstrap { JSONLogHandler.standardError(label: $0) }
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            let code = error is ConfigurationError ? ExitCode.validationFailure : exitCode(for: error)
            if code == .success {
                print(fullMessage(for: error))
                Foundation.exit(0)
            }
            let message = message(for: error).split(separator: "\n").first.map(String.init) ?? "\(error)"
            FileHandle.standardError.write(Data("circles: \(message.replacingOccurrences(of: "Error: ", with: ""))\n".utf8))
            Foundation.exit(code.rawValue == 0 ? 1 : code.rawValue)
        }
    }
}
