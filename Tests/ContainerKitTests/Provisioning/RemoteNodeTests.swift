import ContainerKitTestSupport
import Foundation
import HostProbe
import LXCBuildTestSupport
import ProxmoxAPI
import Testing
@testable import ContainerKit

@Suite(
    "From a workstation: the node read through an ssh node shell, checked before any write", .serialized,
    .enabled(if: LXCContainerFixture.isAvailable && SSHServerFixture.isAvailable && FixtureNodeTree.isAvailable))
struct RemoteNodeTests {
    @Test("a GPU app planned and created on pve2 of three nodes: the fixture GPU's nodes in its config, one ssh round trip")
    func gpuFromWorkstation() async throws {
        let tree = try FixtureNodeTree.make("intel-igpu", hostname: "pve2", clusterNodes: ["pve1", "pve2", "pve3"])
        defer { tree.remove() }
        try await withSSHServer { server in
            try await withLXCContainer(bash: true) { container in
                try container.attach(#"""
                    echo 'video:x:91:' >> /etc/group && echo 'render:x:105:' >> /etc/group
                    mkdir -p /dev/dri && mknod /dev/dri/renderD128 c 226 128 && mknod /dev/dri/card0 c 226 0
                    """#)
                try await withFakePVE(extraNodes: ["pve2", "pve3"]) { pve in
                    try pve.storeDebianTemplate()
                    var provisioning = localProvisioning(catalog: nil, logDirectory: try temporaryFolder())
                    provisioning.shell = FixtureNodeShell(inner: sshShell(server), tree: tree)
                    var options = ContainerBuilder.Options()
                    options.provisioning = provisioning
                    options.node = .named("pve2")
                    var spec = provisionSpec(container)
                    spec.gpu = true
                    let builder = try pve.builder(options)
                    let plan = try await builder.plan(spec)
                    #expect(plan.node == "pve2")
                    let planned = Set(plan.createRequest.options.devices.values.map(\.path))
                    #expect(planned == ["/dev/dri/renderD128", "/dev/dri/card0"])
                    #expect(plan.actions.contains { $0.kind == .configureDevices })
                    #expect(await builder.nodeInspection?.roundTrips == 1, "the probe and the node check share one connection")
                    #expect(plan.nodeShellCheck?.hasPrefix("ssh root@127.0.0.1:\(server.port) reaches pve2: the node's devices read") == true,
                            "\(plan.nodeShellCheck ?? "no check")")
                    #expect(try pve.writes().isEmpty, "planning writes nothing")

                    let result = try await builder.execute(plan)
                    let config = try await pve.passwordClient().node("pve2").container(result.ctid).config()
                    #expect(Set(config.options.devices.values.map(\.path)) == planned)
                    #expect(config.options.devices.values.allSatisfy { $0.gid != nil })
                    #expect(await builder.nodeInspection?.roundTrips == 1)
                }
            }
        }
    }

    @Test("probe --node through ssh: the same report as the node's own probe, in one connection", arguments: ["nvidia-loaded", "pve-7.4"])
    func sameReportOverSSH(host: String) async throws {
        let tree = try FixtureNodeTree.make(host, hostname: "pve1")
        defer { tree.remove() }
        try await withSSHServer { server in
            let inspection = NodeInspection(shell: FixtureNodeShell(inner: sshShell(server), tree: tree), commandTimeoutSeconds: 30)
            let remote = try await inspection.report(checking: "pve1")
            let direct = await HostProber(context: try .rooted(at: URL(fileURLWithPath: tree.root), commandTimeout: .seconds(30))).report()
            #expect(remote == direct)
            #expect(await inspection.roundTrips == 1)
        }
    }

    @Test("an unknown host key: 81 before anything is created, the known_hosts fix named")
    func unknownHostKey() async throws {
        try await withSSHServer { server in
            try await withFakePVE { pve in
                try pve.storeDebianTemplate()
                let empty = server.directory + "/empty_known_hosts"
                _ = FileManager.default.createFile(atPath: empty, contents: Data())
                var options = ContainerBuilder.Options()
                options.provisioning = localProvisioning(catalog: nil)
                options.provisioning?.shell = SSHNodeShell(
                    target: SSHTarget(host: "127.0.0.1", port: server.port), identityFile: server.identityFile,
                    knownHostsFile: empty, configLayout: .automatic)
                let error = await #expect(throws: BuildError.self) { _ = try await pve.builder(options).create(staticSpec()) }
                #expect(error?.exitCode == BuildExitCode.nodeShellUnusable)
                #expect(error?.hint?.contains("host key in known_hosts") == true)
                #expect(try pve.writes().isEmpty)
            }
        }
    }

    @Test("no node named, or --node auto: the node the ssh shell reaches is chosen, in the same one round trip",
          arguments: [nil, ContainerBuilder.NodeChoice.automatic])
    func shellDecidesTheNode(choice: ContainerBuilder.NodeChoice?) async throws {
        try await Self.withShellReachingPVE3(node: choice) { pve, builder async throws in
            let plan = try await builder.plan(staticSpec())
            #expect(plan.node == "pve3")
            #expect(plan.nodeShellCheck?.contains("reaches pve3") == true, "\(plan.nodeShellCheck ?? "no check")")
            #expect(await builder.nodeInspection?.roundTrips == 1)
            #expect(try pve.writes().isEmpty)
        }
    }

    @Test("an ssh shell that reaches another node than the chosen one: 81 naming both, nothing created")
    func wrongNode() async throws {
        try await Self.withShellReachingPVE3(node: .named("pve2")) { pve, builder async throws in
            let error = await #expect(throws: BuildError.self) { _ = try await builder.create(staticSpec()) }
            #expect(error?.exitCode == BuildExitCode.nodeShellUnusable)
            #expect(error?.message.contains("reaches 'pve3', not the chosen node 'pve2'") == true, "\(error?.message ?? "")")
            #expect(error?.hint?.contains("ssh://root@pve2") == true)
            #expect(await builder.nodeInspection?.roundTrips == 1, "no devices asked for: one check round trip")
            #expect(try pve.writes().isEmpty)
            #expect(try await pve.containerIDs().isEmpty)
        }
    }

    /// A three-node fakepve and a builder for `node` whose ssh node shell (the loopback sshd) reaches a fixture
    /// node named pve3 with no devices.
    static func withShellReachingPVE3(
        node: ContainerBuilder.NodeChoice?, _ body: (FakePVE, ContainerBuilder) async throws -> Void
    ) async throws {
        let tree = try FixtureNodeTree.make("no-gpu", hostname: "pve3", clusterNodes: ["pve1", "pve2", "pve3"])
        defer { tree.remove() }
        try await withSSHServer { server in
            try await withFakePVE(extraNodes: ["pve2", "pve3"]) { pve in
                try pve.storeDebianTemplate()
                var options = ContainerBuilder.Options()
                options.provisioning = localProvisioning(catalog: nil)
                options.provisioning?.shell = FixtureNodeShell(inner: sshShell(server), tree: tree)
                options.node = node
                try await body(pve, try pve.builder(options))
            }
        }
    }
}

@Suite("Node shell refused before any write (81)", .serialized)
struct NodeShellRefusalTests {
    @Test("--node-shell local while talking to a remote endpoint: 81, nothing created")
    func localAwayFromTheNode() async throws {
        try await withFakePVE(extraNodes: ["pve2", "pve3"]) { pve in
            try pve.storeDebianTemplate()
            var options = ContainerBuilder.Options()
            options.provisioning = localProvisioning(catalog: nil)
            options.provisioning?.shell = LocalNodeShell()
            let error = await #expect(throws: BuildError.self) { _ = try await pve.builder(options).create(staticSpec()) }
            #expect(error?.exitCode == BuildExitCode.nodeShellUnusable)
            #expect(error?.message.contains("--node-shell local runs on this machine") == true, "\(error?.message ?? "")")
            #expect(error?.hint?.contains("--node-shell ssh://root@pve1") == true)
            #expect(try pve.writes().isEmpty)
            #expect(try await pve.containerIDs().isEmpty)
        }
    }

    @Test("an unreachable ssh:// shell: 81 with the fix, nothing created")
    func unreachable() async throws {
        try await withFakePVE { pve in
            try pve.storeDebianTemplate()
            var options = ContainerBuilder.Options()
            options.provisioning = localProvisioning(catalog: nil)
            options.provisioning?.shell = SSHNodeShell(
                target: SSHTarget(host: "127.0.0.1", port: 1), options: ["ConnectTimeout=5", "BatchMode=yes"])
            let error = await #expect(throws: BuildError.self) { _ = try await pve.builder(options).create(staticSpec()) }
            #expect(error?.exitCode == BuildExitCode.nodeShellUnusable)
            #expect(error?.message.contains("is unusable") == true, "\(error?.message ?? "")")
            #expect(error?.hint?.contains("known_hosts") == true)
            #expect(try pve.writes().isEmpty)
            #expect(try await pve.containerIDs().isEmpty)
        }
    }

    @Test("81 is lxc-build's own code, with its category and explanation in the one table")
    func exitCode() {
        #expect(BuildExitCode.table[BuildExitCode.nodeShellUnusable.rawValue] == nil, "a code build.func's table does not use")
        #expect(BuildExitCode.category(for: 81) == "config")
        #expect(BuildExitCode.explanation(for: 81).contains("node shell"))
        #expect(BuildExitCode.documented.contains { $0.codes == [81] })
    }
}

@Suite("var_gpu without a node shell: the API's PCI list decides")
struct GPUWithoutNodeShellTests {
    static func transport(pci: JSONValue) -> ScriptedAPITransport {
        scriptedPVE(templates: ["debian-12-standard_12.7-1_amd64.tar.zst"]) { request in
            request.path == "/nodes/pve/hardware/pci" ? ok(pci) : nil
        }
    }

    @Test("a GPU on the node: refused before any write, naming it and the fix; the PCI list was read")
    func refused() async throws {
        let transport = Self.transport(pci: [
            ["id": "0000:00:1f.6", "class": "0x020000", "vendor": "0x8086", "device": "0x15bc"],
            ["id": "0000:01:00.0", "class": "0x030000", "vendor": "0x10de", "device": "0x2204",
             "vendor_name": "NVIDIA Corporation", "device_name": "GA102 [GeForce RTX 3090]"],
        ])
        var spec = staticSpec()
        spec.gpu = true
        let builder = ContainerBuilder(client: ProxmoxClient(transport: transport, retryPolicy: .none), sleep: { _ in })
        let error = await #expect(throws: BuildError.self) { _ = try await builder.create(spec) }
        #expect(error?.exitCode == BuildExitCode.usage)
        #expect(error?.message.contains("nvidia NVIDIA Corporation GA102 [GeForce RTX 3090] (0000:01:00.0)") == true, "\(error?.message ?? "")")
        #expect(error?.hint?.contains("--node-shell ssh://root@pve") == true)
        #expect(transport.requests.contains { $0.path == "/nodes/pve/hardware/pci" })
        #expect(transport.requests.allSatisfy { $0.method == .get }, "nothing written")
    }

    @Test("no GPU on the node: a warning, as on the node, and the plan goes on with no device")
    func noGPU() async throws {
        let transport = Self.transport(pci: [["id": "0000:00:1f.6", "class": "0x020000", "vendor": "0x8086", "device": "0x15bc"]])
        var spec = staticSpec()
        spec.gpu = true
        let builder = ContainerBuilder(client: ProxmoxClient(transport: transport, retryPolicy: .none), sleep: { _ in })
        let plan = try await builder.plan(spec)
        #expect(plan.createRequest.options.devices.isEmpty)
        #expect(plan.warnings.contains { $0.contains("shows no display controller") }, "\(plan.warnings)")
    }

    @Test("fakepve: the PCI list is read from the chosen node")
    func fakepve() async throws {
        try await withFakePVE(extraNodes: ["pve2"]) { pve in
            try pve.storeDebianTemplate()
            var options = ContainerBuilder.Options()
            options.node = .named("pve2")
            var spec = staticSpec()
            spec.gpu = true
            _ = try? await pve.builder(options).create(spec)
            #expect(try pve.requests().contains { $0.method == "GET" && $0.path.hasSuffix("/nodes/pve2/hardware/pci") })
        }
    }

    @Test("--usb-serial without a node shell: refused before any request for devices, the fix named")
    func usbSerial() async throws {
        let transport = Self.transport(pci: [])
        var spec = staticSpec()
        spec.usbSerial = true
        var options = ContainerBuilder.Options()
        options.node = .named("pve")
        let builder = ContainerBuilder(client: ProxmoxClient(transport: transport, retryPolicy: .none), options: options, sleep: { _ in })
        let error = await #expect(throws: BuildError.self) { _ = try await builder.plan(spec) }
        #expect(error?.exitCode == BuildExitCode.usage)
        #expect(error?.hint?.contains("--node-shell ssh://root@pve") == true)
    }
}
