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

    /// The settings to save, in file order, as canonical text (never masked).
    public static func entries(of configuration: ResolvedConfiguration) -> [(key: ConfigKey, text: String)] {
        alwaysWritten.map { ($0, configuration.text($0) ?? "") }
            + writtenWhenSet.compactMap { key in configuration.text(key).map { (key, $0) } }
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
