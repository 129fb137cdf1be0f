extension BuildError {
    /// A value from outside (a flag, the environment) as a message shows it: in quotes, control characters escaped.
    public static func quoted(_ value: String) -> String {
        "'" + value.unicodeScalars.map { $0.properties.generalCategory == .control ? $0.escaped(asASCII: true) : String($0) }.joined() + "'"
    }
}
