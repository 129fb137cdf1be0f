import ConfigResolution
import Foundation
import Testing
@testable import ContainerKit

@Suite("Spec, apps and connection settings")
struct SpecTests {
    func resolve(_ assignments: [String], app: AppDefinition? = nil) throws -> ResolvedConfiguration {
        let profile = try (app ?? AppCatalog(directory: nil).definition(for: "debian")).profile()
        let layers = [try ConfigLayer.commandLine(assignments), ConfigLayer.app(profile), ConfigLayer.builtIn()]
        return try ResolvedConfiguration(mode: .default, app: profile, layers: layers)
    }

    @Test("resolved settings become the spec: resources, network, IPv6, DNS, features, storages")
    func mapping() throws {
        let configuration = try resolve([
            "var_cpu=4", "var_ram=4096", "var_disk=12", "var_net=10.0.0.9/24", "var_gateway=10.0.0.1", "var_vlan=7", "var_mtu=9000",
            "var_mac=BC:24:11:00:00:01", "var_ipv6_method=static", "var_ns=1.1.1.1", "var_searchdomain=lan", "var_fuse=yes",
            "var_mount_fs=nfs,cifs", "var_container_storage=fast", "var_template_storage=local", "var_tags=web;db",
            "var_timezone=Etc/UTC", "var_protection=yes", "var_unprivileged=0",
        ])
        let spec = try ContainerSpec(configuration: configuration, ipv6Address: "fd00::9/64", ipv6Gateway: "fd00::1")
        #expect(spec.cores == 4 && spec.memoryMiB == 4096 && spec.diskGiB == 12)
        #expect(spec.os == "debian" && spec.osVersion == "13")
        #expect(spec.network.ipv4 == .fixed("10.0.0.9/24") && spec.network.gateway == "10.0.0.1")
        #expect(spec.network.vlan == 7 && spec.network.mtu == 9000 && spec.network.mac == "BC:24:11:00:00:01")
        #expect(spec.network.ipv6 == .fixed(address: "fd00::9/64", gateway: "fd00::1"))
        #expect(spec.nameserver == "1.1.1.1" && spec.searchDomain == "lan")
        #expect(spec.features.fuse && spec.features.mountTypes == ["nfs", "cifs"])
        #expect(spec.features.keyctl == false, "derived from var_unprivileged=0")
        #expect(spec.containerStorage == "fast" && spec.templateStorage == "local")
        #expect(spec.effectiveTags == ["community-script", "web", "db"])
        #expect(spec.timezone == "host")
        #expect(spec.protection && !spec.unprivileged)
    }

    @Test("var_keyctl is honoured when a layer sets it (build.func drops it); unset, it is derived from var_unprivileged")
    func keyctl() throws {
        #expect(try ContainerSpec(configuration: resolve(["var_keyctl=0"])).features.keyctl == false)
        #expect(try ContainerSpec(configuration: resolve([])).features.keyctl == true)
        #expect(try ContainerSpec(configuration: resolve(["var_unprivileged=0"])).features.keyctl == false)
    }

