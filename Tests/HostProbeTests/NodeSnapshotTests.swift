import Foundation
import HostProbe
import LXCBuildTestSupport
import Testing

/// Runs the snapshot program locally, as a node shell would, against a fixture tree made real.
private func takeSnapshot(_ tree: FixtureNodeTree, scope: NodeSnapshot.Scope = .probe) throws -> (NodeSnapshot, Data) {
    let request = NodeSnapshot.Request(scope: scope, commandTimeoutSeconds: 30)
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/perl")
    process.arguments = Array(request.arguments.dropFirst()) + [tree.root]
    process.environment = ["PATH": tree.bin, "LANG": "C"]
    let input = Pipe()
    let output = Pipe()
    process.standardInput = input
    process.standardOutput = output
    try process.run()
    input.fileHandleForWriting.write(Data(request.programText.utf8))
    try input.fileHandleForWriting.close()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    #expect(process.terminationStatus == 0)
    return (try NodeSnapshot(parsing: data), data)
}

@Suite("Node snapshot: the probe over one remote command", .enabled(if: FixtureNodeTree.isAvailable))
struct NodeSnapshotTests {
    static let hosts = [
        "no-gpu", "intel-igpu", "amd-dgpu", "nvidia-loaded", "nvidia-no-driver", "intel-nvidia", "renumbered", "coral",
        "usb-serial", "pve-7.4", "not-pve",
    ]

    @Test("the report from a snapshot equals the report read from the tree itself", arguments: hosts)
    func sameReport(host: String) async throws {
        let tree = try FixtureNodeTree.make(host)
        defer { tree.remove() }
        let (snapshot, data) = try takeSnapshot(tree)
        let direct = await HostProber(context: try .rooted(at: URL(fileURLWithPath: tree.root), commandTimeout: .seconds(10))).report()
        let remote = await HostProber(context: snapshot.context).report()
        #expect(remote == direct)
        #expect(data.count < 64 * 1024, "the snapshot stays small: \(data.count) bytes")
        #expect(snapshot.hostname == "pve1")
        #expect(snapshot.clusterNodeFolders == ["pve1"])
    }

    @Test("a check snapshot holds the node facts only: hostname, /etc/pve/nodes, /dev/apex_0")
    func checkScope() throws {
        let tree = try FixtureNodeTree.make("coral", hostname: "pve2.example.com", clusterNodes: ["pve1", "pve2"])
        defer { tree.remove() }
        let (snapshot, _) = try takeSnapshot(tree, scope: .check)
        #expect(snapshot.hostname == "pve2")
        #expect(snapshot.clusterNodeFolders == ["pve1", "pve2"])
        #expect(SnapshotFileSystem(snapshot).exists(at: "/dev/apex_0"))
        #expect(snapshot.files.isEmpty)
        #expect(Set(snapshot.commands.keys) == [["hostname"]])
    }

    @Test("no private key is read: of /root/.ssh only the listing and public key files")
    func noPrivateKeys() throws {
        let tree = try FixtureNodeTree.make("no-gpu")
        defer { tree.remove() }
        try FileManager.default.createDirectory(atPath: tree.root + "/root/.ssh", withIntermediateDirectories: true)
        try "PRIVATE-KEY-MATERIAL".write(toFile: tree.root + "/root/.ssh/id_ed25519", atomically: true, encoding: .utf8)
        try "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl me@host\n"
            .write(toFile: tree.root + "/root/.ssh/id_ed25519.pub", atomically: true, encoding: .utf8)
        let (snapshot, data) = try takeSnapshot(tree)
        #expect(!String(decoding: data, as: UTF8.self).contains("PRIVATE-KEY-MATERIAL"))
        #expect(snapshot.folders["/root/.ssh"]?.contains("id_ed25519") == true)
        #expect(snapshot.files["/root/.ssh/id_ed25519"] == nil)
        #expect(snapshot.files["/root/.ssh/id_ed25519.pub"] != nil)
    }
}

