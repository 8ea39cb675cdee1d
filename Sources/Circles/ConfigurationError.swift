/// A setting that cannot be used, with a message that names it (its option and its variable).
public struct ConfigurationError: Error, CustomStringConvertible, Equatable {
    public var description: String

    public init(_ description: String) {
        self.description = description
    }
}
