import ContainerKitTestSupport
import Foundation
import LXCBuildTestSupport
import ProxmoxAPI
import Synchronization
import Testing
@testable import ContainerKit

/// `depends_on` orders creation and start; unknown names and cycles stop the file before any read.
@Suite("Stack key depends_on: refused when unknown or circular, orders the creates", .serialized)
struct StackDependencyTests {
    static func parse(_ text: String) throws(BuildError) -> StackFile { try StackFile.parse(text, path: "tier.yaml") }

    @Test("depends_on is kept as written, one name or a list")
    func parsed() throws {
        let file = try Self.parse("containers:\n  db:\n  app:\n    depends_on: db\n  proxy:\n    depends_on: [app, db]\n")
        #expect(file.containers.map(\.dependsOn) == [[], ["db"], ["app", "db"]])
    }

    @Test("a name that is no container, and a cycle, are refused (64) naming the container, the name and the cycle")
    func refused() {
        let cases = [
            ("containers:\n  db:\n  app:\n    depends_on: [dbs]\n",
             "line 4: depends_on in container app: 'dbs' is not a container of the stack; accepted: db; did you mean db?"),
            ("containers:\n  db:\n    depends_on: proxy\n  app:\n    depends_on: db\n  proxy:\n    depends_on: app\n",
             "depends_on makes a cycle: db -> proxy -> app -> db"),
            ("containers:\n  db:\n    depends_on: db\n", "depends_on makes a cycle: db -> db"),
        ]
        expectStackFileRefusals(cases, parse: Self.parse)
    }

    @Test("destroy --stack removes dependants first: the reverse of the creates' order")
    func destructionOrder() throws {
        let file = try Self.parse("containers:\n  proxy:\n    depends_on: app\n  app:\n    depends_on: db\n  cache:\n  db:\n")
        #expect(file.destructionOrder == ["proxy", "app", "db", "cache"])
    }

    @Test("firewall, ha and depends_on of the file reach each member's spec through Stack.load")
    func loaded() async throws {
        let (file, catalog, environment, _) = try StackLoadingTests.setUp("""
            defaults:
              app: demo
            containers:
              db:
                ha: {state: started, rule: shop}
              proxy:
                depends_on: db
                firewall: {enable: true, rules: [{type: in, action: ACCEPT, proto: tcp, dport: 443}]}
            """)
        let stack = try await Stack.load(file: file, environment: environment, catalog: try CatalogSource(catalog: catalog, environment: environment),
                                         node: NodeRequest(flag: "pve1", environment: environment))
        #expect(stack.members.map(\.dependsOn) == [[], ["db"]])
        #expect(stack.members.map(\.spec.ha) == [ContainerHA(state: "started", rule: "shop"), nil])
        #expect(stack.members.map { $0.spec.firewall?.rules.first?.parameters["dport"] } == [nil, "443"])
    }

    /// db, app (depends on db), proxy (depends on app), cache (independent), listed dependants first.
    static func stack() -> Stack {
        let names = [("proxy", ["app"]), ("app", ["db"]), ("cache", []), ("db", [])]
        let members = names.enumerated().map { index, item in
            var spec = staticSpec(address: "10.0.0.\(40 + index)/24")
            spec.hostname = item.0
            var options = ContainerBuilder.Options()
            options.taskTimeout = .seconds(300)
            return StackMember(name: item.0, spec: spec, options: options, dependsOn: item.1)
        }
        return Stack(name: "tier", file: "tier.yaml", members: members, key: StackKey.random(), keyPath: "/keys/tier.key")
    }

    /// ``stack()`` planned on `pve` (with a template), and its runner.
    static func planned(_ pve: FakePVE) async throws -> (StackRunner, StackPlan) {
        try pve.storeDebianTemplate()
        let runner = StackRunner(client: try pve.passwordClient(), concurrency: 4, placementSeed: 7, sleep: { _ in })
        return (runner, try await runner.plan(stack()))
    }

    @Test("each container is created only once its dependencies run, whatever the file's order; independent ones alongside")
    func ordered() async throws {
        try await withFakePVE { pve in
            let (runner, plan) = try await Self.planned(pve)
            let report = try StackPlanReport(plan: plan)
            #expect(report.containers.map(\.dependsOn) == [["app"], ["db"], nil, nil], "apply --plan --json names them")
            let ids = Dictionary(uniqueKeysWithValues: plan.entries.compactMap { entry -> (String, Int)? in
                if case .create(let created) = entry.outcome { (entry.name, created.ctid) } else { nil }
            })
            let result = await runner.apply(plan)
            #expect(result.exitCode == 0, "\(result.failures.map(\.error.description))")
            let rows = try pve.command(["op": "get", "attr": "requests"]) as? [[Any]] ?? []
            let requests = rows.compactMap { row -> (String, String, String)? in
                guard row.count >= 3, let method = row[0] as? String, let path = row[1] as? String else { return nil }
                return (method, path, row[2] as? String ?? "")
            }
            func created(_ name: String) throws -> Int {
                try #require(requests.firstIndex { $0.0 == "POST" && $0.1.hasSuffix("/lxc") && $0.2.contains("vmid=\(ids[name]!)") })
            }
            /// The last read that showed `name` running before its dependant's create (its interfaces or its status).
            func running(_ name: String) -> Int? {
                requests.lastIndex { $0.0 == "GET" && ($0.1.hasSuffix("/lxc/\(ids[name]!)/interfaces") || $0.1.hasSuffix("/lxc/\(ids[name]!)/status/current")) }
            }
            let (db, app, proxy) = (try created("db"), try created("app"), try created("proxy"))
            #expect(db < app && app < proxy, "creates in dependency order: db \(db), app \(app), proxy \(proxy)")
            #expect((running("db") ?? Int.max) < app && (running("app") ?? Int.max) < proxy, "each dependency seen running first")
        }
    }

