import Foundation

/// The harness's vzdump route and the storage settings backup tests need (see scripts/fakepve_harness.py).
extension FakePVE {
    /// Serves `POST /nodes/{n}/vzdump`: each backup holds its container `seconds` real seconds, then writes an archive
    /// of `size` bytes; `fail` makes every backup (or only `vmid`'s) end with that message.
    public func serveVzdump(seconds: Double = 0, size: Int = 64 << 20, fail: String? = nil, vmid: Int? = nil) throws {
        try command(["op": "vzdump", "seconds": seconds, "size": size, "fail": fail ?? NSNull(), "vmid": vmid ?? NSNull()])
    }

    /// The vzdump starts and ends the fake saw, in order: (`start` or `end`, node, vmid).
    public func vzdumpEvents() throws -> [(event: String, node: String, vmid: Int)] {
        let rows = try command(["op": "get", "attr": "vzdump_events"]) as? [[Any]] ?? []
        return rows.compactMap { row in
            guard row.count == 3, let event = row[0] as? String, let node = row[1] as? String, let vmid = row[2] as? Int else { return nil }
            return (event, node, vmid)
        }
    }

    /// Sets option `key` of storage `name` (`avail`, `content`, `shared`...).
    public func setStorage(_ name: String, _ key: String, _ value: Any) throws {
        try command(["op": "storage", "name": name, "key": key, "value": value])
    }

    /// Makes container `vmid`'s status report `bytes` of disk in use.
    public func setContainerDisk(_ vmid: Int, bytes: Int) throws {
        try command(["op": "ct_disk", "vmid": vmid, "bytes": bytes])
    }
}
