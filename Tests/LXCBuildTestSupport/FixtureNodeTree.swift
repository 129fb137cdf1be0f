public import Foundation

/// A HostProbe fixture host (`Tests/HostProbeTests/Fixtures/hosts/<name>`) made real in a temporary folder, so the
/// node snapshot program can read it as a node's `/`: its files copied, the links of `_probe/links` made as real
/// symbolic links, the device nodes of `_probe/devices` made with `mknod` (root only), and its recorded commands
/// (plus `hostname`) served by stub programs in ``bin``.
public struct FixtureNodeTree: Sendable {
    /// The folder standing for the node's `/` (the snapshot program's third argument).
    public let root: String
    /// The folder of stub commands: the only `PATH` the snapshot program gets.
    public let bin: String
    private let folder: String

    /// `true` when this process may make device nodes (root).
    public static var isAvailable: Bool { getuid() == 0 && FileManager.default.isExecutableFile(atPath: "/usr/bin/perl") }

    /// The fixture host `name` in the source tree.
    public static func fixture(_ name: String, file: String = #filePath) -> URL {
        URL(fileURLWithPath: file).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("HostProbeTests/Fixtures/hosts").appendingPathComponent(name)
    }

    /// Makes the tree of fixture `name`; `hostname` prints `hostname`, and `/etc/pve/nodes` lists `clusterNodes`.
    public static func make(_ name: String, hostname: String = "pve1", clusterNodes: [String] = ["pve1"]) throws -> FixtureNodeTree {
        let manager = FileManager.default
        let folder = NSTemporaryDirectory() + "lxcbuild-node-\(name)-\(UUID().uuidString.prefix(8))"
        let root = folder + "/root"
        let bin = folder + "/bin"
        try manager.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try manager.copyItem(atPath: fixture(name).path, toPath: root)
        try manager.createDirectory(atPath: bin, withIntermediateDirectories: true)
        let tree = FixtureNodeTree(root: root, bin: bin, folder: folder)
        do {
            try tree.populate(hostname: hostname, clusterNodes: clusterNodes)
        } catch {
            tree.remove()
            throw error
        }
        return tree
    }

    private func populate(hostname: String, clusterNodes: [String]) throws {
        let manager = FileManager.default
        func sidecar(_ file: String) -> [String] {
            let text = (try? String(contentsOfFile: "\(root)/_probe/\(file)", encoding: .utf8)) ?? ""
            return text.split(separator: "\n").map { String($0.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)[0]) }
                .filter { !$0.allSatisfy(\.isWhitespace) }
        }
        func parent(_ path: String) throws {
            try manager.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        }
        for line in sidecar("links") {
            let parts = line.components(separatedBy: " -> ")
            let path = root + parts[0].trimmingCharacters(in: .whitespaces)
            try parent(path)
            try manager.createSymbolicLink(atPath: path, withDestinationPath: parts[1].trimmingCharacters(in: .whitespaces))
        }
        for line in sidecar("devices") {
            let fields = line.split(whereSeparator: \.isWhitespace).map(String.init)
            let numbers = fields[1].split(separator: ":").map(String.init)
            let path = root + fields[2]
            try parent(path)
            _ = try LXCContainerFixture.run(["mknod", path, fields[0], numbers[0], numbers[1]])
        }
        for node in clusterNodes {
            try manager.createDirectory(atPath: "\(root)/etc/pve/nodes/\(node)", withIntermediateDirectories: true)
        }
        let recordings = "\(root)/_probe/commands"
        let names = (try? manager.contentsOfDirectory(atPath: recordings)) ?? []
        let programs = Set(names.filter { !$0.hasSuffix(".missing") }.compactMap { $0.split(separator: " ").first.map(String.init) }
            .map { ($0 as NSString).deletingPathExtension })
        let stub = """
            #!/bin/sh
            PATH=/usr/bin:/bin
            d='\(recordings)'
            k="$(basename "$0")${1:+ $*}"
            [ -f "$d/$k.hang" ] && exec sleep 600
            [ -f "$d/$k.out" ] || { echo "no recording of $k" >&2; exit 127; }
            cat "$d/$k.out"
            [ -f "$d/$k.err" ] && cat "$d/$k.err" >&2
            [ -f "$d/$k.exit" ] && exit "$(cat "$d/$k.exit")"
            exit 0

            """
        for program in programs { try write(stub, to: "\(bin)/\(program)") }
        try write("#!/bin/sh\necho '\(hostname)'\n", to: "\(bin)/hostname")
    }

    private func write(_ text: String, to path: String) throws {
        try ExecutableFile.write(text, to: path)
    }

    /// Removes the tree.
    public func remove() {
        try? FileManager.default.removeItem(atPath: folder)
    }
}
