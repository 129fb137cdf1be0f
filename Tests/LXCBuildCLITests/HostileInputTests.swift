import ConfigResolution
import Foundation
import LXCBuildTestSupport
import Testing

/// Issue 8: every option of `lxc-build create` that takes a value, given an invalid one, fails with a message
/// naming the option (or its `var_` key) and the value, exit 64 (112 for `--mode`, build.func's code), and nothing
/// created; values that would inject into a property string, a URL path or a shell are refused before any request.
@Suite("Hostile command-line input", .serialized)
struct HostileInputTests {
    /// One invalid value for one option, and what the error must name.
    struct Case: Sendable, CustomTestStringConvertible {
        let option: String
        let value: String
        /// The option or its `var_` key; the message must contain one of these.
        let names: [String]
        var exitCode: Int32 = 64
        /// Refused before any request (else only reads happened: the check needs the cluster).
        var beforeConnecting = true
        var testDescription: String { "\(option) \(value)" }
    }

    /// Every `create` option that takes a value: `create --help` must list exactly these (``listIsComplete()``).
    static let cases: [Case] = [
        Case(option: "--mode", value: "bogus", names: ["--mode"], exitCode: 112),
        Case(option: "--set", value: "hostname=a,b", names: ["var_hostname"]),
        Case(option: "--set", value: "nokey", names: ["--set"]),
        Case(option: "--set", value: "tags=x;rm -rf /", names: ["var_tags"]),
        Case(option: "--unset", value: "colour", names: ["--unset"]),
        Case(option: "--node-shell", value: "ssh://a;b", names: ["--node-shell"]),
        Case(option: "--node-shell", value: "ssh://-oProxyCommand=touch", names: ["--node-shell"]),
        Case(option: "--on-failure", value: "explode", names: ["--on-failure"]),
        Case(option: "--hostname", value: "a,b=c", names: ["var_hostname"]),
        Case(option: "--hostname", value: "$(touch /tmp/pwned)", names: ["var_hostname"]),
        Case(option: "--ctid", value: "5", names: ["var_ctid"], exitCode: 205),
        Case(option: "--ctid", value: "abc", names: ["--ctid"]),
        Case(option: "--cpu", value: "0", names: ["var_cpu"]),
        Case(option: "--ram", value: "1", names: ["var_ram"]),
        Case(option: "--disk", value: "0", names: ["var_disk"]),
        Case(option: "--os", value: "debian;rm -rf /", names: ["var_os"]),
        Case(option: "--os-version", value: "`touch /tmp/pwned`", names: ["var_version"]),
        Case(option: "--storage", value: "local-lvm,size=1", names: ["var_container_storage"]),
        Case(option: "--template-storage", value: "local=x", names: ["var_template_storage"]),
        Case(option: "--bridge", value: "vmbr0,tag=5", names: ["var_brg"]),
        Case(option: "--ip", value: "10.0.0.5/24,gw=10.0.0.1", names: ["var_net"]),
        Case(option: "--gateway", value: "10.0.0.1;reboot", names: ["var_gateway"]),
        Case(option: "--ipv6-address", value: "fd00::5/64,rate=1", names: ["--ipv6-address"]),
        Case(option: "--ipv6-gateway", value: "$(touch /tmp/pwned)", names: ["--ipv6-gateway"]),
        Case(option: "--vlan", value: "4095", names: ["var_vlan"]),
        Case(option: "--gpu", value: "nvidia;rm -rf /", names: ["--gpu"]),
        Case(option: "--mtu", value: "100", names: ["var_mtu"]),
        Case(option: "--node", value: "pve1/../x", names: ["--node"]),
        Case(option: "--endpoint", value: "ftp://pve.example", names: ["endpoint"]),
        Case(option: "--catalog", value: "/nonexistent/catalog", names: ["--catalog"]),
        Case(option: "--ip-timeout", value: "-1", names: ["--ip-timeout"]),
        Case(option: "--log", value: "/nonexistent/folder/run.log", names: ["--log"]),
        Case(option: "--mount", value: "/srv/media,mp=/media,size=1", names: ["var_mounts"]),
        Case(option: "--mount", value: "/srv/../etc,mp=/etc2", names: ["var_mounts"]),
    ]

