import ProxmoxAPI

extension StackRunner {
    /// The pool drift of each of `existing` (the stack's proved containers) whose member has `pool:`, by name: the pool
    /// `/cluster/resources` names for it (`guests`, read by the plan already) differs from the file's. `--converge`
    /// moves it with one `PUT /pools` (`poolid`, `vms` its id, `allow-move` when it is in another pool). A pool that
    /// does not exist is listed, never created: `GET /pools` is read once, only when some container's pool differs.
    /// - Throws: ``BuildError`` when that read fails (the drift cannot be decided then).
    func poolDrift(_ stack: Stack, existing: [StackMarkedContainer], guests: [ClusterResource]) async throws(BuildError) -> [String: InPlaceDrift] {
        let differing = existing.compactMap { container -> (name: String, ctid: Int, wanted: String, actual: String?)? in
            guard let wanted = stack.members.first(where: { $0.name == container.name })?.spec.pool else { return nil }
            let actual = Self.pool(of: container.ctid, guests: guests)
            return actual == wanted ? nil : (container.name, container.ctid, wanted, actual)
        }
        guard !differing.isEmpty else { return [:] }
        let pools = try await read("reading the cluster's pools") { () throws(ProxmoxError) in try await self.client.pools() }
        var drifts: [String: InPlaceDrift] = [:]
        for item in differing {
            drifts[item.name] = Self.poolDrift(ctid: item.ctid, wanted: item.wanted, actual: item.actual, exists: pools.contains { $0.poolid == item.wanted })
        }
        return drifts
    }

    /// The pool `/cluster/resources` names for container `ctid`; `nil` when it is in none.
    static func pool(of ctid: Int, guests: [ClusterResource]) -> String? {
        guests.first { $0.vmid == ctid }?.raw["pool"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 }
    }

    /// Container `ctid`'s pool drift (`pool`): one `PUT /pools` moving it into `wanted` (`allow-move` when it is in
    /// `actual`), or, when `wanted` does not exist, listed as what no request changes.
    static func poolDrift(ctid: Int, wanted: String, actual: String?, exists: Bool) -> InPlaceDrift {
        var result = InPlaceDrift()
        guard exists else {
            result.unchangeable.append(StackDrift(option: "pool", wanted: wanted, actual: "\(actual ?? "(no pool)"); no pool \(wanted) exists (or this login cannot see it): create it first"))
            return result
        }
        result.drift.append(StackDrift(option: "pool", wanted: wanted, actual: actual ?? "(no pool)"))
        var parameters = [APIParameter("poolid", .string(wanted)), APIParameter("vms", .string(String(ctid)))]
        if actual != nil { parameters.append(APIParameter("allow-move", .bool(true))) }
        result.changes.append(APIRequest(.put, "/pools", parameters: parameters))
        return result
    }
}
