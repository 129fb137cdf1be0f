import ContainerKitTestSupport
import Foundation
import LXCBuildTestSupport
import ProxmoxAPI
import Testing
@testable import ContainerKit

@Suite("Export: existing containers as a stack file that apply reproduces", .serialized)
struct StackExportTests {
    static var config: [String: Any] { [
        "description": lxcBuildNotes(app: "debian", template: FakePVE.debianTemplate),
        "cores": 2, "memory": 1536, "rootfs": "local-lvm:vm-150-disk-0,size=6G",
        "net0": "name=eth0,bridge=vmbr0,ip=10.0.0.50/24,gw=10.0.0.1,tag=20,mtu=1450,hwaddr=BC:24:11:00:00:01,type=veth",
        "features": "nesting=1,keyctl=1", "unprivileged": 1, "tags": "community-script;web;edge",
        "nameserver": "10.0.0.1", "searchdomain": "lan", "dev0": "/dev/dri/renderD128,gid=104", "mp0": "local-lvm:vm-150-disk-1,mp=/data,size=2G",
    ] }

    @Test("export writes each setting, quotes server text, lists what it cannot say; after the container is lost, apply builds it again the same")
    func roundTrip() async throws {
        try await withFakePVE { pve in
            try pve.storeDebianTemplate()
            try pve.call("add_ct", [150, "web"], ["status": "running", "config": Self.config])
            let client = try pve.passwordClient()
            let original = try await client.node("pve1").container(150).config()
            let exported = try await StackExport.read(ids: [150], client: client)
            let web = try #require(exported.first)
            #expect(web.name == "web" && web.app == "debian" && web.node == "pve1")
            #expect(Dictionary(uniqueKeysWithValues: web.settings.map { ($0.key, $0.value) }) == [
                "var_os": "debian", "var_version": "12", "var_cpu": "2", "var_ram": "1536", "var_disk": "6", "var_container_storage": "local-lvm",
                "var_unprivileged": "1", "var_nesting": "1", "var_keyctl": "1", "var_fuse": "no", "var_brg": "vmbr0", "var_net": "10.0.0.50/24",
                "var_gateway": "10.0.0.1", "var_vlan": "20", "var_mtu": "1450", "var_ns": "10.0.0.1", "var_searchdomain": "lan",
                "var_tags": "web;edge", "var_mounts": "local-lvm:2,mp=/data",
            ])
            #expect(web.notExported.count == 2, "\(web.notExported)")
            let text = StackExport.yaml(name: "rebuilt", containers: exported, now: updateTime)
            #expect(text.contains("# not exported: dev0 (/dev/dri/renderD128)") && !text.contains("# not exported: mp0"))

            // The container is lost; the exported file builds it again.
            try await ContainerRemoval.stopAndDestroy(ctid: 150, node: "pve1", client: client, timeout: .seconds(300))
            let folder = try temporaryFolder()
            try text.write(toFile: folder + "/rebuilt.yaml", atomically: true, encoding: .utf8)
            let environment = ["HOME": folder, "LXC_BUILD_DEFAULTS_DIR": folder + "/defaults", "LXC_BUILD_STACK_KEYS": folder + "/keys"]
            var overrides = BuildOverrides()
            overrides.ipTimeout = .seconds(60)
            let stack = try await Stack.load(file: folder + "/rebuilt.yaml", environment: environment,
                                             catalog: try CatalogSource(catalog: nil, environment: environment),
                                             node: NodeRequest(flag: nil, environment: environment), overrides: overrides)
            let result = try await StackRunner(client: client, concurrency: 1, placementSeed: 7, sleep: { _ in }).planAndApply(stack)
            guard case .created(let built)? = result.entries.first?.outcome else {
                Issue.record("not created: \(String(describing: result.entries.first?.outcome))")
                return
            }
            let again = try await client.node(built.node).container(built.ctid).config()
            #expect(again.options.cores == 2 && again.options.memory == 1536 && again.options.hostname == "web")
            #expect(again.options.rootfs?.size == "6G" && again.options.rootfs?.volume.hasPrefix("local-lvm:") == true)
            #expect(again.options.mountPoints[0]?.path == "/data" && again.options.mountPoints[0]?.common.size == "2G")
            var network = try #require(again.options.networks[0])
            var wanted = try #require(original.options.networks[0])
            network.hwaddr = nil
            wanted.hwaddr = nil
            #expect(network == wanted)
            #expect(again.options.features?.nesting == true && again.options.features?.keyctl == true && again.options.unprivileged == true)
            #expect(Set(again.options.tags) == Set(original.options.tags))
            #expect(again.options.nameserver == "10.0.0.1" && again.options.searchDomain == "lan")
        }
    }

    @Test("sizes in GiB rounded up; a host name that cannot be a stack name becomes ct<id> with var_hostname")
    func names() throws {
        #expect(StackExport.gibibytes("8G") == "8" && StackExport.gibibytes("512M") == "1" && StackExport.gibibytes("1T") == "1024")
        let config = try ContainerConfig(json: .object(["hostname": .string("-bad name"), "cores": .integer(1)]))
        let exported = StackExport.container(ctid: 321, node: "pve2", config: config)
        #expect(exported.name == "ct321" && exported.settings.contains { $0.key == "var_hostname" && $0.value == "-bad name" })
        let hostile = try ContainerConfig(json: .object(["hostname": .string("web"), "tags": .string("edge\u{1B}[31m\nname: evil")]))
        let text = StackExport.yaml(name: "x", containers: [StackExport.container(ctid: 322, node: "pve1", config: hostile)])
        #expect(!text.contains("\u{1B}") && text.contains(#"var_tags: "edge\u001b[31m"#) && !text.contains("\nname: evil"), "server text is data: escaped, quoted, one line: \(text)")
    }
}
