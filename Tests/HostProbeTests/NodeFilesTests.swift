import Foundation
import HostProbe
import Testing

@Suite("What the wizard reads from the node's files")
struct NodeFilesTests {
    /// A node's `/` in a temporary folder with `files` (path → text).
    static func node(_ files: [String: String]) throws -> URL {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("lxcbuild-nodefiles-\(UUID().uuidString.prefix(8))")
        for (path, text) in files {
            let file = root.appendingPathComponent(String(path.dropFirst()))
            try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: file, atomically: true, encoding: .utf8)
        }
        return root
    }

    @Test("bridges: interfaces, then interfaces.d in name order (hidden files skipped, a repeated bridge once), then SDN vnets")
    func bridges() throws {
        let root = try Self.node([
            "/etc/network/interfaces": "auto vmbr0\niface vmbr0 inet static\n\tbridge-ports eno1\n",
            "/etc/network/interfaces.d/20-lab": "iface vmbr2 inet manual\n\tbridge-ports none\n",
            "/etc/network/interfaces.d/10-dmz": "iface vmbr1 inet manual\n\tbridge-ports none\niface vmbr0 inet manual\n\tbridge-ports none\n",
            "/etc/network/interfaces.d/.hidden": "iface vmbr9 inet manual\n\tbridge-ports none\n",
            "/etc/pve/sdn/vnets.cfg": "vnet: iot\n\tzone lab\n",
        ])
        defer { try? FileManager.default.removeItem(at: root) }
        let (bridges, readable) = Bridge.declared(in: try RootedFileSystem(root: root))
        #expect(readable)
        #expect(bridges.map(\.menuName) == ["vmbr0", "vmbr1", "vmbr2", "sdn:iot"])
        #expect(bridges.first?.source == "/etc/network/interfaces")
    }

    @Test("no interfaces file: no bridges, said as unreadable")
    func noInterfaces() throws {
        let root = try Self.node(["/etc/hostname": "pve1\n"])
        defer { try? FileManager.default.removeItem(at: root) }
        let (bridges, readable) = Bridge.declared(in: try RootedFileSystem(root: root))
        #expect(bridges.isEmpty && !readable)
    }

    @Test("local CA certificates: the .crt files only, sorted")
    func certificates() throws {
        let root = try Self.node([
            "/usr/local/share/ca-certificates/b-lab.crt": "x", "/usr/local/share/ca-certificates/a-home.crt": "x",
            "/usr/local/share/ca-certificates/README": "x",
        ])
        defer { try? FileManager.default.removeItem(at: root) }
        #expect(LocalCACertificates.files(in: try RootedFileSystem(root: root)) == ["a-home.crt", "b-lab.crt"])
    }
}
