public import LXCBuildTestSupport
public import ProxmoxAPI

/// Answers for a scripted one-node PVE, by path; unknown paths are a 501 like PVE's.
public func scriptedPVE(
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
        case (.get, "/cluster/resources"): return ok([])
        case (.get, let path) where path.hasSuffix("/network"):
            return ok([["iface": "vmbr0", "type": "bridge", "active": 1, "bridge_ports": "eno1"]])
        default: return APIResponse(status: 501, reason: "Method '\(request.method.rawValue) \(request.path)' not implemented")
        }
    }
}