@Suite("Node snapshot: hostile answers are refused")
struct NodeSnapshotParsingTests {
    static func framed(_ records: [(String, String, String)], end: Bool = true) -> Data {
        var text = "lxc-build node snapshot 1\n"
        for (kind, path, data) in records { text += "\(kind) \(path.utf8.count) \(data.utf8.count)\n\(path)\(data)\n" }
        if end { text += "Z 0 0\n\n" }
        return Data(text.utf8)
    }

    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        let data: Data
        let message: String
        var testDescription: String { name }
    }

    static let cases = [
        Case(name: "no header", data: Data("bash: perl: command not found\n".utf8), message: "header"),
        Case(name: "cut off", data: framed([("F", "/etc/timezone", "Europe/Berlin\n")], end: false), message: "no header line"),
        Case(name: "relative path", data: framed([("F", "etc/timezone", "x")]), message: "absolute"),
        Case(name: "dot-dot path", data: framed([("F", "/etc/../root/x", "x")]), message: "absolute"),
        Case(name: "name with a slash", data: framed([("D", "/dev", "tty0\u{0}../etc")]), message: "not a file name"),
        Case(name: "length past the end", data: Data("lxc-build node snapshot 1\nF 5 99\n/etc/x\n".utf8), message: "cut off"),
        Case(name: "oversized record", data: Data("lxc-build node snapshot 1\nF 4 999999999\n/etcx\n".utf8), message: "malformed"),
        Case(name: "unknown kind", data: framed([("Q", "/etc", "")]), message: "unknown kind"),
        Case(name: "bad device", data: framed([("C", "/dev/x", "226")]), message: "major:minor"),
        Case(name: "bad status", data: framed([("X", "hostname", "zero\nx")]), message: "status"),
    ]

    @Test("malformed snapshots are refused with a message", arguments: cases)
    func refused(_ testCase: Case) {
        do {
            _ = try NodeSnapshot(parsing: testCase.data)
            Issue.record("accepted: \(testCase.name)")
        } catch {
            #expect(error.code == .invalidFixture)
            #expect(error.message.contains(testCase.message), "\(error.message)")
        }
    }

    @Test("links are resolved inside the snapshot; commands replay; an escape-laden host name is not a host name")
    func answers() async throws {
        let data = Self.framed([
            ("L", "/sys/class/drm/card0", "../../devices/pci0000:00/0000:00:02.0/drm/card0"),
            ("F", "/sys/devices/pci0000:00/0000:00:02.0/drm/card0/uevent", "MAJOR=226\n"),
            ("C", "/dev/dri/card0", "226:0"),
            ("X", "lspci\u{0}-nn", "1 3\nout\u{1b}[31merr"),
            ("M", "pvecm\u{0}status", ""),
            ("X", "hostname", "0 12\npve\u{1b}[2Jnode\n"),
        ])
        let snapshot = try NodeSnapshot(parsing: data)
        let fileSystem = SnapshotFileSystem(snapshot)
        #expect(fileSystem.text(at: "/sys/class/drm/card0/uevent") == "MAJOR=226\n")
        #expect(fileSystem.deviceNumber(at: "/dev/dri/card0") == DeviceNumber(kind: .character, major: 226, minor: 0))
        #expect(fileSystem.exists(at: "/dev/dri/card0") && !fileSystem.exists(at: "/dev/dri/card1"))
        let lspci = try await SnapshotCommandRunner(snapshot).run(["lspci", "-nn"], timeout: .seconds(1))
        #expect(lspci.exitStatus == .exited(1) && lspci.stdout == "out" && lspci.stderr == "\u{1b}[31merr")
        await #expect(throws: ProbeError.self) { try await SnapshotCommandRunner(snapshot).run(["pvecm", "status"], timeout: .seconds(1)) }
        #expect(snapshot.hostname == nil)
    }
}