    @Test("create --help lists no option that takes a value beyond those the cases cover")
    func listIsComplete() async throws {
        let help = try await CLITests.run(["create", "--help"], environment: ProcessInfo.processInfo.environment)
        #expect(help.status == 0)
        let listed = Set(help.output.split(separator: "\n").compactMap { line in
            line.firstMatch(of: /^\s+(?:-[A-Za-z], )?(--[a-z0-9-]+) </).map { String($0.1) }
        })
        #expect(listed.count >= 20, "the help text was not understood: \(help.output)")
        #expect(listed == Set(Self.cases.map(\.option)), "options in create --help without a case, or cases for no option")
    }

    @Test("an invalid value: the option or key and the value named, the documented exit code, nothing sent", arguments: cases)
    func invalidValue(_ item: Case) async throws {
        try await withFakePVE { pve in
            try pve.storeDebianTemplate()
            let environment = CLITests.environment(for: pve, defaults: try CLITests.temporaryDirectory())
            let run = try await CLITests.run(["create", "debian", "--os-version", "12", "--yes", "--ip-timeout", "1", item.option + "=" + item.value],
                                             environment: environment)
            #expect(run.status.rawValue == item.exitCode, "\(run.errors)")
            #expect(item.names.contains { run.errors.contains($0) }, "\(run.errors)")
            #expect(run.errors.contains(item.value) || run.errors.contains(item.value.split(separator: "=", maxSplits: 1).last.map(String.init) ?? "?"),
                    "the value is named: \(run.errors)")
            #expect(try pve.writes().isEmpty)
            let requests = try pve.requests()
            if item.beforeConnecting { #expect(requests.isEmpty, "\(requests)") }
            #expect(try await pve.containerIDs().isEmpty)
            #expect(!FileManager.default.fileExists(atPath: "/tmp/pwned"))
        }
    }

    @Test("a secret's invalid value is masked in the message")
    func secretMasked() async throws {
        try await withFakePVE { pve in
            var environment = CLITests.environment(for: pve, defaults: try CLITests.temporaryDirectory())
            environment["var_github_token"] = "Gh Marker Secret 77"
            let run = try await CLITests.run(["create", "debian", "--yes", "--set", "pw=Pw\nMarker-Line"], environment: environment)
            #expect(run.status == 64)
            #expect(run.errors.contains("var_github_token") && run.errors.contains("var_pw"), "\(run.errors)")
            #expect(!run.errors.contains("Marker") && !run.output.contains("Marker"), "\(run.errors)")
            #expect(try pve.requests().isEmpty)
        }
    }

    /// A value that would inject, with a file a shell would create if it ran the value.
    static func hostileValues(canary: String) -> [String] {
        ["a,b", "a=b", "a\nb", "a;rm -rf /", "$(touch \(canary))", "a`touch \(canary)`"]
    }

    /// Keys and values that are legitimately accepted (a list separated by commas); ``acceptedValuesStayQuoted()``
    /// checks where each goes. A password may hold any of these characters but no space and at least 5 characters,
    /// so each value here is refused for `var_pw` too.
    static let accepted: [String: Set<String>] = [
        "var_mount_fs": ["a,b"], "var_searchdomain": ["a,b"], "var_http_no_proxy": ["a,b"], "var_github_token": ["a,b", "a=b"],
    ]

