import ConfigResolution
import ContainerKitTestSupport
import Foundation
import LXCBuildTestSupport
import ProxmoxAPI
import Synchronization
import Testing
@testable import ContainerKit

/// One truth (issue 14): for every kind of build, the writes fakepve records are the plan's requests, in order,
/// and the create request sent is the plan's, parameter for parameter. The run carries out the plan's actions and
/// nothing else.
@Suite("The plan is what the run sends", .serialized)
struct PlanEqualsRunTests {
    /// A kind of build: the spec and the options that make it that kind.
    struct Row: Sendable, CustomStringConvertible {
        let name: String
        var spec: @Sendable () -> ContainerSpec = { staticSpec() }
        var options: @Sendable (inout ContainerBuilder.Options) throws -> Void = { _ in }
        /// `false` stands in for pvesh, which cannot carry the password.
        var carriesSecrets = true
        /// The template only in the appliance catalog (downloaded first).
        var catalogTemplate = false
        var description: String { name }
    }

    static func shellOptions(_ options: inout ContainerBuilder.Options, catalog: Bool = false) throws {
        var provisioning = ProvisioningOptions(shell: ScriptedNodeShell(failures: 0))
        provisioning.checkNetwork = false
        provisioning.bootstrap = false
        provisioning.logDirectory = try temporaryFolder()
        if catalog { provisioning.catalogDirectory = try makeCatalog(body: "true") }
        options.provisioning = provisioning
    }

    static let rows: [Row] = [
        Row(name: "static IPv4"),
        Row(name: "DHCP, notes written with the learned address", spec: {
            var spec = staticSpec()
            spec.network.ipv4 = .dhcp
            spec.network.gateway = nil
            return spec
        }),
        Row(name: "IPv6 static, VLAN, MTU, DNS", spec: {
            var spec = staticSpec()
            spec.network.ipv6 = .fixed(address: "fd00::5/64", gateway: "fd00::1")
            spec.network.vlan = 20
            spec.network.mtu = 1450
            spec.nameserver = "10.20.0.1"
            spec.searchDomain = "lab.example"
            return spec
        }),
        Row(name: "every feature flag", spec: {
            var spec = staticSpec()
            spec.features.nesting = true
            spec.features.keyctl = true
            spec.features.fuse = true
            spec.features.mknod = true
            spec.features.mountTypes = ["nfs", "cifs"]
            spec.protection = true
            spec.timezone = "Europe/Berlin"
            spec.tags = ["web", "lab"]
            return spec
        }),
        Row(name: "privileged", spec: {
            var spec = staticSpec()
            spec.unprivileged = false
            return spec
        }),
        Row(name: "GPU from the node's probe (Intel iGPU): stop, device groups, start", spec: {
            var spec = staticSpec()
            spec.gpu = true
            return spec
        }, options: { options in
            options.hostReport = DeviceTests.probe("intel-igpu")
            try shellOptions(&options)
        }),
        Row(name: "TUN", spec: {
            var spec = staticSpec()
            spec.tun = true
            return spec
        }),
        Row(name: "root password on the pvesh route: set inside through the node shell", spec: {
            var spec = staticSpec()
            spec.password = "Route-Secret-1"
            return spec
        }, options: { try shellOptions(&$0) }, carriesSecrets: false),
        Row(name: "SSH keys and root login", spec: {
            var spec = staticSpec()
            spec.sshAuthorizedKey = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHk5 admin@lab"
            return spec
        }, options: { options in
            try shellOptions(&options)
            options.provisioning?.sshRoot = true
        }),
        Row(name: "post-install hook", options: { options in
            try shellOptions(&options)
            options.provisioning?.postInstallHook = "/usr/local/sbin/after-build"
            options.provisioning?.postInstallHookSource = "env"
        }),
        Row(name: "catalog app with its install script, template from the appliance catalog", spec: {
            var spec = staticSpec("demo")
            spec.network.ipv4 = .dhcp
            spec.network.gateway = nil
            return spec
        }, options: { try shellOptions(&$0, catalog: true) }, catalogTemplate: true),
        Row(name: "mount points with mapped ids: the create without start, the ids through the node shell, then the start", spec: {
            var spec = staticSpec()
            spec.mounts = (try? MountPointSetting.parseList("local-lvm:2,mp=/data;/srv/media,mp=/media,uid=1000,gid=1000")) ?? []
            return spec
        }, options: { options in
            try shellOptions(&options)
            options.provisioning?.shell = RecordingNodeShell()  // the scripted shell answers appends as if the config were missing
        }),
    ]

