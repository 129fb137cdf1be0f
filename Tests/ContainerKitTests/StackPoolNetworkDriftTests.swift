import ContainerKitTestSupport
import Foundation
import LXCBuildTestSupport
import ProxmoxAPI
import Testing
@testable import ContainerKit

/// An existing container's pool (from `/cluster/resources`) and network device (`net0`, the keys the file sets)
/// compared with the stack file, reported as drift, and changed in place by `apply --converge` with the requests the
/// plan lists.
@Suite("Stack drift and converge of the pool and the network device", .serialized)
struct StackPoolNetworkDriftTests {
    /// The one-member stack `tier` whose `db` joins `pool`, with a firewall when `firewall` (net0's `firewall=1`).
    static func stack(pool: String?, address: String = "10.0.0.41/24", firewall: Bool = false, key: StackKey = StackKey.random()) throws -> Stack {
        let path = try temporaryFolder() + "/tier.yaml"
        try Data("name: tier\n".utf8).write(to: URL(fileURLWithPath: path))
        var member = StackFirewallHATests.member("db", address: address, firewall: firewall ? StackFirewallHATests.firewall : nil)
        member.spec.pool = pool
        return Stack(name: "tier", file: path, members: [member], key: key, keyPath: "/keys/tier.key")
    }

    /// The pool `/cluster/resources` names for container `ctid`, `nil` for none.
    static func pool(of ctid: Int, _ pve: FakePVE) async throws -> String? {
        StackRunner.pool(of: ctid, guests: try await pve.passwordClient().clusterResources(type: "vm"))
    }

    /// `stack` applied with `--converge` after its plan: the writes sent, which must be the plan's changes of `db`.
    static func converge(_ pve: FakePVE, _ stack: Stack) async throws -> (planned: [APIRequest], written: [PlanReport.RequestReport]) {
        let plan = try await StackTests.runner(pve).plan(stack, options: StackPlanOptions(converge: true))
        let planned = try StackConvergeTests.existing(plan, "db").changes
        let before = try SavedStackPlanTests.recordedWrites(pve).count
        let result = try await StackTests.runner(pve).apply(plan)
        #expect(result.exitCode == 0 && !result.hasDifferences, "\(result.failures.map(\.error.description))")
        return (planned, Array(try SavedStackPlanTests.recordedWrites(pve).dropFirst(before)))
    }

    @Test("a container moved to another pool, or out of every pool, is drift; --converge moves it back with the planned PUT /pools, exactly")
    func poolDriftAndConverge() async throws {
        try await withFakePVE { pve in
            try pve.storeDebianTemplate()
            let client = try pve.passwordClient()
            for pool in ["databases", "scratch"] { try await client.createPool(pool) }
            let stack = try Self.stack(pool: "databases")
            let built = try #require(StackOwnershipTests.created(try await StackTests.runner(pve).planAndApply(stack))["db"])
            #expect(try await Self.pool(of: built.ctid, pve) == "databases")
            #expect(try StackConvergeTests.existing(try await StackTests.runner(pve).plan(stack), "db").drift.isEmpty)

            // By hand: moved to another pool.
            _ = try await client.call(APIRequest(.put, "/pools", parameters: [
                APIParameter("poolid", .string("scratch")), APIParameter("vms", .string(String(built.ctid))), APIParameter("allow-move", .bool(true)),
            ]))
            let writes = try pve.writes().count
            let moved = try StackConvergeTests.existing(try await StackTests.runner(pve).plan(stack), "db")
            #expect(moved.drift == [StackDrift(option: "pool", wanted: "databases", actual: "scratch")] && moved.rebuild.isEmpty)
            #expect(moved.changes.map { "\($0.method.rawValue) \($0.path)" } == ["PUT /pools"])
            #expect(moved.changes.first?.parameters.map { "\($0.name)=\($0.value.wireText)" } == ["poolid=databases", "vms=\(built.ctid)", "allow-move=1"])
            #expect(try pve.writes().count == writes, "planning wrote nothing")

            var (planned, written) = try await Self.converge(pve, stack)
            #expect(written.map { "\($0.method) \($0.path)" } == planned.map { "\($0.method.rawValue) \($0.path)" } && written.count == 1)
            #expect(written.first?.parameters == ["poolid": "databases", "vms": String(built.ctid), "allow-move": "1"])
            #expect(try await Self.pool(of: built.ctid, pve) == "databases")

            // By hand: out of every pool; moved back without allow-move.
            _ = try await client.call(APIRequest(.put, "/pools", parameters: [
                APIParameter("poolid", .string("databases")), APIParameter("vms", .string(String(built.ctid))), APIParameter("delete", .bool(true)),
            ]))
            #expect(try await Self.pool(of: built.ctid, pve) == nil)
            (planned, written) = try await Self.converge(pve, stack)
            #expect(written.first?.parameters == ["poolid": "databases", "vms": String(built.ctid)] && written.count == 1)
            #expect(try await Self.pool(of: built.ctid, pve) == "databases")
            #expect(try StackConvergeTests.existing(try await StackTests.runner(pve).plan(stack), "db").drift.isEmpty)
        }
    }

