import Foundation
import LXCBuildTestSupport
import ProxmoxAPI
import Testing

/// `lxc-build apply` and `destroy --stack` as scripts use them, against a three-node fakepve.
@Suite("apply and destroy --stack against fakepve", .serialized)
struct StackCommandTests {
    static let stack = """
        name: web-tier
        defaults:
          app: debian
          node: auto
          settings: {var_version: 12, var_gateway: 10.0.0.1, var_ram: 512}
        containers:
          web1:
            settings: {var_net: 10.0.0.11/24}
          web2:
            settings: {var_net: 10.0.0.12/24}
          web3:
            settings: {var_net: 10.0.0.13/24}
        """

    /// A folder with the stack file, and the environment of a run against `pve`.
    static func setUp(_ pve: FakePVE, stack: String = stack) throws -> (file: String, environment: [String: String]) {
        let folder = try CLITests.temporaryDirectory()
        let file = (folder as NSString).appendingPathComponent("web-tier.yaml")
        try stack.write(toFile: file, atomically: true, encoding: .utf8)
        return (file, CLITests.environment(for: pve, defaults: folder))
    }

    static func containers(_ run: CLITests.Run) -> [[String: Any]] {
        run.json["containers"] as? [[String: Any]] ?? []
    }

    @Test("apply stopped before any write (a refused stack file, --plan, a usage error) keeps no log and names none")
    func noLogBeforeWrites() async throws {
        try await withFakePVE(extraNodes: ["pve2", "pve3"]) { pve in
            try pve.storeDebianTemplate()
            let bad = Self.stack.replacingOccurrences(of: "{var_net: 10.0.0.12/24}", with: "{var_net: 10.0.0.12/24, ram: 10}")
            let (file, environment) = try Self.setUp(pve, stack: bad)
            let logFolder = try #require(environment["LXC_BUILD_LOG_DIR"])
            for arguments in [["--plan"], ["--plan", "--json"], ["--yes"], ["--yes", "--concurrency", "0"]] {
                let run = try await CLITests.run(["apply", file] + arguments, environment: environment)
                #expect(run.status == 64, "\(arguments): \(run.errors)")
                #expect(!run.errors.contains("Full log"), "\(arguments): \(run.errors)")
            }
            let (good, _) = try Self.setUp(pve)
            let planned = try await CLITests.run(["apply", good, "--plan"], environment: environment)
            #expect(planned.status == 0, "\(planned.errors)")
            #expect(!planned.errors.contains("Full log"))
            let logs = (try? FileManager.default.contentsOfDirectory(atPath: logFolder)) ?? []
            #expect(logs.isEmpty, "no log kept: \(logs)")
            #expect(try pve.writes().isEmpty)
        }
    }

    @Test("apply --yes --json creates the stack over the three nodes; again, it creates nothing; destroy --stack removes it")
    func applyTwiceAndDestroy() async throws {
        try await withFakePVE(extraNodes: ["pve2", "pve3"]) { pve in
            try pve.storeDebianTemplate()
            let (file, environment) = try Self.setUp(pve)
            let first = try await CLITests.run(["apply", file, "--yes", "--json"], environment: environment)
            #expect(first.status == 0, "\(first.errors)")
            let created = Self.containers(first)
            #expect(created.map { $0["status"] as? String } == ["created", "created", "created"])
            #expect(Set(created.compactMap { $0["node"] as? String }) == ["pve1", "pve2", "pve3"])

            #expect(!first.errors.contains("Full log"))
            let logs = try FileManager.default.contentsOfDirectory(atPath: try #require(environment["LXC_BUILD_LOG_DIR"]))
            #expect(logs.isEmpty, "a successful apply keeps no log: \(logs)")

            let second = try await CLITests.run(["apply", file, "--yes", "--json"], environment: environment)
            #expect(second.status == 0)
            #expect(Self.containers(second).map { $0["status"] as? String } == ["existing", "existing", "existing"])
            #expect(try pve.writes().filter { $0.method == "POST" && $0.path.hasSuffix("/lxc") }.count == 3)

            try pve.call("add_ct", [300, "web1"], ["node": "pve2"])
            let destroyed = try await CLITests.run(["destroy", "--stack", file, "--yes", "--json"], environment: environment)
            #expect(destroyed.status == 0, "\(destroyed.output)")
            #expect((destroyed.json["destroyed"] as? [[String: Any]])?.count == 3)
            #expect((destroyed.json["destroyed"] as? [[String: Any]])?.allSatisfy { ($0["backup"] as? String)?.hasPrefix("local:backup/vzdump-lxc-") == true }
                        == true, "each container backed up first")
            #expect(try await pve.containerIDs() == [300])
        }
    }

