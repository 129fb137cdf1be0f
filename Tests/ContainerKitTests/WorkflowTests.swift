import ContainerKitTestSupport
import Foundation
import LXCBuildTestSupport
import ProxmoxAPI
import Testing
@testable import ContainerKit

/// The create workflow against fakepve on loopback.
@Suite("Create workflow against fakepve", .serialized)
struct WorkflowTests {
    @Test("every setting of a base OS reaches the container: network, IPv6, VLAN, MTU, MAC, features, DNS, tags, protection")
    func fullFlow() async throws {
        try await withFakePVE { pve in
            try pve.storeDebianTemplate()
            var spec = staticSpec(address: "192.168.50.20/24")
            spec.hostname = "web.example.lan"
            spec.cores = 2
            spec.memoryMiB = 2048
            spec.diskGiB = 6
            spec.network.gateway = "192.168.50.1"
            spec.network.ipv6 = .fixed(address: "fd00::20/64", gateway: "fd00::1")
            spec.network.vlan = 42
            spec.network.mtu = 1450
            spec.network.mac = "BC:24:11:AA:BB:CC"
            spec.features.fuse = true
            spec.features.mknod = true
            spec.features.mountTypes = ["nfs", "cifs"]
            spec.nameserver = "1.1.1.1 9.9.9.9"
            spec.searchDomain = "example.lan"
            spec.tags = ["web", "docker"]
            spec.timezone = "Europe/Berlin"
            spec.protection = true
            spec.password = "Sup3r-secret"
            let events = EventLog()
            let result = try await pve.builder(events: events).create(spec)
            #expect(result.status == "running")
            #expect(result.ip == "192.168.50.20")
            #expect(result.node == "pve1" && result.containerStorage == "local-lvm" && result.templateStorage == "local")

            let config = try await pve.passwordClient().node("pve1").container(result.ctid).config()
            let net0 = try #require(config.options.networks[0])
            #expect(net0.bridge == "vmbr0" && net0.ip == "192.168.50.20/24" && net0.gateway == "192.168.50.1")
            #expect(net0.ip6 == "fd00::20/64" && net0.gateway6 == "fd00::1")
            #expect(net0.tag == 42 && net0.mtu == 1450 && net0.hwaddr == "BC:24:11:AA:BB:CC")
            #expect(config.options.features == Features(nesting: true, keyctl: true, fuse: true, mknod: true, mount: ["nfs", "cifs"]))
            #expect(config.options.nameserver == "1.1.1.1 9.9.9.9" && config.options.searchDomain == "example.lan")
            #expect(Set(config.options.tags) == ["community-script", "web", "docker"])
            #expect(config.options.timezone == "Europe/Berlin")
            #expect(config.options.protection == true && config.options.onBoot == true && config.options.unprivileged == true)
            #expect(config.options.cores == 2 && config.options.memory == 2048)
            #expect(config.options.rootfs?.size == "6G")
            #expect(config.options.description?.contains("Address: 192.168.50.20") == true)
            #expect(events.all.contains(.finished(.network, "192.168.50.20")))
        }
    }

    @Test("a DHCP container on an SDN vnet, privileged, without keyctl when asked (build.func would drop var_keyctl)")
    func vnetAndKeyctl() async throws {
        try await withFakePVE { pve in
            try pve.storeDebianTemplate()
            // The node lists its SDN vnets with its bridges (GET /nodes/{node}/network?type=any_bridge).
            try pve.serveNetwork([["iface": "vmbr0", "type": "bridge", "active": 1, "bridge_ports": "eno1"],
                                  ["iface": "vnet10", "type": "vnet", "active": 1]])
            var spec = ContainerSpec(app: "debian")
            spec.osVersion = "12"
            spec.network.sdnVnet = "vnet10"
            spec.unprivileged = false
            spec.features.keyctl = false
            var options = ContainerBuilder.Options()
            options.ipTimeout = .zero
            let result = try await pve.builder(options).create(spec)
            #expect(result.ip == nil)
            let config = try await pve.passwordClient().node("pve1").container(result.ctid).config()
            #expect(config.options.networks[0]?.bridge == "vnet10" && config.options.networks[0]?.ip == "dhcp")
            #expect(config.options.unprivileged != true)
            #expect(config.options.features?.keyctl == nil)
        }
    }

    @Test("var_tun passes /dev/net/tun in as dev0 through the API")
    func tun() async throws {
        try await withFakePVE { pve in
            try pve.storeDebianTemplate()
            var spec = staticSpec()
            spec.tun = true
            let result = try await pve.builder().create(spec)
            let config = try await pve.passwordClient().node("pve1").container(result.ctid).config()
            #expect(config.options.devices[0]?.path == "/dev/net/tun")
        }
    }