    /// fakepve's client, with the appliance catalog, a DHCP lease (fakepve has no DHCP) and the pvesh stand-in.
    static func client(_ pve: FakePVE, row: Row) throws -> ProxmoxClient {
        let template = TemplateDownloadTests.template
        let catalog: JSONValue = [["template": .string(template), "section": "system", "architecture": "amd64", "os": "debian-12",
                                   "package": "debian-12-standard", "version": "12.7-1"]]
        let transport = PatchingTransport(try pve.passwordClient().transport, carriesSecrets: row.carriesSecrets, override: { request in
            row.catalogTemplate && request.method == .get && request.path.hasSuffix("/aplinfo") ? ok(catalog) : nil
        }, observe: { request, response in
            if request.method == .post, request.path.hasSuffix("/aplinfo"), response.isSuccess {
                _ = try? pve.call("store_file", ["local", template, 134_217_728], ["content": "vztmpl"])
            }
        }, rewrite: { request, response in
            guard request.method == .get, request.path.hasSuffix("/interfaces"), response.isSuccess else { return response }
            return ok([["name": "lo", "inet": "127.0.0.1/8"], ["name": "eth0", "inet": "10.20.0.77/24"]])
        })
        return ProxmoxClient(transport: transport, retryPolicy: .fast)
    }

    static func line(_ method: String, _ path: String) -> String {
        "\(method) " + (path.hasPrefix("/api2/json") ? String(path.dropFirst("/api2/json".count)) : path)
    }

