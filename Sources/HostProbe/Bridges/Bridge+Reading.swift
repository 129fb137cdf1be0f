extension Bridge {
    /// The node's bridges as its files declare them: `/etc/network/interfaces`, then `interfaces.d/*` (hidden files
    /// skipped; a bridge declared twice counted once), then the SDN vnets of `/etc/pve/sdn/vnets.cfg`.
    /// - Parameter fileSystem: the node's files (``LocalFileSystem`` on the node itself).
    /// - Returns: the bridges, and whether `/etc/network/interfaces` could be read at all.
    public static func declared(in fileSystem: any FileSystem) -> (bridges: [Bridge], interfacesReadable: Bool) {
        let main = "/etc/network/interfaces"
        let extra = (fileSystem.directoryEntries(at: "/etc/network/interfaces.d") ?? [])
            .filter { !$0.hasPrefix(".") }
            .sorted()
            .map { "/etc/network/interfaces.d/\($0)" }
        var bridges: [Bridge] = []
        for file in [main] + extra {
            guard let text = fileSystem.text(at: file) else { continue }
            for bridge in BridgeParser.parse(text, source: file) where !bridges.contains(where: { $0.name == bridge.name }) {
                bridges.append(bridge)
            }
        }
        let vnetFile = "/etc/pve/sdn/vnets.cfg"
        bridges += fileSystem.text(at: vnetFile).map { VNetParser.parse($0, source: vnetFile) } ?? []
        return (bridges, fileSystem.text(at: main) != nil)
    }
}

/// The CA certificates an admin added to the node (`/usr/local/share/ca-certificates/*.crt`, what
/// `update-ca-certificates` installs and build.func offers to copy into a container).
public enum LocalCACertificates {
    /// The folder `update-ca-certificates` takes local certificates from.
    public static let folder = "/usr/local/share/ca-certificates"

    /// The `.crt` files in ``folder``, sorted.
    /// - Parameter fileSystem: the node's files.
    public static func files(in fileSystem: any FileSystem) -> [String] {
        (fileSystem.directoryEntries(at: folder) ?? []).filter { $0.hasSuffix(".crt") }.sorted()
    }
}
