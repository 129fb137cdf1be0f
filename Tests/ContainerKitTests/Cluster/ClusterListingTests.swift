import ContainerKitTestSupport
import Foundation
import LXCBuildTestSupport
import ProxmoxAPI
import Testing
@testable import ContainerKit

/// The reads behind `lxc-build nodes`, `storage` and `templates`: a Swift tool gets the reports the commands print.
@Suite("NodesReport, StorageReport and TemplatesReport read the cluster as the listing commands show it, on fakepve")
struct ClusterListingTests {
    @Test("nodes come by name; storages of the node PROXMOX_VE_NODE names, by name; auto chooses, a bad name is refused (64)")
    func nodesAndStorages() async throws {
        try await withFakePVE(extraNodes: ["pve2"]) { pve in
            let client = try pve.passwordClient()
            let nodes = try await NodesReport.read(client: client)
            #expect(nodes.nodes.map(\.node) == ["pve1", "pve2"])
            #expect(nodes.nodes.allSatisfy { $0.status == "online" && $0.freemem != nil })

            let fromEnvironment = NodeRequest(flag: nil, environment: [NodeRequest.environmentVariable: "pve2"])
            let storage = try await StorageReport.read(node: fromEnvironment, client: client)
            #expect(storage.node == "pve2" && storage.nodeReason == "given with PROXMOX_VE_NODE")
            #expect(storage.storages.map(\.storage) == storage.storages.map(\.storage).sorted())
            #expect(Set(storage.storages.map(\.storage)) == ["local", "local-lvm"])

            let automatic = try await StorageReport.read(node: NodeRequest(flag: "auto", environment: [:]), client: client)
            #expect(automatic.node == "pve1" && automatic.nodeReason != "given with --node", "auto chooses as no request does")
            await #expect { _ = try await StorageReport.read(node: NodeRequest(flag: "bad_name", environment: [:]), client: client) } throws: { error in
                let error = error as? BuildError
                return error?.exitCode == .usage && error?.message.hasPrefix("--node 'bad_name': not a node name") == true
                    && error?.message.contains("or auto") == false
            }
        }
    }

    @Test("templates: the storages' and the catalog's, of one OS in any case, newest first, then by where")
    func templates() async throws {
        try await withFakePVE { pve in
            try pve.storeDebianTemplate()
            let older = "debian-11-standard_11.7-1_amd64.tar.zst"
            try pve.serveCatalog([FakePVE.debianTemplate, older, "ubuntu-24.04-standard_24.04-2_amd64.tar.zst"])
            let client = try pve.passwordClient()
            let report = try await TemplatesReport.read(node: NodeRequest(flag: "pve1", environment: [:]), os: "DEBIAN", client: client)
            #expect(report.node == "pve1" && report.nodeReason == "given with --node")
            #expect(report.templates.map(\.template) == [FakePVE.debianTemplate, FakePVE.debianTemplate, older])
            #expect(report.templates.map(\.source) == ["catalog", "local", "catalog"])
            #expect(report.templates.allSatisfy { $0.os == "debian" })
            let all = try await TemplatesReport.read(node: NodeRequest(flag: nil, environment: [:]), client: client)
            #expect(all.templates.contains { $0.os == "ubuntu" } && all.templates.count == 4)
        }
    }
}
