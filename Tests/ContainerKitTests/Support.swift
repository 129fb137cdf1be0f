import Foundation
import LXCBuildTestSupport
import ProxmoxAPI
import Synchronization
@testable import ContainerKit

/// Collects build events for assertions. Steps of a build run concurrently (storage and CTID choice), so events
/// arrive from several threads at once: an `NSLock` (a pthread mutex, which ThreadSanitizer sees) orders them.
/// `Synchronization.Mutex` made ThreadSanitizer report an access race here under contention (a lock handed over by
/// the kernel futex is not a synchronisation ThreadSanitizer sees).
final class EventLog: @unchecked Sendable {
    private let lock = NSLock()
    private var events: [BuildEvent] = []
    var all: [BuildEvent] { lock.withLock { events } }
    var handler: BuildEventHandler { { event in self.lock.withLock { self.events.append(event) } } }
    var decisions: [String] { all.compactMap { if case .decided(let text) = $0 { return text } else { return nil } } }
    var warnings: [String] { all.compactMap { if case .warning(let text) = $0 { return text } else { return nil } } }
}

extension FakePVE {
    /// A builder against this fake as root@pam, with instant sleeps.
    func builder(_ options: ContainerBuilder.Options = ContainerBuilder.Options(), events: EventLog = EventLog()) throws -> ContainerBuilder {
        ContainerBuilder(client: try passwordClient(), options: options, events: events.handler, sleep: { _ in })
    }
}

/// A spec with a static address, so the fake (which has no DHCP) reports an IP.
func staticSpec(_ app: String = "debian", address: String = "10.20.0.5/24") -> ContainerSpec {
    var spec = ContainerSpec(app: app)
    spec.osVersion = "12"
    spec.network.ipv4 = .fixed(address)
    spec.network.gateway = "10.20.0.1"
    return spec
}

/// Answers for a scripted one-node PVE, by path; unknown paths are a 501 like PVE's.
func scriptedPVE(
    storages: JSONValue = [
        ["storage": "local", "type": "dir", "content": "iso,vztmpl,backup", "active": 1, "enabled": 1, "avail": 50_000_000_000, "total": 100_000_000_000, "used": 50_000_000_000],
        ["storage": "local-lvm", "type": "lvmthin", "content": "rootdir,images", "active": 1, "enabled": 1, "avail": 80_000_000_000, "total": 100_000_000_000, "used": 20_000_000_000],
    ],
    templates: [String] = [], catalog: JSONValue = [], nodes: JSONValue = [["node": "pve", "status": "online", "maxmem": 8_000_000_000, "mem": 1_000_000_000]],
    extra: @escaping @Sendable (APIRequest) -> APIResponse? = { _ in nil }
) -> ScriptedAPITransport {
    ScriptedAPITransport { request, _ in
        if let answer = extra(request) { return answer }
        switch (request.method, request.path) {
        case (.get, "/version"): return ok(["version": "9.1.2", "release": "9.1"])
        case (.get, "/cluster/status"): return ok([["type": "node", "name": "pve", "online": 1, "local": 1]])
        case (.get, "/nodes"): return ok(nodes)
        case (.get, "/cluster/nextid"): return ok("105")
        case (.get, let path) where path.hasSuffix("/storage"): return ok(storages)
        case (.get, let path) where path.hasSuffix("/content"):
            return ok(.array(templates.map { ["volid": .string("local:vztmpl/\($0)"), "content": "vztmpl", "format": "tzst"] }))
        case (.get, let path) where path.hasSuffix("/aplinfo"): return ok(catalog)
        default: return APIResponse(status: 501, reason: "Method '\(request.method.rawValue) \(request.path)' not implemented")
        }
    }
}
