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
    @Test("built containers listed with their notes, foreign ones counted unread; config of each tagged one, interfaces only for running ones without a static address")
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
            #expect(listing.skipped == 2 && listing.warnings.isEmpty && listing.filtered == 0)
            let built = try #require(listing.containers.first)
            #expect(built.notes.origin == .lxcBuild && built.notes.app == "demo" && built.status == "running")
            #expect(built.address == "10.0.0.51" && built.notes.version == "1.4.2" && built.hostname == "web")
            #expect(built.notes.template == "debian-13-standard_13.1-2_amd64.tar.zst" && built.notes.created == "2026-11-30T10:00:00Z")
            let community = listing.containers[1]
            #expect(community.notes.origin == .communityScripts && community.notes.app == "jellyfin" && community.address == nil)
            #expect(community.notes.template == nil && community.notes.created == nil && community.hostname == "jelly")
            // Server text is kept as data (the CLI escapes it); a hostile app name does not pass the update's app check.
            #expect(listing.containers[2].notes.app == "gitea\u{1B}[31m")

            #expect(requests.filter { $0.path.contains("/cluster/resources") }.count == 1)
            #expect(requests.filter { $0.path.hasSuffix("/config") }.map(\.path).sorted()
                        == ["/api2/json/nodes/pve1/lxc/101/config", "/api2/json/nodes/pve1/lxc/102/config", "/api2/json/nodes/pve2/lxc/201/config"],
                    "untagged and foreign-tagged containers are not read")
            #expect(requests.filter { $0.path.hasSuffix("/interfaces") }.map(\.path) == ["/api2/json/nodes/pve2/lxc/201/interfaces"],
                    "101's static address comes from its configuration")
            #expect(requests.count == 5, "\(requests)")
        }
    }

    @Test("at scale: N built + M foreign containers cost one resource read, one config per built one, interfaces per running DHCP one")
    func requestsAtScale() async throws {
        try await withFakePVE { pve in
            let staticOnes = 101...112, dhcpRunning = 113...115, dhcpStopped = 116...117
            for ctid in staticOnes {
                try pve.call("add_ct", [ctid, "app\(ctid)"], ["status": ctid % 2 == 0 ? "running" : "stopped", "config": [
                    "description": lxcBuildNotes(app: "demo"), "tags": "community-script;demo",
                    "net0": "name=eth0,bridge=vmbr0,ip=10.0.1.\(ctid - 100)/24"]])
            }
            for ctid in Array(dhcpRunning) + Array(dhcpStopped) {
                try pve.call("add_ct", [ctid, "dhcp\(ctid)"], ["status": dhcpRunning.contains(ctid) ? "running" : "stopped", "config": [
                    "description": lxcBuildNotes(app: "demo"), "tags": "community-script", "net0": "name=eth0,bridge=vmbr0,ip=dhcp"]])
            }
            for ctid in 300..<330 {
                // Foreign: half untagged, half tagged otherwise; their notes would even look like ours.
                let config: [String: Any] = ctid % 2 == 0 ? ["description": lxcBuildNotes(app: "copied")] : ["tags": "prod;web"]
                try pve.call("add_ct", [ctid, "foreign\(ctid)"], ["status": "running", "config": config])
            }
            let before = try pve.requests().count
            let listing = try await ContainerList.read(client: try pve.passwordClient())
            let requests = try pve.requests().dropFirst(before).map(\.path).filter { !$0.hasSuffix("/access/ticket") }

            let ours = staticOnes.count + dhcpRunning.count + dhcpStopped.count
            #expect(listing.containers.count == ours && listing.skipped == 30 && listing.warnings.isEmpty)
            #expect(listing.containers.filter { staticOnes.contains($0.ctid) }.allSatisfy { $0.address == "10.0.1.\($0.ctid - 100)" },
                    "a stopped container shows its static address too")
            #expect(requests.filter { $0.hasSuffix("/config") }.count == ours)
            #expect(requests.filter { $0.hasSuffix("/interfaces") }.sorted() == dhcpRunning.map { "/api2/json/nodes/pve1/lxc/\($0)/interfaces" })
            #expect(!requests.contains { $0.contains("/lxc/3") }, "no foreign container is read")
            #expect(requests.count == 1 + ours + dhcpRunning.count, "\(requests)")
            #expect(requests.count - dhcpRunning.count <= ours + 3, "issue 30: at most ours + 3 requests where addresses are static")
        }
    }

    @Test("filters --app, --tag, --stack, --status: all must match; left-out built containers are counted apart from the others")
    func filters() async throws {
        try await withFakePVE { pve in
            let stackLine = "- lxc-build stack: web-tier web1 proof=0123abcd"
            try pve.call("add_ct", [101, "web1"], ["status": "running", "config": [
                "description": lxcBuildNotes(app: "nginx") + "\n" + stackLine, "tags": "community-script;prod",
                "net0": "name=eth0,bridge=vmbr0,ip=10.0.0.51/24"]])
            try pve.call("add_ct", [102, "web2"], ["status": "stopped", "config": [
                "description": lxcBuildNotes(app: "nginx"), "tags": "community-script;test", "net0": "name=eth0,bridge=vmbr0,ip=10.0.0.52/24"]])
            try pve.call("add_ct", [103, "jelly"], ["status": "running", "config": [
                "description": communityNotes(app: "Jellyfin", slug: "jellyfin"), "tags": "community-script;prod",
                "net0": "name=eth0,bridge=vmbr0,ip=10.0.0.53/24"]])
            try pve.call("add_ct", [104, "foreign"], ["status": "running", "config": ["tags": "prod"]])
            let client = try pve.passwordClient()
            func listed(_ filter: ContainerList.Filter) async throws -> (ctids: [Int], filtered: Int, skipped: Int) {
                let listing = try await ContainerList.read(client: client, filter: filter)
                return (listing.containers.map(\.ctid), listing.filtered, listing.skipped)
            }
            #expect(try await listed(.init(app: "NGINX")) == ([101, 102], 1, 1))
            #expect(try await listed(.init(tag: "prod")) == ([101, 103], 1, 1))
            #expect(try await listed(.init(stack: "web-tier")) == ([101], 2, 1))
            #expect(try await listed(.init(stack: "web")) == ([], 3, 1), "a stack is matched whole")
            #expect(try await listed(.init(status: .stopped)) == ([102], 2, 1))
            #expect(try await listed(.init(app: "nginx", tag: "prod", status: .running)) == ([101], 2, 1))
            let web1 = try #require(try await ContainerList.read(client: client, filter: .init(stack: "web-tier")).containers.first)
            #expect(web1.notes.stack == "web-tier" && web1.hostname == "web1" && web1.address == "10.0.0.51")

            let before = try pve.requests().count
            _ = try await ContainerList.read(client: client, filter: .init(tag: "test", status: .stopped))
            let configs = try pve.requests().dropFirst(before).map(\.path).filter { $0.hasSuffix("/config") }
            #expect(configs == ["/api2/json/nodes/pve1/lxc/102/config"], "the row's status and tags rule out the others unread")
        }
    }

    @Test("when no row carries tags, each configuration is read and decides from the notes")
    func untaggedCluster() async throws {
        try await withFakePVE { pve in
            try pve.call("add_ct", [101, "web"], ["config": ["description": lxcBuildNotes(app: "demo")]])
            try pve.call("add_ct", [102, "mine"], ["config": ["description": "my own box"]])
            let before = try pve.requests().count
            let listing = try await ContainerList.read(client: try pve.passwordClient(), filter: .init(status: .stopped))
            let configs = try pve.requests().dropFirst(before).map(\.path).filter { $0.hasSuffix("/config") }
            #expect(listing.containers.map(\.ctid) == [101] && listing.skipped == 1 && listing.filtered == 0)
            #expect(configs.count == 2)
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

    @Test("the earlier scripts' proxmox-helper-scripts tag counts as community-script; a tag that only starts so does not")
    func legacyTag() async throws {
        let legacyNotes = "<div align='center'><a href='https://Helper-Scripts.com' target='_blank'><img src='logo.png'/></a>\n"
            + "<h2 style='font-size: 24px; margin: 20px 0;'>Plex LXC</h2></div>"
        #expect(BuiltContainerNotes(description: legacyNotes, tags: ["proxmox-helper-scripts"])?.app == "plex")
        #expect(BuiltContainerNotes(description: "", tags: ["Proxmox-Helper-Scripts"])?.origin == .communityScripts)
        #expect(BuiltContainerNotes(description: "", tags: ["community-scripts-old"]) == nil, "whole tags only")
        try await withFakePVE { pve in
            try pve.call("add_ct", [110, "plex"], ["status": "running", "config": [
                "description": legacyNotes, "tags": "media;proxmox-helper-scripts", "net0": "name=eth0,bridge=vmbr0,ip=10.0.0.110/24"]])
            try pve.call("add_ct", [111, "near"], ["config": ["description": legacyNotes, "tags": "community-scripts-old"]])
            let listing = try await ContainerList.read(client: try pve.passwordClient())
            #expect(listing.containers.map(\.ctid) == [110] && listing.skipped == 1, "\(listing)")
            #expect(listing.containers.first?.notes.origin == .communityScripts && listing.containers.first?.notes.app == "plex")
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
        #expect(ours?.stack == nil)
        let stacked = BuiltContainerNotes(description: lxcBuildNotes(app: "demo") + "\n- lxc-build stack: web-tier web1 proof=ab", tags: [])
        #expect(stacked?.stack == "web-tier")
    }
}
