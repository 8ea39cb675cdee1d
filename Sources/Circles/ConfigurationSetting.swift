import Foundation

/// One thing an operator can set: its `circles serve` option, its environment variable, what help
/// says of it, how its text is read, how its value is shown and what values it accepts.
///
/// `AppConfiguration.settings` lists them all; `--help` and the command's options are made from
/// the list, and a test compares README's table with it. The default shown is the value of a new
/// `AppConfiguration()`, so the code, `--help` and README cannot disagree.
public struct ConfigurationSetting: Sendable {
    /// How the option is given.
    public enum Form: Sendable, Equatable {
        /// `--port <port>`: the option takes a value; the name shown for it.
        case value(String)
        /// `--demo`: a switch; the variable's value that means the same (`CIRCLES_DEMO=1`).
        case flag(variableValue: String)
    }

    /// The option of `circles serve` without its dashes; nil for a setting read from the environment only.
    public let option: String?
    public let variable: String
    public let form: Form
    /// What the setting is for, in a sentence or two.
    public let summary: String
    private let read: @Sendable (inout AppConfiguration, String) throws -> Void
    private let show: @Sendable (AppConfiguration) -> String?
    private let check: @Sendable (inout AppConfiguration) throws -> Void

    init(
        option: String?, variable: String, form: Form, summary: String,
        read: @escaping @Sendable (inout AppConfiguration, String) throws -> Void,
        show: @escaping @Sendable (AppConfiguration) -> String?,
        check: @escaping @Sendable (inout AppConfiguration) throws -> Void = { _ in }
    ) {
        self.option = option
        self.variable = variable
        self.form = form
        self.summary = summary
        self.read = read
        self.show = show
        self.check = check
    }

    /// How messages name it: `--port (CIRCLES_PORT)`, or the variable alone.
    public var name: String {
        option.map { "--\($0) (\(variable))" } ?? variable
    }

    /// The value of a new `AppConfiguration` as help and README show it (`8080`, `off`); nil: none.
    public var defaultValue: String? { show(AppConfiguration()) }

    /// The value in `configuration`, shown the same way.
    public func shown(in configuration: AppConfiguration) -> String? { show(configuration) }

    /// The option's help: the summary, then where else it is read from and its default. For a
    /// setting read from the environment only: the variable, the summary and the default.
    public var help: String {
        guard option != nil else {
            return "\(variable): \(summary)" + (defaultValue.map { " (default: \($0))" } ?? "")
        }
        switch form {
        case .value:
            return summary + " (env: \(variable)" + (defaultValue.map { ", default: \($0)" } ?? "") + ")"
        case .flag(let value):
            return summary + " (env: \(variable)=\(value))"
        }
    }

    /// Reads the variable's text (not empty) into `configuration`.
    public func read(_ text: String, into configuration: inout AppConfiguration) throws {
        try read(&configuration, text)
    }

    /// Refuses a value out of range, or normalizes it (origins, addresses).
    func check(_ configuration: inout AppConfiguration) throws {
        try check(&configuration)
    }

    func invalid(_ problem: String) -> ConfigurationError {
        ConfigurationError("\(name) \(problem)")
    }

    // MARK: - Kinds of settings

    static func text(
        _ option: String?, _ variable: String, value: String, _ summary: String,
        get: @escaping @Sendable (AppConfiguration) -> String?,
        set: @escaping @Sendable (inout AppConfiguration, String) -> Void,
        check: @escaping @Sendable (inout AppConfiguration) throws -> Void = { _ in }
    ) -> ConfigurationSetting {
        ConfigurationSetting(
            option: option, variable: variable, form: .value(value), summary: summary,
            read: { set(&$0, $1) }, show: get, check: check)
    }

    static func integer(
        _ option: String, _ variable: String, value: String, _ summary: String, range: ClosedRange<Int>,
        get: @escaping @Sendable (AppConfiguration) -> Int?,
        set: @escaping @Sendable (inout AppConfiguration, Int) -> Void
    ) -> ConfigurationSetting {
        let name = "--\(option) (\(variable))"
        return ConfigurationSetting(
            option: option, variable: variable, form: .value(value), summary: summary,
            read: { configuration, text in
                guard let number = Int(text) else { throw ConfigurationError("\(name) must be a whole number, not \"\(text)\"") }
                set(&configuration, number)
            },
            show: { get($0).map(String.init) },
            check: { configuration in
                guard let number = get(configuration), !range.contains(number) else { return }
                let limits = range.upperBound == Int.max ? "at least \(range.lowerBound)" : "between \(range.lowerBound) and \(range.upperBound)"
                throw ConfigurationError("\(name) must be \(limits), not \(number)")
            })
    }

    static func flag(
        _ option: String, _ variable: String, means variableValue: String, _ summary: String,
        get: @escaping @Sendable (AppConfiguration) -> Bool,
        set: @escaping @Sendable (inout AppConfiguration, Bool) -> Void
    ) -> ConfigurationSetting {
        let name = "--\(option) (\(variable))"
        return ConfigurationSetting(
            option: option, variable: variable, form: .flag(variableValue: variableValue), summary: summary,
            read: { configuration, text in
                switch text.lowercased() {
                case "1", "true", "yes", "on": set(&configuration, true)
                case "0", "false", "no", "off": set(&configuration, false)
                default: throw ConfigurationError("\(name) must be true or false (1/true/yes/on or 0/false/no/off), not \"\(text)\"")
                }
            },
            show: { get($0) ? "on" : "off" })
    }
}
