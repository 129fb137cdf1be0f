public import Foundation

/// Renders an app defaults file (`defaults/<app>.vars`) in build.func's layout (its header, then its key order).
///
/// Unlike build.func, values are quoted when needed instead of blanked, so tags such as
/// `community-script;media` survive, and secrets are kept (the file is then written with mode 0600).
public enum AppDefaultsWriter {
    /// Keys build.func always writes, first, in this order.
    public static let alwaysWritten: [ConfigKey] = [.os, .version, .unprivileged, .cpu, .ram, .disk]

    /// Keys written after those when set, in build.func's order, followed by the two secrets.
    public static let writtenWhenSet: [ConfigKey] = [
        .bridge, .net, .gateway, .mtu, .vlan, .mac, .nameserver, .ipv6Method, .ssh, .sshAuthorizedKey, .aptCacher,
        .aptCacherIP, .httpProxy, .httpNoProxy, .inheritHostCA, .fuse, .tun, .gpu, .nesting, .keyctl, .mknod,
        .mountFS, .protection, .timezone, .tags, .verbose, .hostname, .searchDomain, .sdnVnet, .templateStorage,
        .containerStorage, .postInstall, .password, .githubToken,
    ]

    /// The settings to save, in file order, as canonical text (never masked): what the user chose for the app,
    /// that is the values from the command line (the wizard's answers included), the environment and the app's
    /// defaults file. Derived values (`var_keyctl` from `var_unprivileged`, the host name from the app), the
    /// built-ins, the app's own recommendations and the global `default.vars` (which every mode that reads the
    /// app's file reads too) are left out, so they keep following their rule instead of being frozen in the file.
    public static func entries(of configuration: ResolvedConfiguration) -> [(key: ConfigKey, text: String)] {
        (alwaysWritten + writtenWhenSet).compactMap { key in
            guard isChosen(configuration[key].source), let text = configuration.text(key) else { return nil }
            return (key, text)
        }
    }

    /// Whether a value from `source` is the user's choice for the app (see ``entries(of:)``).
    static func isChosen(_ source: SettingSource) -> Bool {
        source.layer >= .appFile
    }

    /// The permissions the file needs: 0600 when it holds a secret, 0644 otherwise.
    public static func permissions(for entries: [(key: ConfigKey, text: String)]) -> UInt16 {
        entries.contains { $0.key.isSecret && !$0.text.isEmpty } ? 0o600 : 0o644
    }

    /// The file's text: build.func's two header lines, then one `key=value` line per entry.
    public static func render(_ entries: [(key: ConfigKey, text: String)], app: AppProfile,
                              generatedAt date: Date) -> String {
        var lines = ["# App-specific defaults for \(app.name) (\(app.identifier))",
                     "# Generated on \(date.formatted(.iso8601))"]
        lines += entries.map { "\($0.key.variableName)=\(quoted($0.text))" }
        return lines.joined(separator: "\n") + "\n"
    }

    /// `text` as a `.vars` value: bare when it holds only characters no reader treats specially, otherwise in
    /// double quotes (single quotes when it contains a double quote and no single quote).
    static func quoted(_ text: String) -> String {
        let isPlain = !text.isEmpty
            && text.allSatisfy { $0.isASCIIAlphanumeric || "._:/,+@=-".contains($0) }
        if isPlain { return text }
        return text.contains("\"") && !text.contains("'") ? "'\(text)'" : "\"\(text)\""
    }
}
