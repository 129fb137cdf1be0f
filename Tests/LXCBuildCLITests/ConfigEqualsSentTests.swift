import Foundation
import LXCBuildTestSupport
import ProxmoxAPI
import Testing

/// One truth from settings to requests (issue 14): for the same settings, what `config show` prints, what `plan`
/// says it will send and what `create` sends are the same values.
@Suite("config show = plan = what create sends", .serialized)
struct ConfigEqualsSentTests {
    static let rows: [[String]] = [
        ["--set", "net=10.30.0.9/24", "--set", "gateway=10.30.0.1"],
        ["--set", "cpu=2", "--set", "ram=2048", "--set", "disk=8", "--set", "unprivileged=0", "--set", "nesting=0",
         "--set", "tags=web;lab", "--set", "net=10.30.0.10/24"],
        ["--set", "vlan=20", "--set", "mtu=1450", "--set", "net=10.30.0.11/24", "--set", "gateway=10.30.0.1", "--set", "ns=10.30.0.1",
         "--set", "searchdomain=lab.example", "--set", "hostname=web-11"],
        ["--set", "fuse=yes", "--set", "keyctl=0", "--set", "net=dhcp", "--set", "protection=yes", "--set", "timezone=Europe/Berlin"],
        ["--set", "mounts=local-lvm:4,mp=/data,backup=1;/srv/media/,mp=/media,ro=yes,backup=0", "--set", "net=10.30.0.12/24"],
    ]

    static func flag(_ text: String?) -> Bool {
        ["1", "yes", "true"].contains(text?.lowercased() ?? "")
    }

    @Test("every value config show prints is the one plan lists and create sends", arguments: rows)
    func sameValues(_ settings: [String]) async throws {
        try await withFakePVE { pve in
            try pve.storeDebianTemplate()
            let environment = CLITests.environment(for: pve, defaults: try CLITests.temporaryDirectory())
            let base = ["debian", "--os-version", "12"] + settings + ["--json"]
            let shown = try await CLITests.run(["config", "show"] + base.filter { $0 != "--os-version" && $0 != "12" }
                + ["--set", "version=12"], environment: environment)
            #expect(shown.status == 0, "\(shown.errors)")
            let values = (shown.json["settings"] as? [String: [String: Any]] ?? [:]).mapValues { $0["value"] as? String }
            let planned = try await CLITests.run(["plan"] + base + ["--node-shell", "none", "--ip-timeout", "0"], environment: environment)
            #expect(planned.status == 0, "\(planned.errors)")
            let requests = planned.json["requests"] as? [[String: Any]] ?? []
            let plannedCreate = requests.first { ($0["path"] as? String)?.hasSuffix("/lxc") == true }?["parameters"] as? [String: String] ?? [:]
            let created = try await CLITests.run(
                ["create"] + base + ["--node-shell", "none", "--no-install", "--ip-timeout", "0"], environment: environment)
            #expect(created.status == 0, "\(created.errors)")
            let sent = try #require(try pve.recordedParameters("POST", pathSuffix: "/nodes/pve1/lxc").first)

            // plan = sent, parameter for parameter (the ownership mark in the notes differs from run to run).
            let withoutNotes = { (parameters: [String: String]) in parameters.filter { $0.key != "description" } }
            #expect(withoutNotes(plannedCreate) == withoutNotes(sent))

            // config show = sent.
            #expect(sent["cores"] == values["var_cpu"] ?? nil)
            #expect(sent["memory"] == values["var_ram"] ?? nil)
            #expect(sent["hostname"] == values["var_hostname"] ?? nil)
            #expect(sent["rootfs"]?.hasSuffix(":\(values["var_disk"].flatMap { $0 } ?? "?")") == true, "\(sent["rootfs"] ?? "")")
            #expect(Self.flag(sent["unprivileged"]) == Self.flag(values["var_unprivileged"] ?? nil))
            let features = sent["features"] ?? ""
            #expect(features.contains("nesting=1") == Self.flag(values["var_nesting"] ?? nil), "\(features)")
            #expect(features.contains("keyctl=1") == Self.flag(values["var_keyctl"] ?? nil), "\(features)")
            #expect(features.contains("fuse=1") == Self.flag(values["var_fuse"] ?? nil), "\(features)")
            let net0 = sent["net0"] ?? ""
            #expect(net0.contains("bridge=\(values["var_brg"].flatMap { $0 } ?? "?")"), "\(net0)")
            #expect(net0.contains("ip=\(values["var_net"].flatMap { $0 } ?? "?")"), "\(net0)")
            if let gateway = values["var_gateway"] ?? nil { #expect(net0.contains("gw=\(gateway)"), "\(net0)") }
            if let vlan = values["var_vlan"] ?? nil { #expect(net0.contains("tag=\(vlan)"), "\(net0)") }
            if let mtu = values["var_mtu"] ?? nil { #expect(net0.contains("mtu=\(mtu)"), "\(net0)") }
            if let nameserver = values["var_ns"] ?? nil { #expect(sent["nameserver"] == nameserver) }
            if let domain = values["var_searchdomain"] ?? nil { #expect(sent["searchdomain"] == domain) }
            if let tags = values["var_tags"] ?? nil {
                let sentTags = Set((sent["tags"] ?? "").split(separator: ";").map(String.init))
                #expect(Set(tags.split(separator: ";").map(String.init)).isSubset(of: sentTags), "\(sent["tags"] ?? "")")
            }
            #expect(Self.flag(sent["protection"]) == Self.flag(values["var_protection"] ?? nil))
            let mounts = (values["var_mounts"] ?? nil).map { $0.split(separator: ";").map(String.init) } ?? []
            #expect(mounts == (0..<mounts.count).compactMap { sent["mp\($0)"] } && sent["mp\(mounts.count)"] == nil, "\(mounts) \(sent)")
        }
    }

    @Test("plan --mount (repeated) lists mp0 and mp1 in the create it shows, var_mounts from --mount")
    func mountFlag() async throws {
        try await withFakePVE { pve in
            try pve.storeDebianTemplate()
            let environment = CLITests.environment(for: pve, defaults: try CLITests.temporaryDirectory())
            let planned = try await CLITests.run(
                ["plan", "debian", "--os-version", "12", "--set", "net=10.30.0.13/24", "--mount", "local-lvm:4,mp=/data",
                 "--mount", "/srv/media,mp=/media,ro=1", "--node-shell", "none", "--ip-timeout", "0", "--json"], environment: environment)
            #expect(planned.status == 0, "\(planned.errors)")
            let requests = planned.json["requests"] as? [[String: Any]] ?? []
            let create = requests.first { ($0["path"] as? String)?.hasSuffix("/lxc") == true }?["parameters"] as? [String: String] ?? [:]
            #expect(create["mp0"] == "local-lvm:4,mp=/data" && create["mp1"] == "/srv/media,mp=/media,ro=1", "\(create)")
            let refused = try await CLITests.run(
                ["plan", "debian", "--os-version", "12", "--mount", "/srv/../etc,mp=/media", "--node-shell", "none"], environment: environment)
            #expect(refused.status == 64 && refused.errors.contains("var_mounts") && refused.errors.contains("--mount"), "\(refused.errors)")
            #expect(try pve.writes().isEmpty)
        }
    }
}