    @Test("plan uses read requests only and changes nothing; it lists the requests create would send, secrets masked")
    func planWritesNothing() async throws {
        try await withFakePVE { pve in
            try pve.storeDebianTemplate()
            var spec = staticSpec()
            spec.password = "do-not-print"
            let plan = try await pve.builder().plan(spec)
            #expect(try pve.writes().isEmpty)
            #expect(try await pve.containerIDs().isEmpty)
            let requests = try plan.requests()
            // With a static address the notes go out with the create, and the create task starts it: no later write.
            #expect(requests.map { "\($0.method.rawValue) \($0.path)" } == ["POST /nodes/pve1/lxc"])
            #expect(requests[0].parameters.contains { $0.name == "start" && $0.value.description == "1" })
            #expect(requests[0].parameters.contains { $0.name == "description" && $0.value.description.contains("10.20.0.5") })
            #expect(requests[0].description.contains("password=********"))
            #expect(!requests.map(\.description).joined().contains("do-not-print"))
        }
    }

    @Test("a create task that fails leaves no container and exits 209")
    func failedCreate() async throws {
        try await withFakePVE { pve in
            try pve.storeDebianTemplate()
            try pve.call("fail", ["POST", "/nodes/pve1/lxc"], ["error": "found_lock_trying_remove_lock"])
            await #expect {
                _ = try await pve.builder().create(staticSpec())
            } throws: { error in
                (error as? BuildError)?.exitCode == BuildExitCode.createFailed
            }
            #expect(try await pve.containerIDs().isEmpty)
        }
    }

    @Test("a start that fails removes the container it created and exits 117")
    func failedStart() async throws {
        try await withFakePVE { pve in
            try pve.storeDebianTemplate()
            try pve.failStarts("missing 'rootfs' configuration")
            let events = EventLog()
            do {
                _ = try await pve.builder(events: events).create(staticSpec())
                Issue.record("expected failure")
            } catch let error as BuildError {
                #expect(error.exitCode == BuildExitCode.notRunning)
                #expect(error.cleanupProblems.isEmpty)
            }
            #expect(try await pve.containerIDs().isEmpty)
            #expect(events.all.contains { if case .finished(.cleanup, _) = $0 { return true } else { return false } })
        }
    }

    @Test("no address within the timeout: exit 118 and the container is removed")
    func noAddress() async throws {
        try await withFakePVE { pve in
            try pve.storeDebianTemplate()
            var spec = ContainerSpec(app: "debian")
            spec.osVersion = "12"
            var options = ContainerBuilder.Options()
            options.ipTimeout = .seconds(5)
            await #expect {
                _ = try await pve.builder(options).create(spec)
            } throws: { error in
                (error as? BuildError)?.exitCode == BuildExitCode.noIP
            }
            #expect(try await pve.containerIDs().isEmpty)
        }
    }

    @Test("--keep-on-failure keeps the half-built container")
    func keepOnFailure() async throws {
        try await withFakePVE { pve in
            try pve.storeDebianTemplate()
            var options = ContainerBuilder.Options()
            options.ipTimeout = .seconds(2)
            options.keepOnFailure = true
            var spec = ContainerSpec(app: "debian")
            spec.osVersion = "12"
            await #expect(throws: BuildError.self) { try await pve.builder(options).create(spec) }
            #expect(try await pve.containerIDs() == [100])
        }
    }

    @Test("a cluster without quorum is refused with 210 before anything is created")
    func noQuorum() async throws {
        try await withFakePVE(extraNodes: ["pve2", "pve3"]) { pve in
            try pve.storeDebianTemplate()
            try pve.call("lose_quorum")
            await #expect {
                _ = try await pve.builder().create(staticSpec())
            } throws: { error in
                (error as? BuildError)?.exitCode == BuildExitCode.noQuorum
            }
            #expect(try pve.writes().isEmpty)
        }
    }

    @Test("an offline node given by name is refused before anything is created")
    func offlineNode() async throws {
        try await withFakePVE(extraNodes: ["pve2"]) { pve in
            try pve.call("set_node_offline", ["pve2"])
            var options = ContainerBuilder.Options()
            options.node = .named("pve2")
            await #expect {
                _ = try await pve.builder(options).create(staticSpec())
            } throws: { error in
                (error as? BuildError)?.message.contains("pve2") == true
            }
            #expect(try pve.writes().isEmpty)
        }
    }

    @Test("--node auto on a three-node cluster takes an online node and says why")
    func automaticNode() async throws {
        try await withFakePVE(extraNodes: ["pve2", "pve3"]) { pve in
            try pve.call("set_node_offline", ["pve1"])
            var options = ContainerBuilder.Options()
            options.node = .automatic
            let events = EventLog()
            let builder = try pve.builder(options, events: events)
            var warnings: [String] = []
            let host = try await builder.checkHost(warnings: &warnings)
            let node = try await builder.chooseNode(staticSpec(), host: host)
            #expect(["pve2", "pve3"].contains(node.name))
            #expect(node.reason.hasPrefix("--node auto: 6.0 GiB uncommitted memory"))
            #expect(events.decisions.contains { $0.hasPrefix("node \(node.name):") })
        }
    }

    @Test("--node auto with a preset storage reads each node's storage list once, and not again for the storage step")
    func automaticNodeReadsStoragesOnce() async throws {
        try await withFakePVE(extraNodes: ["pve2", "pve3"]) { pve in
            try pve.storeDebianTemplate()
            try pve.call("set_node_offline", ["pve2"])
            try pve.call("set_node_offline", ["pve3"])
            var options = ContainerBuilder.Options()
            options.node = .automatic
            var spec = staticSpec()
            spec.containerStorage = "local-lvm"
            let plan = try await pve.builder(options).plan(spec)
            #expect(plan.node == "pve1" && plan.containerStorage == "local-lvm")
            #expect(try pve.requests().filter { $0.method == "GET" && $0.path == "/api2/json/nodes/pve1/storage" }.count == 1)
        }
    }

    @Test("when another creator takes the CTID between plan and create, the next free id is used")
    func ctidRace() async throws {
        try await withFakePVE { pve in
            try pve.storeDebianTemplate()
            let builder = try pve.builder()
            let plan = try await builder.plan(staticSpec())
            #expect(plan.ctid == 100)
            try pve.call("add_ct", [100, "someone-else"])
            let result = try await builder.execute(plan)
            #expect(result.ctid > 100)
            #expect(result.warnings.contains { $0.contains("100 was taken") })
            #expect(try await pve.containerIDs() == [100, result.ctid])
        }
    }

    @Test("a CTID that is taken is replaced by the next free one (a substitution), or 206 when pinned; below 100 is refused (205)")
    func presetCTID() async throws {
        try await withFakePVE { pve in
            try pve.storeDebianTemplate()
            try pve.call("add_ct", [150, "taken"])
            var spec = staticSpec()
            spec.ctid = 150
            let plan = try await pve.builder().plan(spec)
            #expect(plan.ctid == 100)
            #expect(plan.substitutions.map(\.code) == ["ctid-substituted"])
            #expect(plan.substitutions.first?.message.contains("var_ctid=150") == true)
            #expect(plan.substitutions.first?.requested == "150" && plan.substitutions.first?.used == "100")
            var pinned = spec
            pinned.pinned = [.ctid]
            await #expect {
                _ = try await pve.builder().create(pinned)
            } throws: { error in
                (error as? BuildError)?.exitCode == BuildExitCode.ctidInUse
            }
            #expect(try pve.writes().isEmpty)
            #expect(try await pve.containerIDs() == [150])
            spec.ctid = 99
            await #expect {
                _ = try await pve.builder().plan(spec)
            } throws: { error in
                (error as? BuildError)?.exitCode == BuildExitCode.invalidCTID
            }
        }
    }

    @Test("features only root@pam may set are refused for a token before anything is created when given on the command line")
    func tokenCannotSetKeyctl() async throws {
        try await withFakePVE { pve in
            try pve.storeDebianTemplate()
            try pve.setItem("apitokens", key: "root@pam!ci", value: "token-secret")
            let client = try pve.client(credentials: .apiToken(APIToken(tokenID: "root@pam!ci", secret: "token-secret")))
            // The built-in keyctl of an unprivileged container is dropped for a token, as a substitution the plan shows.
            let planned = try await ContainerBuilder(client: client, sleep: { _ in }).plan(staticSpec())
            #expect(planned.substitutions.map(\.code) == ["feature-dropped-for-login"])
            var pinned = staticSpec()
            pinned.features.keyctl = true
            pinned.pinned.insert(.rootOnlyFeatures)
            do {
                _ = try await ContainerBuilder(client: client, sleep: { _ in }).create(pinned)
                Issue.record("expected a refusal")
            } catch let error as BuildError {
                #expect(error.exitCode == BuildExitCode.permissionDenied)
                #expect(error.message.contains("keyctl"))
                #expect(error.hint?.contains("root@pam") == true)
            }
            var tunSpec = staticSpec()
            tunSpec.features.keyctl = false
            tunSpec.tun = true
            do {
                _ = try await ContainerBuilder(client: client, sleep: { _ in }).create(tunSpec)
                Issue.record("expected a refusal")
            } catch let error as BuildError {
                #expect(error.message.contains("/dev/net/tun") && error.message.contains("root@pam"))
            }
            #expect(try pve.writes().isEmpty)
        }
    }

    @Test("cancelling a run after the container exists removes it and exits 130")
    func cancellation() async throws {
        try await withFakePVE { pve in
            try pve.storeDebianTemplate()
            let client = try pve.passwordClient()
            // Cancelled from inside the run, the moment the container exists: the next step sees it, however fast
            // the rest of the run would be (a cancel sent from outside could arrive after the run had finished).
            let builder = ContainerBuilder(client: client, events: { event in
                if case .finished(.create, _) = event { withUnsafeCurrentTask { $0?.cancel() } }
            })
            let run = Task { try await builder.create(staticSpec()) }
            do {
                _ = try await run.value
                Issue.record("expected cancellation")
            } catch let error as BuildError {
                #expect(error.exitCode == BuildExitCode.interrupted)
            }
            #expect(try await pve.containerIDs().isEmpty)
        }
    }
}
