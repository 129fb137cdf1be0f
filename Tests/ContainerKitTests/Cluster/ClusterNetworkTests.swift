import ContainerKitTestSupport
import Foundation
import LXCBuildTestSupport
import ProxmoxAPI
import Testing
@testable import ContainerKit

/// The wizard's bridge menu and id check, read by ContainerKit.
@Suite("ClusterNetwork: bridges common to the nodes, ids in use, the next free id")
struct ClusterNetworkTests {
    @Test("a node's bridges by name with trimmed descriptions; without a node only those every online node has")
    func bridges() async throws {
        try await withFakePVE(extraNodes: ["pve2"]) { pve in
            try pve.serveNetwork(node: "pve1", [["iface": "vmbr1", "type": "bridge", "comments": "  LAN \n"],
                                                ["iface": "vmbr0", "type": "bridge"], ["iface": "eno1", "type": "eth"]])
            try pve.serveNetwork(node: "pve2", [["iface": "vmbr0", "type": "bridge"], ["iface": "vmbr7", "type": "OVSBridge"]])
            let client = try pve.passwordClient()
            let pve1 = try #require(await ClusterNetwork.bridges(client: client, node: "pve1"))
            #expect(pve1 == [ClusterNetwork.Bridge(name: "vmbr0", comment: nil), ClusterNetwork.Bridge(name: "vmbr1", comment: "LAN")])
            #expect(await ClusterNetwork.bridges(client: client, node: nil)?.map(\.name) == ["vmbr0"])
            #expect(await ClusterNetwork.bridges(client: client, node: "auto")?.map(\.name) == ["vmbr0"])
            try pve.call("fail", ["GET", "/network", 500, "no network for you"])
            #expect(await ClusterNetwork.bridges(client: client, node: "pve1") == nil)
        }
    }

    @Test("the ids in use come from the cluster's resources; the next free id skips them and starts at 100")
    func ids() async throws {
        try await withFakePVE { pve in
            try pve.call("add_ct", [100, "taken"])
            try pve.call("add_ct", [101, "also"])
            let used = try #require(await ClusterNetwork.usedIDs(client: try pve.passwordClient()))
            #expect(used == [100, 101])
            #expect(ClusterNetwork.nextFreeID(used: used) == 102)
            #expect(ClusterNetwork.nextFreeID(from: 50, used: [100]) == 101)
            #expect(ClusterNetwork.nextFreeID(from: 200, used: used) == 200)
            #expect(ClusterNetwork.nextFreeID(used: nil) == 100)
        }
    }
}