    /// Answers curl, as HealthCheck asks the URL with it, with `status`, remembering each URL asked; every other command
    /// as ScriptedNodeShell does (an install that works).
    final class URLShell: NodeShell {
        let configLayout = ContainerConfigLayout.plainLXC
        var name: String { "url" }
        let status: Int
        let asked = Mutex<[String]>([])
        let others = ScriptedNodeShell(failures: 0)
        init(status: Int) { self.status = status }

        func run(_ command: NodeCommand) async throws(NodeShellError) -> CommandResult {
            if command.arguments.first == "curl" {
                asked.withLock { $0.append(command.arguments.last ?? "") }
                return CommandResult(exitCode: 0, stdout: Data("\(status) 0.01".utf8))
            }
            return try await others.run(command)
        }
    }

    /// db, the demo app whose script names http://${IP}:8080 (built through `shell`), and app, which depends on it.
    static func healthStack(_ shell: URLShell) throws -> Stack {
        let catalog = try makeCatalog(body: "true")
        let script = try String(contentsOfFile: catalog + "/ct/demo.sh", encoding: .utf8) + "echo \"http://${IP}:8080\"\n"
        try script.write(toFile: catalog + "/ct/demo.sh", atomically: true, encoding: .utf8)
        var provisioning = ProvisioningOptions(shell: shell)
        provisioning.checkNetwork = false
        provisioning.bootstrap = false
        provisioning.logDirectory = try temporaryFolder()
        provisioning.catalogDirectory = catalog
        var members: [StackMember] = []
        for (index, name) in ["db", "app"].enumerated() {
            var spec = staticSpec("demo", address: "10.0.0.\(50 + index)/24")
            spec.hostname = name
            var options = ContainerBuilder.Options()
            options.taskTimeout = .seconds(300)
            if name == "db" { options.provisioning = provisioning }
            members.append(StackMember(name: name, spec: spec, options: options, dependsOn: name == "app" ? ["db"] : []))
        }
        return Stack(name: "tier", file: "tier.yaml", members: members, key: StackKey.random(), keyPath: "/keys/tier.key")
    }

    @Test("a dependency whose app has a URL must answer it (HealthCheck) before its dependants are created: 200 goes on, 503 stops them")
    func healthyFirst() async throws {
        for status in [200, 503] {
            try await withFakePVE { pve in
                try pve.storeDebianTemplate()
                let shell = URLShell(status: status)
                let runner = StackRunner(client: try pve.passwordClient(), concurrency: 2, placementSeed: 7, sleep: { _ in }, dependencyHealthWait: .zero)
                let result = try await runner.planAndApply(try Self.healthStack(shell))
                let db = try #require(result.entries.first { $0.name == "db" })
                guard case .created(let built) = db.outcome else {
                    Issue.record("db: \(db.outcome)")
                    return
                }
                #expect(shell.asked.withLock { $0 } == ["http://10.0.0.50:8080"])
                let app = try #require(result.entries.last)
                if status == 200 {
                    guard case .created = app.outcome else { Issue.record("app: \(app.outcome)"); return }
                } else {
                    guard case .failed(let error) = app.outcome else { Issue.record("app: \(app.outcome)"); return }
                    #expect(error.message.contains("its dependency db runs but is not healthy") && error.message.contains("answered 503"), "\(error.message)")
                    let creates = try pve.writes().filter { $0.method == "POST" && $0.path.hasSuffix("/lxc") }
                    #expect(creates.count == 1, "db's create only (\(built.ctid)): \(creates)")
                }
            }
        }
    }

    @Test("a dependency that fails stops its dependants before their create, naming it; the others are built")
    func dependencyFailed() async throws {
        try await withFakePVE { pve in
            let (runner, plan) = try await Self.planned(pve)
            let db = try #require(plan.creates.first { $0.spec.hostname == "db" })
            try pve.failStarts("startup for container '\(db.ctid)' failed", vmid: db.ctid)
            let result = await runner.apply(plan)
            let outcomes = Dictionary(uniqueKeysWithValues: result.entries.map { ($0.name, $0.outcome) })
            guard case .failed(let app)? = outcomes["app"], case .failed(let proxy)? = outcomes["proxy"], case .created? = outcomes["cache"] else {
                Issue.record("\(outcomes)")
                return
            }
            #expect(app.message.contains("app was not created: its dependency db was not created"), "\(app.message)")
            #expect(proxy.message.contains("its dependency app was not created"), "\(proxy.message)")
            let creates = try pve.writes().filter { $0.method == "POST" && $0.path.hasSuffix("/lxc") }
            #expect(creates.count == 2, "db and cache only: \(creates)")
        }
    }
}
