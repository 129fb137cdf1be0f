import ContainerKitTestSupport
import Foundation
import LXCBuildTestSupport
import ProxmoxAPI
import Testing
@testable import ContainerKit

/// build.func's `description()` HTML for an app (the parts list reads: the heading and the script page link).
func communityNotes(app: String, slug: String) -> String {
    """
    <div align='center'>
      <a href='https://community-scripts.org' target='_blank' rel='noopener noreferrer'><img src='logo.png' alt='Logo' style='width:81px;height:112px;'/></a>
      <h2 style='font-size: 24px; margin: 20px 0;'>\(app) LXC</h2>
      <a href='https://community-scripts.org/scripts/\(slug)' target='_blank'>Open Script Page</a>
    </div>
    """
}

@Suite("lxc-build list: containers lxc-build or the community scripts built, on fakepve")
struct ContainerListTests {
    @Test("built containers listed with their notes, foreign ones counted; one resource read, config each, interfaces only for listed running ones")
    func listsBuiltContainers() async throws {
        try await withFakePVE(extraNodes: ["pve2"]) { pve in
            try pve.call("add_ct", [101, "web"], ["status": "running", "config": [
                "description": lxcBuildNotes(app: "demo", version: "1.4.2"), "tags": "community-script;demo",
                "net0": "name=eth0,bridge=vmbr0,ip=10.0.0.51/24"]])
            try pve.call("add_ct", [102, "jelly"], ["status": "stopped", "config": [
                "description": communityNotes(app: "Jellyfin Media Server", slug: "jellyfin"), "tags": "community-script;media"]])
            try pve.call("add_ct", [103, "mine"], ["config": ["description": "my own box"]])
            try pve.call("add_ct", [104, "other"], ["status": "running", "config": [
                "tags": "web", "net0": "name=eth0,bridge=vmbr0,ip=10.0.0.54/24"]])
            try pve.call("add_ct", [201, "far"], ["node": "pve2", "status": "running", "config": [
                "description": lxcBuildNotes(app: "gitea\u{1B}[31m"), "tags": "community-script"]])
            let before = try pve.requests().count
            let listing = try await ContainerList.read(client: try pve.passwordClient())
            let requests = try pve.requests().dropFirst(before).filter { !$0.path.hasSuffix("/access/ticket") }

            #expect(listing.containers.map(\.ctid) == [101, 102, 201])
            #expect(listing.skipped == 2 && listing.warnings.isEmpty)
            let built = try #require(listing.containers.first)
            #expect(built.notes.origin == .lxcBuild && built.notes.app == "demo" && built.status == "running")
            #expect(built.address == "10.0.0.51" && built.notes.version == "1.4.2")
            #expect(built.notes.template == "debian-13-standard_13.1-2_amd64.tar.zst" && built.notes.created == "2026-11-30T10:00:00Z")
            let community = listing.containers[1]
            #expect(community.notes.origin == .communityScripts && community.notes.app == "jellyfin" && community.address == nil)
            #expect(community.notes.template == nil && community.notes.created == nil)
            // Server text is kept as data (the CLI escapes it); a hostile app name does not pass the update's app check.
            #expect(listing.containers[2].notes.app == "gitea\u{1B}[31m")

            #expect(requests.filter { $0.path.contains("/cluster/resources") }.count == 1)
            #expect(requests.filter { $0.path.hasSuffix("/config") }.count == 5)
            #expect(requests.filter { $0.path.hasSuffix("/interfaces") }.map(\.path).sorted()
                        == ["/api2/json/nodes/pve1/lxc/101/interfaces", "/api2/json/nodes/pve2/lxc/201/interfaces"])
            #expect(requests.count == 8, "\(requests)")
        }
    }

    @Test("--node keeps that node's containers; a node not in the cluster is 64")
    func nodeFilter() async throws {
        try await withFakePVE(extraNodes: ["pve2"]) { pve in
            try pve.call("add_ct", [101, "web"], ["config": ["description": lxcBuildNotes(app: "demo")]])
            try pve.call("add_ct", [201, "far"], ["node": "pve2", "config": ["description": lxcBuildNotes(app: "gitea")]])
            let client = try pve.passwordClient()
            let listing = try await ContainerList.read(client: client, node: "pve2")
            #expect(listing.containers.map(\.ctid) == [201] && listing.skipped == 0)
            await #expect(throws: BuildError.self) { _ = try await ContainerList.read(client: client, node: "pve9") }
        }
    }

    @Test("notes: the lxc-build mark decides over the community-script tag; neither is nil")
    func notesOrigin() {
        let ours = BuiltContainerNotes(description: lxcBuildNotes(app: "demo"), tags: ["community-script"])
        #expect(ours?.origin == .lxcBuild && ours?.app == "demo")
        #expect(BuiltContainerNotes(description: "## demo\n- lxc-build run: 1234", tags: []) == nil, "a mark needs 32 hex digits")
        #expect(BuiltContainerNotes(description: "", tags: ["community-script"])?.origin == .communityScripts)
        #expect(BuiltContainerNotes(description: "", tags: ["community-script"])?.app == nil)
        #expect(BuiltContainerNotes(description: "<h2>Home Assistant LXC</h2>", tags: ["community-script"])?.app == "homeassistant")
        #expect(BuiltContainerNotes(description: "just notes", tags: ["prod"]) == nil)
    }
}