    @Test("a marker written by hand: apply stops (64) naming it and writes nothing; --adopt proves it; destroy --stack leaves an unproved one (64)")
    func handWrittenMarker() async throws {
        try await withFakePVE(extraNodes: ["pve2", "pve3"]) { pve in
            try pve.storeDebianTemplate()
            let (file, environment) = try Self.setUp(pve)
            try pve.call("add_ct", [300, "web1"], ["node": "pve2", "config": ["description": "lxc-build stack: web-tier web1"]])
            let refused = try await CLITests.run(["apply", file, "--yes"], environment: environment)
            #expect(refused.status == 64, "\(refused.errors)")
            #expect(refused.errors.contains("web1 is claimed by container 300 on pve2 (its marker has no proof"), "\(refused.errors)")
            #expect(refused.errors.contains("--adopt NAME=ID"))
            #expect(try pve.writes().isEmpty)

            let destroy = try await CLITests.run(["destroy", "--stack", file, "--yes", "--json"], environment: environment)
            #expect(destroy.status == 64, "\(destroy.output)")
            #expect((destroy.json["leftAlone"] as? [[String: Any]])?.first?["ctid"] as? Int == 300)
            #expect(try await pve.containerIDs() == [300])

            let adopted = try await CLITests.run(["apply", file, "--yes", "--json", "--adopt", "web1=300"], environment: environment)
            #expect(adopted.status == 0, "\(adopted.errors)")
            #expect(Self.containers(adopted).map { $0["status"] as? String } == ["existing", "created", "created"])
            let keys = try #require(environment["LXC_BUILD_STACK_KEYS"])
            #expect(try FileManager.default.attributesOfItem(atPath: keys + "/web-tier.key")[.posixPermissions] as? Int == 0o600)
        }
    }

    @Test("destroy --stack with a protected member: the plan says it is left alone, the others go, it is never backed up; 77, text and JSON")
    func protectedMember() async throws {
        try await withFakePVE(extraNodes: ["pve2", "pve3"]) { pve in
            try pve.storeDebianTemplate()
            let (file, environment) = try Self.setUp(pve)
            let applied = try await CLITests.run(["apply", file, "--yes", "--json"], environment: environment)
            #expect(applied.status == 0, "\(applied.errors)")
            let web2 = try #require(Self.containers(applied).first { $0["name"] as? String == "web2" })
            let (ctid, node) = (try #require(web2["ctid"] as? Int), try #require(web2["node"] as? String))
            _ = try await pve.passwordClient().call(APIRequest(.put, "/nodes/\(node)/lxc/\(ctid)/config", parameters: [APIParameter("protection", .bool(true))]))

            let destroyed = try await CLITests.run(["destroy", "--stack", file, "--yes"], environment: environment)
            #expect(destroyed.status == 77, "\(destroyed.output)\n\(destroyed.errors)")
            #expect(destroyed.errors.contains("web2: container \(ctid) on \(node) left alone: protection is set (pct set \(ctid) --protection 0 lifts it)"),
                    "\(destroyed.errors)")
            #expect(destroyed.errors.contains("web2: error: container \(ctid) has protection set"), "\(destroyed.errors)")
            #expect(destroyed.output.components(separatedBy: " removed from ").count == 3, "the two others removed: \(destroyed.output)")
            #expect(try await pve.containerIDs() == [ctid])
            #expect(try pve.requests().filter { $0.method == "POST" && $0.path.hasSuffix("/vzdump") }.count == 2, "the protected one is not backed up")

            let again = try await CLITests.run(["apply", file, "--yes"], environment: environment)
            #expect(again.status == 0, "\(again.errors)")
            let json = try await CLITests.run(["destroy", "--stack", file, "--yes", "--json"], environment: environment)
            #expect(json.status == 77, "\(json.output)")
            let leftAlone = try #require(json.json["leftAlone"] as? [[String: Any]])
            #expect(leftAlone.count == 1 && leftAlone[0]["ctid"] as? Int == ctid && leftAlone[0]["reason"] as? String == "protected")
            #expect((json.json["destroyed"] as? [[String: Any]])?.count == 2 && json.json["status"] as? String == "failed")
            #expect(try await pve.containerIDs() == [ctid])
        }
    }

