import ArgumentParser
import ConfigResolution

extension LXCBuild {
    /// Other tools' names for lxc-build's commands (`rm`, `ls`...), suggested when typed as a command.
    static let commandSynonyms: [String: String] = [
        "rm": "destroy", "remove": "destroy", "delete": "destroy", "del": "destroy",
        "ls": "list", "ps": "list", "new": "create", "add": "create", "show": "inspect", "info": "inspect",
    ]

    /// `unknown command 'crate'; did you mean create?` when the first argument is no option and no command (the
    /// parser says only "Unexpected argument"); `nil` otherwise.
    static func unknownCommand(in arguments: [String]) -> String? {
        guard let first = arguments.first, !first.hasPrefix("-") else { return nil }
        let names = configuration.subcommands.map { $0.configuration.commandName ?? "" } + ["help"]
        guard !names.contains(first) else { return nil }
        let meant = commandSynonyms[first.lowercased()] ?? Spelling.nearest(to: first, among: names)
        return "unknown command '\(first)'" + (meant.map { "; did you mean \($0)?" } ?? "; commands: " + names.joined(separator: ", "))
    }

    /// The parser's report of a usage error as lxc-build words its own errors: `error:` first (not the parser's
    /// `Error:`), the nearest command for an unknown one, then the parser's usage lines.
    static func usageReport(for error: any Error, arguments: [String]) -> String {
        let text = fullMessage(for: error)
        if let unknown = unknownCommand(in: arguments) {
            return "error: \(unknown)\nUsage: lxc-build <subcommand>\n  See 'lxc-build --help' for more information."
        }
        return text.hasPrefix("Error: ") ? "error: " + text.dropFirst("Error: ".count) : text
    }
}
