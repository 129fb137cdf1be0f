import ContainerKitTestSupport
import Foundation
import LXCBuildTestSupport
import ProxmoxAPI
import Testing
@testable import ContainerKit

@Suite("Stack keys startup and pool: parsed, refused when wrong, sent with the create")
struct StackStartupPoolTests {
    static func parse(_ text: String) throws(BuildError) -> StackFile { try StackFile.parse(text, path: "web.yaml") }

    @Test("startup becomes PVE's property string, pool an id; a container's own replace the defaults'")
    func parsed() throws {
        let file = try Self.parse("""
            defaults:
              app: debian
              pool: homelab
              startup: {order: 5}
            containers:
              db:
                startup: {order: 1, up: 30, down: 120}
              web:
                pool: web-tier
            """)
        #expect(file.containers.map(\.startup) == ["order=1,up=30,down=120", "order=5"])
        #expect(file.containers.map(\.pool) == ["homelab", "web-tier"])
    }

    @Test("refused with the line: an unknown startup key, a value out of range, a startup that is no mapping, a pool that is no id")
    func refused() {
        let cases = [
            ("containers:\n  db:\n    startup: {order: 1, delay: 5}\n", "line 3: startup in container db has the key 'delay'"),
            ("containers:\n  db:\n    startup: {up: 100000}\n", "up: '100000' is not a whole number from 0 to 86400"),
            ("containers:\n  db:\n    startup: first\n", "must be a mapping of order, up and down"),
            ("containers:\n  db:\n    pool: 'a b'\n", "pool 'a b' in container db is not a pool id"),
        ]
        expectStackFileRefusals(cases, parse: Self.parse)
    }

    @Test("apply sends startup and pool with the create: the container has the order and is in the pool; drift is nil")
    func sent() async throws {
        try await withFakePVE { pve in
            try pve.storeDebianTemplate()
            let client = try pve.passwordClient()
            _ = try await client.send(APIRequest(.post, "/pools", parameters: [APIParameter("poolid", .string("homelab"))]))
            var spec = staticSpec(address: "10.0.0.21/24")
            spec.hostname = "db"
            spec.startup = "order=1,up=30"
            spec.pool = "homelab"
            var options = ContainerBuilder.Options()
            options.taskTimeout = .seconds(300)
            let stack = Stack(name: "tier", file: "tier.yaml", members: [StackMember(name: "db", spec: spec, options: options)],
                              key: StackKey.random(), keyPath: "/keys/tier.key")
            let result = try await StackRunner(client: client, concurrency: 1, placementSeed: 7, sleep: { _ in }).planAndApply(stack)
            guard case .created(let built)? = result.entries.first?.outcome else {
                Issue.record("not created: \(String(describing: result.entries.first?.outcome))")
                return
            }
            let config = try await client.node(built.node).container(built.ctid).config()
            #expect(config.options.startup == "order=1,up=30")
            let pool = try await client.send(APIRequest(.get, "/pools/homelab"))
            let members = pool["data"]?["members"]?.arrayValue?.compactMap { $0["vmid"]?.intValue } ?? []
            #expect(members.contains(built.ctid), "\(pool)")
            let again = try await StackRunner(client: client, concurrency: 1, placementSeed: 7, sleep: { _ in }).planAndApply(stack)
            guard case .existing(let existing)? = again.entries.first?.outcome else {
                Issue.record("not found again: \(String(describing: again.entries.first?.outcome))")
                return
            }
            #expect(existing.drift.isEmpty, "startup compared, pool not: \(existing.drift)")
        }
    }
}
