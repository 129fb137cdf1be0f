/// A typed value stored as a property string (`netN`, `rootfs`, `mpN`, `devN`, `features`).
public protocol PropertyStringConvertible: Sendable, Hashable {
    /// The key PVE accepts without `key=` (`volume`, `path`), if any.
    static var defaultKey: String? { get }
    /// Reads the typed value; unknown keys are kept.
    init(propertyString: PropertyString) throws(ProxmoxError)
    /// The pairs to send, known keys first, then the unknown ones kept from parsing.
    var propertyString: PropertyString { get }
}

extension PropertyStringConvertible {
    /// Parses the text form.
    public init(parsing text: String) throws(ProxmoxError) {
        try self.init(propertyString: try PropertyString(parsing: text, defaultKey: Self.defaultKey))
    }

    /// The text form, validated against injection.
    public func encoded() throws(ProxmoxError) -> String {
        try propertyString.encoded(defaultKey: Self.defaultKey)
    }

    static func require(_ key: String, in string: PropertyString, of kind: String) throws(ProxmoxError) -> String {
        guard let value = string[key] else {
            throw ProxmoxError(.invalidArgument, message: "\(kind) '\(string)' has no '\(key)'")
        }
        return value
    }
}