    @Test("every var_* key with every injection value: refused before any request, each key and value named")
    func injectionThroughVariables() async throws {
        let folder = try CLITests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let canary = folder + "/pwned"
        try await withFakePVE { pve in
            try pve.storeDebianTemplate()
            for value in Self.hostileValues(canary: canary) {
                var environment = CLITests.environment(for: pve, defaults: folder)
                for key in ConfigKey.allCases { environment[key.variableName] = value }
                let run = try await CLITests.run(["create", "debian", "--os-version", "12", "--yes"], environment: environment)
                #expect(run.status == 64, "\(value.debugDescription): \(run.errors)")
                let shown = value.replacingOccurrences(of: "\n", with: "\\n")
                for key in ConfigKey.allCases {
                    let refused = run.errors.contains("\(key.variableName)=\"\(key.isSecret ? ConfigKey.secretMask : shown)\"")
                    let mayPass = Self.accepted[key.variableName]?.contains(value) == true
                    #expect(refused != mayPass, "\(key.variableName)=\(value.debugDescription): refused \(refused)\n\(run.errors)")
                }
                #expect(!run.errors.contains("a\nb"), "a newline is shown escaped")
                #expect(try pve.requests().isEmpty)
            }
            #expect(!FileManager.default.fileExists(atPath: canary))
        }
    }

    @Test("accepted values stay inside their parameter: a list is re-joined, a password is masked and sent as one field")
    func acceptedValuesStayQuoted() async throws {
        let folder = try CLITests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let canary = folder + "/pwned"
        let password = "p,w=x;rm${IFS}-rf${IFS}\(canary);$(touch${IFS}\(canary))`touch${IFS}\(canary)`"
        try await withFakePVE { pve in
            try pve.storeDebianTemplate()
            var environment = CLITests.environment(for: pve, defaults: folder)
            environment["var_pw"] = password
            environment["var_mount_fs"] = "nfs,cifs"
            environment["var_searchdomain"] = "a.example,b.example"
            environment["var_http_no_proxy"] = "a,b"
            environment["var_github_token"] = "a=b,c"
            let plan = try await CLITests.run(["plan", "debian", "--os-version", "12", "--json"], environment: environment)
            #expect(plan.status == 0, "\(plan.errors)")
            let parameters = try #require((plan.json["requests"] as? [[String: Any]])?.first?["parameters"] as? [String: String])
            #expect(parameters["features"] == "nesting=1,keyctl=1,mount=nfs;cifs")
            #expect(parameters["searchdomain"] == "a.example b.example")
            #expect(parameters["password"] == ConfigKey.secretMask)
            #expect(!plan.output.contains("a=b,c") && !plan.output.contains("rm${IFS}"))

            let create = try await CLITests.run(["create", "debian", "--os-version", "12", "--ip", "10.50.0.5/24", "--yes", "--json"],
                                                environment: environment)
            #expect(create.status == 0, "\(create.errors)")
            // The body as fakepve recorded it (the password redacted by the fake): one password field, no key the
            // password's ',' or '=' could have added.
            let rows = try pve.command(["op": "get", "attr": "requests"]) as? [[Any]] ?? []
            let body = try #require(rows.first { $0.count > 2 && $0[0] as? String == "POST" && ($0[1] as? String)?.hasSuffix("/nodes/pve1/lxc") == true }?[2] as? String)
            let keys = body.split(separator: "&").map { String($0.split(separator: "=", maxSplits: 1).first ?? "") }
            #expect(keys.filter { $0 == "password" }.count == 1)
            #expect(Set(keys).isSubset(of: ["vmid", "ostemplate", "hostname", "password", "cores", "memory", "rootfs", "net0", "features",
                                            "searchdomain", "onboot", "unprivileged", "tags", "description", "start", "nameserver"]), "\(keys)")
            let config = try await pve.passwordClient().node("pve1").container(100).config()
            #expect(config.options.searchDomain == "a.example b.example")
            #expect(!"\(config.raw)".contains("rm${IFS}") && !"\(config.raw)".contains("a=b,c"))
            #expect(!FileManager.default.fileExists(atPath: canary))
        }
    }
}