    @Test("a file naming a pool that does not exist: listed as what no request changes, never created; no pool: key reads no pools")
    func missingPoolAndNoReads() async throws {
        try await withFakePVE { pve in
            try pve.storeDebianTemplate()
            let key = StackKey.random()
            let stack = try Self.stack(pool: nil, key: key)
            _ = try await StackTests.runner(pve).planAndApply(stack)
            let before = try pve.requests().count
            #expect(try StackConvergeTests.existing(try await StackTests.runner(pve).plan(stack), "db").drift.isEmpty)
            #expect(!(try pve.requests().dropFirst(before).contains { $0.path.hasSuffix("/pools") }), "a file without pool: reads no pools")

            let existing = try StackConvergeTests.existing(try await StackTests.runner(pve).plan(try Self.stack(pool: "nowhere", key: key),
                                                                                                  options: StackPlanOptions(converge: true)), "db")
            #expect(existing.changes.isEmpty && existing.rebuild.map(\.option) == ["pool"], "\(existing)")
            #expect(existing.rebuild.first?.actual.contains("no pool nowhere exists") == true, "\(existing.rebuild)")
            #expect(try await pve.passwordClient().pools().isEmpty, "the pool is not created")
        }
    }

    @Test("net0 changed by hand (firewall off, a rate added) or a new address in the file: --converge sets the file's keys, keeps the others")
    func networkDriftAndConverge() async throws {
        try await withFakePVE { pve in
            try pve.storeDebianTemplate()
            let stack = try Self.stack(pool: nil, firewall: true)
            let built = try #require(StackOwnershipTests.created(try await StackTests.runner(pve).planAndApply(stack))["db"])
            let container = try pve.passwordClient().node(built.node).container(built.ctid)
            let created = try PropertyString(parsing: try #require(try await container.config().raw["net0"]?.stringValue))
            #expect(created["firewall"] == "1" && created["hwaddr"] != nil && created["gw"] == "10.20.0.1")

            // By hand: the firewall flag dropped and a rate limit added.
            var byHand = created
            byHand["firewall"] = nil
            byHand["rate"] = "5"
            _ = try await pve.passwordClient().call(APIRequest(.put, "/nodes/\(built.node)/lxc/\(built.ctid)/config",
                                                               parameters: [APIParameter("net0", .string(try byHand.encoded()))]))
            let drifted = try StackConvergeTests.existing(try await StackTests.runner(pve).plan(stack), "db")
            #expect(drifted.drift == [StackDrift(option: "net0", wanted: "firewall=1", actual: "firewall=(not set)")] && drifted.rebuild.isEmpty)
            var (planned, written) = try await Self.converge(pve, stack)
            #expect(written.map { "\($0.method) \($0.path)" } == planned.map { "\($0.method.rawValue) \($0.path)" } && written.count == 1)
            var network = try PropertyString(parsing: try #require(try await container.config().raw["net0"]?.stringValue))
            #expect(network["firewall"] == "1" && network["rate"] == "5" && network["hwaddr"] == created["hwaddr"], "\(network)")

            // The file moves the container to a new address without a gateway: the old gateway goes with the old address.
            var moved = try Self.stack(pool: nil, address: "10.0.0.42/24", firewall: true, key: stack.key)
            moved.members[0].spec.network.gateway = nil
            (planned, written) = try await Self.converge(pve, moved)
            #expect(written.count == 1 && written.first?.parameters["net0"]?.contains("ip=10.0.0.42/24") == true, "\(written)")
            network = try PropertyString(parsing: try #require(try await container.config().raw["net0"]?.stringValue))
            #expect(network["ip"] == "10.0.0.42/24" && network["gw"] == nil && network["rate"] == "5" && network["hwaddr"] == created["hwaddr"])
            #expect(try StackConvergeTests.existing(try await StackTests.runner(pve).plan(moved), "db").drift.isEmpty)

            // A new address another container of the cluster has configured stops the plan before any write, both named.
            try pve.call("add_ct", [150, "other"], ["config": ["net0": "name=eth0,bridge=vmbr0,ip=10.0.0.50/24"]])
            let taken = try Self.stack(pool: nil, address: "10.0.0.50/24", firewall: true, key: stack.key)
            let writes = try pve.writes().count
            do {
                _ = try await StackTests.runner(pve).plan(taken, options: StackPlanOptions(converge: true))
                Issue.record("a taken address was planned")
            } catch let error as BuildError {
                #expect(error.exitCode == BuildExitCode.usage && error.message.contains("db: ") && error.message.contains("10.0.0.50")
                    && error.message.contains("150"), "\(error.message)")
            }
            #expect(try pve.writes().count == writes)
        }
    }

    @Test("the network device's change: the file's keys set, the others kept; a new address drops the gateway the file does not set")
    func changedNetwork() {
        let actual = "name=eth0,bridge=vmbr0,hwaddr=BC:24:11:00:00:01,ip=10.0.0.5/24,gw=10.0.0.1,type=veth,rate=5"
        #expect(StackRunner.changedNetwork(actual, to: "name=eth0,bridge=vmbr0,ip=10.0.0.5/24,gw=10.0.0.1,firewall=1")
            == "name=eth0,bridge=vmbr0,hwaddr=BC:24:11:00:00:01,ip=10.0.0.5/24,gw=10.0.0.1,type=veth,rate=5,firewall=1")
        #expect(StackRunner.changedNetwork(actual, to: "name=eth0,bridge=vmbr1,ip=dhcp")
            == "name=eth0,bridge=vmbr1,hwaddr=BC:24:11:00:00:01,ip=dhcp,type=veth,rate=5")
        #expect(StackRunner.changedNetwork(actual, to: "name=eth0,ip=10.0.1.5/24,gw=10.0.1.1")?.contains("gw=10.0.1.1") == true)
        #expect(StackRunner.changedNetwork(nil, to: "name=eth0") == nil)
    }
}