    @Test("apply --plan prints every container's plan and writes nothing")
    func planOnly() async throws {
        try await withFakePVE(extraNodes: ["pve2", "pve3"]) { pve in
            try pve.storeDebianTemplate()
            let (file, environment) = try Self.setUp(pve)
            let run = try await CLITests.run(["apply", file, "--plan", "--json"], environment: environment)
            #expect(run.status == 0, "\(run.errors)")
            let entries = Self.containers(run)
            #expect(entries.map { $0["status"] as? String } == ["create", "create", "create"])
            #expect(entries.allSatisfy { (($0["plan"] as? [String: Any])?["actions"] as? [Any])?.isEmpty == false })
            #expect(try pve.writes().isEmpty)
            let text = try await CLITests.run(["apply", file, "--plan"], environment: environment)
            #expect(text.status == 0 && text.output.contains("== web2: create ==") && text.output.contains("What create does, in order"))
            #expect(try pve.writes().isEmpty)
        }
    }

    @Test("Ctrl-C while the first container starts: exit 130 and nothing of this run is left")
    func interrupted() async throws {
        try await withFakePVE(extraNodes: ["pve2", "pve3"]) { pve in
            try pve.storeDebianTemplate()
            // A create task of two seconds, and Ctrl-C once the fake has the first create request: it arrives while
            // that task runs (its line is written only when the task is done).
            try pve.setItem("ct_secs", key: "create", value: 40)
            try pve.set("time_scale", 0.05)
            let (file, environment) = try Self.setUp(pve)
            let run = try await CLITests.run(["apply", file, "--yes", "--concurrency", "1"], environment: environment,
                                             after: "Finding the template:", once: CLITests.createSent(pve), .signal(SIGINT))
            #expect(run.status == 130, "\(run.errors)")
            #expect(try await pve.containerIDs().isEmpty, "\(run.output)\n\(run.errors)")
        }
    }

    @Test("apply on a terminal shows every container's plan before it asks; no writes nothing (254), yes creates")
    func asksAfterThePlans() async throws {
        try await withFakePVE(extraNodes: ["pve2", "pve3"]) { pve in
            try pve.storeDebianTemplate()
            let (file, environment) = try Self.setUp(pve)
            let declined = try await PseudoTerminal().run([CLITests.executable, "apply", file], environment: environment,
                                                          steps: [.init("[y/N]", ["n\r"])])
            #expect(declined.failedStep == nil && declined.status == 254, "\(declined.transcript)")
            let shown = declined.squeezed
            let question = shown.range(of: "[y/N]")?.lowerBound
            for name in ["web1", "web2", "web3"] {
                let plan = shown.range(of: "== \(name): create ==")?.lowerBound
                #expect(plan != nil && question != nil && plan! < question!, "\(name)'s plan before the question: \(declined.transcript)")
            }
            #expect(shown.contains("What create does, in order"))
            #expect(try pve.writes().isEmpty)
            let accepted = try await PseudoTerminal().run([CLITests.executable, "apply", file], environment: environment,
                                                          steps: [.init("[y/N]", ["y\r"])])
            #expect(accepted.status == 0, "\(accepted.transcript)")
            #expect(try await pve.containerIDs().count == 3)
        }
    }

    @Test("a key that is no setting stops apply before any request: exit 64 naming file, container, key and the nearest setting")
    func unknownSetting() async throws {
        try await withFakePVE { pve in
            let (file, environment) = try Self.setUp(pve, stack: "containers:\n  web1:\n    app: debian\n    settings: {var_cpus: 2}\n")
            let run = try await CLITests.run(["apply", file, "--yes", "--json"], environment: environment)
            #expect(run.status == 64)
            let message = (run.json["error"] as? [String: Any])?["message"] as? String ?? ""
            #expect(message.contains("web-tier.yaml line 4, container web1") && message.contains("did you mean var_cpu?"))
            #expect(try pve.requests().isEmpty)
        }
    }

    @Test("without --yes and without a terminal, apply refuses (64) before any request; a password in the file reaches no output")
    func needsYes() async throws {
        try await withFakePVE { pve in
            let secretStack = Self.stack.replacingOccurrences(of: "var_ram: 512}", with: "var_ram: 512, var_pw: Hunter2-Stack-Secret}")
            let (file, environment) = try Self.setUp(pve, stack: secretStack)
            let run = try await CLITests.run(["apply", file, "--json"], environment: environment)
            #expect(run.status == 64)
            #expect(((run.json["error"] as? [String: Any])?["message"] as? String)?.contains("add --yes") == true)
            #expect(try pve.requests().isEmpty)
            try pve.storeDebianTemplate()
            let plan = try await CLITests.run(["apply", file, "--plan", "--json"], environment: environment)
            #expect(plan.status == 0)
            #expect(!(plan.output + plan.errors).contains("Hunter2-Stack-Secret"))
        }
    }

