/// POSIX shell quoting for command lines that a shell will read again (the remote side of `ssh`).
public enum ShellQuoting {
    /// `text` as one shell word: single-quoted, embedded single quotes as `'\''`. Safe for any bytes but NUL.
    public static func quote(_ text: String) -> String {
        if !text.isEmpty, text.utf8.allSatisfy({ plain.contains($0) }) { return text }
        return "'" + text.replacingOccurrences(of: "'", with: #"'\''"#) + "'"
    }

    /// `arguments` as one command line whose words are exactly `arguments`.
    /// - Throws: ``NodeShellError`` for an argument holding a NUL byte, which no argument vector can carry.
    public static func commandLine(_ arguments: [String]) throws(NodeShellError) -> String {
        for argument in arguments where argument.utf8.contains(0) {
            throw NodeShellError(.invalidArgument, "an argument holds a NUL byte, which a command line cannot carry")
        }
        return arguments.map(quote).joined(separator: " ")
    }

    /// `true` for a name a shell accepts as a variable (`[A-Za-z_][A-Za-z0-9_]*`).
    public static func isVariableName(_ name: String) -> Bool {
        guard let first = name.utf8.first, !(UInt8(ascii: "0")...UInt8(ascii: "9")).contains(first) else { return false }
        return name.utf8.allSatisfy { identifier.contains($0) }
    }

    /// `export NAME='value'` lines that recreate `environment` in a POSIX shell, sorted by name.
    public static func exports(_ environment: [String: String]) throws(NodeShellError) -> String {
        var text = ""
        for (name, value) in environment.sorted(by: { $0.key < $1.key }) {
            guard isVariableName(name) else { throw NodeShellError(.invalidArgument, "'\(name)' is not a valid variable name") }
            guard !value.utf8.contains(0) else { throw NodeShellError(.invalidArgument, "the value of \(name) holds a NUL byte") }
            text += "export \(name)=\(quote(value))\n"
        }
        return text
    }

    private static let identifier: Set<UInt8> = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_".utf8)
    private static let plain: Set<UInt8> = identifier.union("-./:,+@%".utf8)
}
