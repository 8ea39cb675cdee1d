import ArgumentParser
import Circles
import Foundation

/// The options every command that opens the database shares; each is an `AppConfiguration` setting.
struct DatabaseOptions: ParsableArguments {
    @Option(name: .setting(.database), help: .setting(.database))
    var database: String?

    @Option(name: .setting(.migrations), help: .setting(.migrations))
    var migrations: String?

    @Option(name: .setting(.secretKeyFile), help: .setting(.secretKeyFile))
    var secretKeyFile: String?

    static let settings: [ConfigurationSetting] = [.database, .migrations, .secretKeyFile, .secretKey]

    /// Puts the options given over `configuration`.
    func overlay(on configuration: inout AppConfiguration) {
        if let database { configuration.databasePath = database }
        if let migrations { configuration.migrationsDirectory = migrations }
        if let secretKeyFile { configuration.secretKeyFile = secretKeyFile }
    }

    /// The database's settings (and `extra` ones) from the environment, overlaid with these options.
    func configuration(
        reading extra: [ConfigurationSetting] = [],
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws -> AppConfiguration {
        var configuration = try AppConfiguration(environment: environment, reading: Self.settings + extra)
        overlay(on: &configuration)
        return configuration
    }
}

extension NameSpecification {
    /// The long option of a setting (`--port`).
    static func setting(_ setting: ConfigurationSetting) -> NameSpecification {
        .customLong(setting.option ?? setting.variable)
    }
}

extension ArgumentHelp {
    /// A setting's help: its summary, its variable and its default.
    static func setting(_ setting: ConfigurationSetting) -> ArgumentHelp {
        switch setting.form {
        case .value(let name): ArgumentHelp(setting.help, valueName: name)
        case .flag: ArgumentHelp(setting.help)
        }
    }
}

/// A failure to report as one line.
struct CommandFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
