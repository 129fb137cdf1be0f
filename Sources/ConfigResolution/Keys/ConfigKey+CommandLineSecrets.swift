extension ConfigKey {
    /// The `--set NAME=VALUE` assignments of secret settings (``isSecret``: `--set pw=...`), in order: each is visible
    /// to every user of the machine in the process list (``processListWarning(for:)``).
    /// - Parameter settings: The `--set` assignments as given.
    public static func secretAssignments(in settings: [String]) -> [(key: String, value: String)] {
        settings.compactMap { assignment in
            let parts = assignment.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts.count == 2, ConfigKey(commandLineName: String(parts[0]))?.isSecret == true else { return nil }
            return (String(parts[0]), String(parts[1]))
        }
    }

    /// The values of `--set` assignments a log masks: the secret settings' (``secretAssignments(in:)``) and those of
    /// app-specific keys whose names look secret (``looksSecret(_:)``: `--set runner_token=...`).
    /// - Parameter settings: The `--set` assignments as given.
    public static func secretValues(in settings: [String]) -> [String] {
        var values = secretAssignments(in: settings).map(\.value)
        for assignment in settings {
            let parts = assignment.split(separator: "=", maxSplits: 1)
            let variable = parts.first.map { $0.hasPrefix("var_") ? String($0) : "var_" + $0 } ?? ""
            if parts.count == 2, isAppSpecificName(variable) && looksSecret(variable) {
                values.append(String(parts[1]))
            }
        }
        return values
    }

    /// The warning for a secret setting given with `--set`.
    /// - Parameter key: The name as given (`pw`).
    public static func processListWarning(for key: String) -> String {
        "\(key) given with --set is visible to every user of this machine in the process list; "
            + "prefer the environment variable or a defaults file with mode 0600"
    }
}