    @Test("the writes fakepve records are the plan's requests, in order; the create request is the plan's", arguments: rows)
    func planEqualsRun(_ row: Row) async throws {
        try await withFakePVE { pve in
            if !row.catalogTemplate { try pve.storeDebianTemplate() }
            var options = ContainerBuilder.Options()
            options.ipTimeout = .seconds(3)
            options.taskTimeout = .seconds(20)
            options.downloadLock = FileTemplateDownloadLock(directory: try temporaryFolder())
            try row.options(&options)
            // A clock an hour later at each reading: notes made again at run time would differ from the plan's.
            let clock = Mutex(Date(timeIntervalSince1970: 1_780_000_000))
            let now: @Sendable () -> Date = { clock.withLock { $0 += 3600; return $0 } }
            let builder = ContainerBuilder(client: try Self.client(pve, row: row), options: options, sleep: { _ in }, now: now)
            let plan = try await builder.plan(row.spec())
            #expect(try pve.writes().isEmpty, "planning writes nothing")
            _ = try await builder.execute(plan)
            let sent = try pve.writes().map { Self.line($0.method, $0.path) }
            let planned = try plan.requests().map { Self.line($0.method.rawValue, $0.path) }
            #expect(sent == planned)
            // Parameter for parameter, for every write whose values are all known when planning; the notes' second
            // write differs only by the learned address in place of the plan's stand-in.
            let recorded = try pve.writes()
            let known = try plan.requests().filter { request in
                !request.parameters.contains { $0.name != "description" && $0.value.description.contains("<") }
            }
            #expect(!known.isEmpty)
            for (request, write) in zip(try plan.requests(), recorded) where known.contains(request) {
                var expected: [String: String] = [:]
                for parameter in request.parameters where !parameter.value.isSecret {
                    expected[parameter.name] = parameter.value.description.replacingOccurrences(of: CreatePlan.learnedAddress, with: "10.20.0.77")
                }
                let got = try pve.recordedParameters(write.method, pathSuffix: String(request.path)).last ?? [:]
                #expect(got.filter { $0.key != "password" } == expected, "\(request.method.rawValue) \(request.path)")
            }
            let created = try #require(try pve.recordedParameters("POST", pathSuffix: "/nodes/pve1/lxc").first)
            var expected: [String: String] = [:]
            for parameter in try plan.createRequest.parameters() {
                if case .secret = parameter.value { continue }
                expected[parameter.name] = parameter.value.description
            }
            #expect(created.filter { $0.key != "password" } == expected)
            if row.carriesSecrets == false { #expect(created["password"] == nil, "the pvesh route never sends the password") }
        }
    }

    @Test("the run carries out the plan's actions and nothing else: an action taken out of the plan is not done")
    func onlyThePlansActions() async throws {
        try await withFakePVE { pve in
            try pve.storeDebianTemplate()
            let row = Self.rows[1]
            var options = ContainerBuilder.Options()
            options.ipTimeout = .seconds(3)
            let builder = ContainerBuilder(client: try Self.client(pve, row: row), options: options, sleep: { _ in })
            let full = try await builder.plan(row.spec())
            #expect(full.actions.map(\.kind) == [.createContainer, .startContainer, .waitForAddress, .writeNotes])
            let plan = CreatePlan(
                full.decisions, createRequest: full.createRequest, notes: full.notes, waitsForAddress: full.waitsForAddress,
                hostSideActions: full.hostSideActions, actions: full.actions.filter { $0.kind != .writeNotes })
            _ = try await builder.execute(plan)
            #expect(try pve.writes().map(\.method) == ["POST"], "no PUT of the notes (the create task starts it)")
        }
    }

    @Test("Alpine with a static address: the wait is skipped as build.func does, and the result has the address")
    func alpineStaticAddress() async throws {
        try await withFakePVE { pve in
            try pve.call("store_file", ["local", "alpine-3.22-default_20250617_amd64.tar.xz", 3_145_728], ["content": "vztmpl"])
            var spec = staticSpec("alpine", address: "10.20.0.6/24")
            spec.os = "alpine"
            spec.osVersion = "3.22"
            let builder = ContainerBuilder(client: try pve.passwordClient(), sleep: { _ in })
            let plan = try await builder.plan(spec)
            #expect(plan.actions.first { $0.kind == .waitForAddress }?.reason == "skipped for Alpine, as build.func does")
            let result = try await builder.execute(plan)
            #expect(result.ip == "10.20.0.6")
        }
    }

    @Test("every action names its exit code, and the node-shell actions what they run and pass")
    func actionsDescribeThemselves() async throws {
        try await withFakePVE { pve in
            try pve.storeDebianTemplate()
            var options = ContainerBuilder.Options()
            try Self.shellOptions(&options, catalog: true)
            options.provisioning?.sshRoot = true
            options.provisioning?.postInstallHook = "/usr/local/sbin/after-build"
            options.hostReport = DeviceTests.probe("intel-igpu")
            var spec = staticSpec("demo")
            spec.gpu = true
            let plan = try await ContainerBuilder(client: try pve.passwordClient(), options: options, sleep: { _ in }).plan(spec)
            #expect(plan.actions.map(\.kind) == [
                .createContainer, .startContainer, .waitForAddress, .configureDevices, .installSSHKeys, .runInstallScript, .postInstallHook,
            ])
            let install = try #require(plan.actions.first { $0.kind == .runInstallScript })
            #expect(install.environmentNames.contains("ENABLE_GPU") && install.environmentNames.contains("CTID"))
            #expect(install.environmentNames.contains("PASSWORD"), "names only: the values are never in the plan")
            let devices = try #require(plan.actions.first { $0.kind == .configureDevices })
            #expect(devices.requests.map(\.method) == [.post, .put, .post])
            #expect(plan.actions.first { $0.kind == .createContainer }?.exitCode == BuildExitCode.createFailed)
            #expect(plan.actions.first { $0.kind == .postInstallHook }?.nodeShell == ["/usr/local/sbin/after-build on the node, as root"])
        }
    }

    @Test("the commands the run hands to the node shell are the plan's, argument for argument; the password only on stdin")
    func nodeShellCommandsArePlanned() async throws {
        try await withFakePVE { pve in
            try pve.storeDebianTemplate()
            let row = Self.rows[7]
            let shell = RecordingNodeShell()
            var options = ContainerBuilder.Options()
            options.ipTimeout = .seconds(3)
            var provisioning = ProvisioningOptions(shell: shell)
            provisioning.checkNetwork = false
            provisioning.bootstrap = false
            provisioning.logDirectory = try temporaryFolder()
            options.provisioning = provisioning
            let builder = ContainerBuilder(client: try Self.client(pve, row: row), options: options, sleep: { _ in })
            let plan = try await builder.plan(row.spec())
            let atPlanning = shell.commands.count
            _ = try await builder.execute(plan)
            let ran = shell.commands.dropFirst(atPlanning)
            let planned = plan.actions.flatMap(\.commands)
            #expect(!planned.isEmpty)
            #expect(ran.map(\.arguments) == planned.map(\.arguments))
            #expect(ran.map(\.timeout) == planned.map(\.timeout))
            #expect(ran.first.map { String(decoding: $0.input, as: UTF8.self) } == "root:Route-Secret-1\n")
            #expect(!planned.description.contains("Route-Secret-1"), "the plan names the password, never shows it")
        }
    }
}