    @Test("one container failing at start: exit 84, the failed one removed, the result lists each container, the log is kept and masked")
    func partial() async throws {
        try await withFakePVE(extraNodes: ["pve2", "pve3"]) { pve in
            try pve.storeDebianTemplate()
            try pve.failStarts("startup for container '101' failed", vmid: 101)
            let secretStack = Self.stack.replacingOccurrences(of: "var_ram: 512}", with: "var_ram: 512, var_pw: Hunter3-Stack-Secret}")
            let (file, environment) = try Self.setUp(pve, stack: secretStack)
            let run = try await CLITests.run(["apply", file, "--yes", "--json"], environment: environment)
            #expect(run.status == 84)
            #expect(Self.containers(run).map { $0["status"] as? String } == ["created", "failed", "created"])
            #expect((run.json["error"] as? [String: Any])?["exitCode"] as? Int == 84)
            #expect(try await pve.containerIDs() == [100, 102])
            let path = String(try #require(run.errors.firstMatch(of: /Full log: (\S+)/), "\(run.errors)").1)
            #expect(path.hasPrefix(try #require(environment["LXC_BUILD_LOG_DIR"]) + "/lxc-build-"))
            let log = try String(contentsOfFile: path, encoding: .utf8)
            #expect(log.contains("web1: ") && log.contains("web3: "), "every container's steps: \(log)")
            #expect(log.contains("web2: exit 117") && log.contains("startup for container '101' failed"), "\(log)")
            #expect(log.contains("exit 84 ("), "\(log)")
            #expect(!log.contains("Hunter3-Stack-Secret") && !(run.output + run.errors).contains("Hunter3-Stack-Secret"))
        }
    }
}

@Suite("apply --adopt of containers without a marker (export, then adopt)", .serialized)
struct AdoptUnmarkedTests {
    @Test("a container with no marker and the member's host name is adopted: marked, then existing with its drift; another name or another stack's marker is refused (64) with nothing written")
    func adoptUnmarked() async throws {
        try await withFakePVE(extraNodes: ["pve2", "pve3"]) { pve in
            try pve.storeDebianTemplate()
            let (file, environment) = try StackCommandTests.setUp(pve)
            try pve.call("add_ct", [300, "web1"], ["node": "pve2", "config": ["hostname": "web1", "description": "## debian\n- built by hand"]])
            try pve.call("add_ct", [301, "db"], ["node": "pve2", "config": ["hostname": "db"]])
            try pve.call("add_ct", [302, "web2"], ["node": "pve2", "config": ["hostname": "web2", "description": "lxc-build stack: other web2"]])
            let wrongName = try await CLITests.run(["apply", file, "--yes", "--adopt", "web2=301"], environment: environment)
            #expect(wrongName.status == 64 && wrongName.errors.contains("container 301 is named 'db'"), "\(wrongName.errors)")
            let otherStack = try await CLITests.run(["apply", file, "--yes", "--adopt", "web2=302"], environment: environment)
            #expect(otherStack.status == 64 && otherStack.errors.contains("marker of stack 'other'"), "\(otherStack.errors)")
            #expect(try pve.writes().isEmpty)

            let adopted = try await CLITests.run(["apply", file, "--yes", "--json", "--adopt", "web1=300"], environment: environment)
            #expect(adopted.status == 0, "\(adopted.errors)")
            let entries = StackCommandTests.containers(adopted)
            #expect(entries.first?["ctid"] as? Int == 300 && entries.first?["status"] as? String == "existing", "\(entries)")
            let notes = try await pve.passwordClient().node("pve2").container(300).config().options.description ?? ""
            #expect(notes.hasPrefix("## debian\n- built by hand\n- lxc-build stack: web-tier web1 proof="), "\(notes)")
            let again = try await CLITests.run(["apply", file, "--yes", "--json"], environment: environment)
            #expect(again.status == 0 && StackCommandTests.containers(again).map { $0["status"] as? String } == ["existing", "existing", "existing"])
        }
    }
}