    @Test("an IP range is refused with what to give instead")
    func range() throws {
        #expect {
            _ = try ContainerSpec(configuration: resolve(["var_net=10.0.0.10/24-10.0.0.20/24"]))
        } throws: { error in
            (error as? BuildError)?.exitCode == 208 && (error as? BuildError)?.hint?.contains("var_net=") == true
        }
    }

    @Test("an app script is read without running it: APP, var_ defaults, the app's own keys; refused keys are named")
    func catalog() throws {
        let script = #"""
            #!/usr/bin/env bash
            source <(curl -fsSL https://example.invalid/build.func)
            APP="Home Assistant"
            var_tags="${var_tags:-automation;smarthome}"
            var_cpu="${var_cpu:-2}"
            var_ram="${var_ram:-2048}"
            var_disk="${var_disk:-16}"
            var_os="${var_os:-debian}"
            var_version="${var_version:-12}"
            var_unprivileged="${var_unprivileged:-1}"
            var_hostname="${var_hostname:-$(hostname)}"
            var_frobnicate="${var_frobnicate:-1}"
            header_info "$APP"
            """#
        let catalog = AppCatalog(directory: "/catalog") { path in path == "/catalog/ct/homeassistant.sh" ? script : nil }
        let app = try catalog.definition(for: "homeassistant")
        #expect(app.name == "Home Assistant" && !app.isBaseOS)
        #expect(app.declaredDefaults == [.tags: "automation;smarthome", .cpu: "2", .ram: "2048", .disk: "16", .os: "debian", .version: "12", .unprivileged: "1"])
        #expect(app.skipped.isEmpty && app.appKeys == ["var_frobnicate": "1"], "var_frobnicate is the app's own key")
        #expect(app.refused.map(\.variable) == ["var_hostname"], "an app may not choose the host name")
        #expect(app.refused.first?.description.hasPrefix("/catalog/ct/homeassistant.sh:11: var_hostname is ignored") == true)
        let spec = try ContainerSpec(configuration: resolve([], app: app))
        #expect(spec.app == "homeassistant" && spec.hostname == "homeassistant" && spec.cores == 2 && spec.diskGiB == 16)
        #expect(throws: BuildError.self) { try catalog.definition(for: "nosuchapp") }
        #expect(try AppCatalog(directory: nil).definition(for: "ubuntu").declaredDefaults[.version] == "24.04")
    }

    @Test("connection settings come from the Terraform provider's variables and never print secrets")
    func connection() throws {
        let settings = ConnectionSettings(environment: [
            "PROXMOX_VE_ENDPOINT": "https://pve.example.com:8006/", "PROXMOX_VE_API_TOKEN": "root@pam!ci=aaaa-bbbb",
            "PROXMOX_VE_INSECURE": "true",
        ])
        #expect(settings.insecure && settings.summary == "https://pve.example.com:8006 as root@pam!ci")
        #expect(throws: Never.self) { _ = try settings.makeClient() }

        var both = settings
        both.username = "root@pam"
        both.password = "pw"
        #expect {
            _ = try both.makeClient()
        } throws: { error in
            (error as? BuildError)?.exitCode == 64 && !String(describing: error).contains("aaaa-bbbb")
        }
        var pinnedAndInsecure = settings
        pinnedAndInsecure.fingerprint = String(repeating: "AB:", count: 31) + "AB"
        #expect(throws: BuildError.self) { _ = try pinnedAndInsecure.makeClient() }

        let nothing = ConnectionSettings(environment: [:])
        #expect {
            _ = try nothing.makeClient(fileExists: { _ in false })
        } throws: { error in
            (error as? BuildError)?.hint?.contains("PROXMOX_VE_ENDPOINT") == true
        }
        #expect(throws: Never.self) { _ = try nothing.makeClient(fileExists: { $0 == "/usr/bin/pvesh" }) }
    }
}

@Suite("net0 from the network settings")
struct NetworkInterfaceMappingTests {
    @Test("IPv6 modes: auto, dhcp, static with gateway; none and disable send nothing", arguments: [
        (NetworkSpec.IPv6.auto, "auto", nil), (.dhcp, "dhcp", nil), (.fixed(address: "fd00::5/64", gateway: "fd00::1"), "fd00::5/64", "fd00::1"),
        (.none, nil, nil), (.disable, nil, nil),
    ] as [(NetworkSpec.IPv6, String?, String?)])
    func ipv6(mode: NetworkSpec.IPv6, ip6: String?, gateway6: String?) {
        var network = NetworkSpec()
        network.ipv6 = mode
        var warnings: [String] = []
        let interface = ContainerBuilder.networkInterface(network, warnings: &warnings)
        #expect(interface.ip6 == ip6 && interface.gateway6 == gateway6)
    }

    @Test("a gateway with DHCP is dropped with a warning; the vnet replaces the bridge")
    func gatewayWithDHCP() {
        var network = NetworkSpec()
        network.gateway = "192.168.1.1"
        network.sdnVnet = "vnet5"
        var warnings: [String] = []
        let interface = ContainerBuilder.networkInterface(network, warnings: &warnings)
        #expect(interface.gateway == nil && interface.bridge == "vnet5" && interface.ip == "dhcp")
        #expect(warnings == ["var_gateway=192.168.1.1 is ignored with var_net=dhcp"])
    }
}
