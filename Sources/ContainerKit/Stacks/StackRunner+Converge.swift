import Foundation
import ProxmoxAPI

extension StackRunner {
    /// The options `apply --converge` changes in place with `PUT /nodes/{node}/lxc/{vmid}/config`: PVE applies them to
    /// a running container (or at its next start), and the keys of `net0` the file sets (``changedNetwork(_:to:)``).
    /// Any other option that drifted needs a rebuild, and is listed. The firewall, the HA resource and the pool have
    /// requests of their own (``firewallAndHADrift(_:existing:)``, ``poolDrift(_:existing:guests:)``), added after the
    /// configuration's.
    static let changedInPlace: Set<String> = [
        "cores", "cpulimit", "cpuunits", "memory", "swap", "tags", "onboot", "startup", "nameserver", "searchdomain", "timezone",
        "protection",
    ]

    /// `existing` with what `apply --converge` would do about its drift: one `PUT .../config` setting the options
    /// ``changedInPlace`` holds to the file's values (those the file leaves empty deleted), locked to the configuration's
    /// digest as read, then a `PUT .../resize` when the file's root disk is larger; the rest (and a smaller root disk:
    /// PVE never shrinks one) is ``StackExisting/rebuild``.
    func convergence(of existing: StackExisting, spec: ContainerSpec, config: ContainerConfig, builder: ContainerBuilder) async -> StackExisting {
        guard !existing.drift.isEmpty else { return existing }
        let wanted = Dictionary(await createParameters(of: spec, builder: builder)?.map { ($0.name, $0) } ?? [], uniquingKeysWith: { first, _ in first })
        var set: [APIParameter] = []
        var delete: [String] = []
        var rebuild: [StackDrift] = []
        var grow: String?
        for difference in existing.drift {
            if difference.option == "rootfs size" {
                if let want = Self.bytes(difference.wanted), let have = Self.bytes(difference.actual), want > have {
                    grow = difference.wanted
                } else {
                    rebuild.append(difference)
                }
            } else if difference.option == "net0", let parameter = wanted["net0"],
                let network = Self.changedNetwork(config.raw["net0"]?.stringValue, to: parameter.value.wireText)
            {
                set.append(APIParameter("net0", .string(network)))
            } else if Self.changedInPlace.contains(difference.option), let parameter = wanted[difference.option] {
                if parameter.value.wireText.isEmpty { delete.append(parameter.name) } else { set.append(parameter) }
            } else {
                rebuild.append(difference)
            }
        }
        let base = APIPath.make("nodes", existing.node, "lxc", existing.ctid)
        var changes: [APIRequest] = []
        if !set.isEmpty || !delete.isEmpty {
            var parameters = set
            if !delete.isEmpty { parameters.append(APIParameter("delete", .string(delete.joined(separator: ",")))) }
            if let digest = config.digest { parameters.append(APIParameter("digest", .string(digest))) }
            changes.append(APIRequest(.put, base + "/config", parameters: parameters))
        }
        if let grow {
            changes.append(APIRequest(.put, base + "/resize", parameters: [APIParameter("disk", .string("rootfs")), APIParameter("size", .string(grow))]))
        }
        var converging = existing
        converging.changes = changes
        converging.rebuild = rebuild
        return converging
    }

    /// The container's network device `actual` with the keys `wanted` sets given its values, the others kept as they
    /// are (its MAC address, a rate an admin set); an address the file changes drops the gateway the file does not set
    /// with it (`gw` goes with `ip`, `gw6` with `ip6`). PVE applies a changed `net0` to a running container by
    /// re-plugging its interface. `nil` when either cannot be read or the result cannot be written.
    static func changedNetwork(_ actual: String?, to wanted: String) -> String? {
        guard let actual, var network = try? PropertyString(parsing: actual), let want = try? PropertyString(parsing: wanted) else { return nil }
        for (address, gateway) in [("ip", "gw"), ("ip6", "gw6")] where want[address] != nil && want[address] != network[address] && want[gateway] == nil {
            network[gateway] = nil
        }
        for entry in want.entries { network[entry.key] = entry.value }
        return try? network.encoded()
    }

    /// Sends `existing`'s ``StackExisting/changes`` as planned, in order, waiting for each task (a resize); the first
    /// that fails stops the container's changes.
    /// - Throws: ``BuildError`` naming the container and the request that failed.
    func converge(_ existing: StackExisting, name: String) async throws(BuildError) -> StackExisting {
        for request in existing.changes {
            let step = "changing container \(existing.ctid) (\(name)) in place: \(request.method.rawValue) \(request.path)"
            events(name, .decided(step))
            let answer = try await read(step) { () throws(ProxmoxError) in try await self.client.call(request) }
            if let text = answer.stringValue, let upid = try? UPID(parsing: text) {
                _ = try await read(step) { () throws(ProxmoxError) in try await self.client.waitForTask(upid) }
            }
        }
        var done = existing
        done.converged = true
        return done
    }

    /// With ``StackPlan/converge``, the changes of every existing container that has some, ``concurrency`` containers at
    /// a time: each container's outcome by name (``StackResult/Outcome/failed(_:)`` when a request failed).
    func convergeAll(_ plan: StackPlan) async -> [(name: String, outcome: StackResult.Outcome)] {
        guard plan.converge else { return [] }
        let items = plan.entries.compactMap { entry -> (name: String, existing: StackExisting)? in
            if case .existing(let existing) = entry.outcome, !existing.changes.isEmpty { (entry.name, existing) } else { nil }
        }
        let done = await bounded(items) { item -> StackResult.Outcome in
            do throws(BuildError) {
                return .existing(try await self.converge(item.existing, name: item.name))
            } catch {
                return .failed(error)
            }
        }
        return zip(items, done).map { ($0.name, $1) }
    }

    /// A size as PVE writes it (`8G`, `512M`, `1T`, `4096K`; bytes without a unit), in bytes; `nil` when it is not one.
    static func bytes(_ size: String) -> Int64? {
        let units: [Character: Int64] = ["K": 1 << 10, "M": 1 << 20, "G": 1 << 30, "T": 1 << 40]
        guard let last = size.last else { return nil }
        if let unit = units[Character(last.uppercased())] {
            guard let number = Double(size.dropLast()), number >= 0 else { return nil }
            return Int64(number * Double(unit))
        }
        return Int64(size)
    }
}
