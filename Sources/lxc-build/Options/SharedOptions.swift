import ArgumentParser

/// `--json`, the same in every command that has a report: one JSON document instead of text.
struct JSONOption: ParsableArguments {
    @Flag(help: "Print one JSON document (the command's report) instead of text: null for a missing value, secrets masked; a failure is a document too.")
    var json = false
}

/// `-y`/`--yes`, the same in every command that asks: no question is asked.
struct AssumeYesOption: ParsableArguments {
    @Flag(name: [.customShort("y"), .customLong("yes")],
          help: "Ask nothing: go ahead as if answered yes, and decide by the documented rules where a question has choices.")
    var yes = false
}

/// `--log FILE`, the same in `create` and `apply`: the run's log kept in a file the caller names.
struct LogFileOption: ParsableArguments {
    @Option(name: .customLong("log"), help: ArgumentHelp(
        "Write the run's log to FILE and keep it; FILE is new, or a file of yours that only you can write (default: a log in $XDG_STATE_HOME/lxc-build/logs, /var/log/lxc-build as root, kept only when the run fails).",
        valueName: "FILE"))
    var logFile: String?
}
