public import ProxmoxAPI
import ConfigResolution

/// The one rule for which node a command works on, used by the create's node step and by every command that
/// takes `--node` (`storage`, `templates`, `inspect`, `destroy`), so the same wrong name gives the same exit code
/// and message everywhere.
public enum NodeSelection {
    /// The node named by `setting` (`--node`, `PROXMOX_VE_NODE`): it must be in the cluster (exit 64 with the
    /// cluster's nodes and the nearest name) and online (69).
    public static func named(_ name: String, among nodes: [NodeSummary], setting: String = "--node") throws(BuildError) -> NodeSummary {
        let names = nodes.map(\.node).sorted()
        guard let node = nodes.first(where: { $0.node == name }) else {
            throw BuildError(
                exitCode: BuildExitCode.usage,
                message: "node '\(name)' (\(setting)) is not in this cluster; nodes: \(names.joined(separator: ", "))"
                    + Spelling.hint(for: name, among: names),
                hint: "Use one of the names `lxc-build nodes` lists.")
        }
        guard node.isOnline else {
            throw BuildError(exitCode: BuildExitCode.serviceUnavailable, message: "node '\(name)' (\(setting)) is \(node.status)",
                             hint: "Bring the node back or choose another with \(setting).")
        }
        return node
    }

    /// The node when none is named: the only online one, else the one the API answers from, else the first
    /// online one by name (69 when none is online).
    public static func unnamed(among nodes: [NodeSummary], localNode: String?, identity: String) throws(BuildError)
        -> (name: String, reason: String)
    {
        let online = nodes.filter(\.isOnline).sorted { $0.node < $1.node }
        if online.count == 1, let only = online.first { return (only.node, "the only online node") }
        if let localNode, online.contains(where: { $0.node == localNode }) {
            return (localNode, "the node the API answers from (use --node NAME or --node auto on a cluster)")
        }
        if let first = online.first { return (first.node, "the first online node (use --node NAME or --node auto to choose)") }
        throw BuildError(exitCode: BuildExitCode.serviceUnavailable, message: "no node is online (or visible to \(identity))",
                         hint: "An API token without privileges sees no nodes: grant it Sys.Audit on /.")
    }

    /// The node a command works on: `given` checked by ``named(_:among:setting:)``, or ``unnamed(among:localNode:identity:)``.
    /// Reads `/nodes` (and `/cluster/status` when no node is given).
    public static func resolve(_ given: String?, client: ProxmoxClient) async throws(BuildError) -> String {
        let nodes: [NodeSummary]
        do throws(ProxmoxError) {
            nodes = try await client.nodes()
        } catch {
            throw BuildError.api(error, during: "listing the nodes")
        }
        if let given { return try named(given, among: nodes).node }
        let local: String?
        do throws(ProxmoxError) {
            local = try await client.clusterStatus().first { $0.type == "node" && $0.isLocal == true }?.name
        } catch {
            throw BuildError.api(error, during: "reading the cluster status")
        }
        return try unnamed(among: nodes, localNode: local, identity: await client.transport.identity).name
    }
}

/// What one node can still take, for ``NodeSelection/place(memoryMiB:among:ledger:random:)``.
public struct NodeCapacity: Sendable, Equatable {
    /// The node's name.
    public var node: String
    /// Its memory in bytes.
    public var maxMemory: Int64
    /// Memory in use now, in bytes.
    public var usedMemory: Int64
    /// Memory promised to its guests (the sum of their `maxmem`, templates excluded), in bytes.
    public var committedMemory: Int64

    /// A node's capacity.
    public init(node: String, maxMemory: Int64, usedMemory: Int64, committedMemory: Int64) {
        self.node = node
        self.maxMemory = maxMemory
        self.usedMemory = usedMemory
        self.committedMemory = committedMemory
    }

    /// What the node has left: its memory less what is in use or promised to its guests, whichever is more.
    public var headroom: Int64 { maxMemory - max(usedMemory, committedMemory) }

    /// The capacities of the online nodes among `nodes` (`/nodes`), with the guests of `guests`
    /// (`/cluster/resources?type=vm`) counted against their node.
    public static func of(_ nodes: [NodeSummary], guests: [ClusterResource]) -> [NodeCapacity] {
        var committed: [String: Int64] = [:]
        for guest in guests where ["lxc", "qemu"].contains(guest.type) && guest.raw["template"]?.intValue != 1 {
            guard let node = guest.node else { continue }
            committed[node, default: 0] += guest.raw["maxmem"]?.countValue ?? 0
        }
        return nodes.filter(\.isOnline).map { node in
            NodeCapacity(node: node.node, maxMemory: node.maxMemory ?? 0, usedMemory: node.memory ?? 0,
                         committedMemory: committed[node.node] ?? 0)
        }
    }
}

/// What one run has placed so far: shared by the builders of a stack (``ContainerBuilder/Options/placement``), so
/// each `auto` choice counts the containers the others placed before it.
public actor PlacementLedger {
    private var counts: [String: Int] = [:]
    private var bytes: [String: Int64] = [:]
    private var random: PlacementRandom

    /// An empty ledger; `seed` fixes the random choice among near-equal nodes (tests, benchmarks). Without one,
    /// each ledger, and so each run, draws its own.
    public init(seed: UInt64? = nil) {
        random = PlacementRandom(seed: seed ?? UInt64.random(in: .min ... .max))
    }

    /// Counts a container of `memoryMiB` placed on `node` by other means (a stack's `node: NAME`).
    public func record(_ node: String, memoryMiB: Int) {
        counts[node, default: 0] += 1
        bytes[node, default: 0] += Int64(memoryMiB) * 1_048_576
    }

    /// How many containers this run placed on each node.
    public var placed: [String: Int] { counts }

    /// Chooses a node by ``NodeSelection/place(memoryMiB:among:ledger:random:)`` and records the choice, in one step.
    public func choose(memoryMiB: Int, among capacities: [NodeCapacity]) -> NodeSelection.Placement? {
        let lowered = capacities.map { capacity in
            var less = capacity
            less.committedMemory = max(capacity.usedMemory, capacity.committedMemory) + (bytes[capacity.node] ?? 0)
            less.usedMemory = 0
            return less
        }
        guard let placement = NodeSelection.place(memoryMiB: memoryMiB, among: lowered, ledger: counts, random: &random) else {
            return nil
        }
        record(placement.node, memoryMiB: memoryMiB)
        return placement
    }
}

/// A small seeded generator (SplitMix64) for the choice among near-equal nodes.
public struct PlacementRandom: RandomNumberGenerator, Sendable {
    private var state: UInt64

    /// A generator that yields the same numbers for the same seed.
    public init(seed: UInt64) {
        state = seed
    }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

extension NodeSelection {
    /// A node chosen for `--node auto` and why.
    public struct Placement: Sendable, Equatable {
        /// The node.
        public var node: String
        /// Why, for the plan and the progress lines.
        public var reason: String
    }

    /// How far below the best node's headroom a node may be and still be chosen: 20 % of it.
    public static let placementMargin = 0.2

    /// The placement rule of `--node auto` and of a stack's `node: auto` (Docs/stacks.md):
    /// 1. a node's headroom is its memory less what is in use or committed to its guests (their `maxmem`),
    ///    whichever is more, less what this run placed on it already;
    /// 2. the nodes with room for `memoryMiB` are the candidates (when none has, all are, and the reason says so);
    /// 3. of those, the nodes within ``placementMargin`` of the best headroom are near-equal;
    /// 4. of those, the ones this run placed fewest containers on (`ledger`);
    /// 5. of those, one drawn at random, weighted by headroom.
    ///
    /// Separate processes cannot see each other's choices; the random draw among near-equal nodes spreads them
    /// instead of sending all to the one node that looked best to each.
    /// - Returns: `nil` when `capacities` is empty.
    public static func place(
        memoryMiB: Int, among capacities: [NodeCapacity], ledger: [String: Int] = [:], random: inout some RandomNumberGenerator
    ) -> Placement? {
        guard !capacities.isEmpty else { return nil }
        let need = Int64(memoryMiB) * 1_048_576
        let fitting = capacities.filter { $0.headroom >= need }
        let candidates = (fitting.isEmpty ? capacities : fitting).sorted { $0.node < $1.node }
        let best = candidates.map(\.headroom).max() ?? 0
        let floor = best - Int64(Double(max(best, 0)) * placementMargin)
        let near = candidates.filter { $0.headroom >= floor }
        let fewest = near.map { ledger[$0.node] ?? 0 }.min() ?? 0
        let pool = near.filter { (ledger[$0.node] ?? 0) == fewest }
        let weights = pool.map { UInt64(max($0.headroom, 0) / 1_048_576) + 1 }
        var draw = UInt64.random(in: 0..<weights.reduce(0, +), using: &random)
        var chosen = pool[pool.count - 1]
        for (index, weight) in weights.enumerated() {
            if draw < weight {
                chosen = pool[index]
                break
            }
            draw -= weight
        }
        let gib = Double(chosen.headroom) / 1_073_741_824
        var reason = String(format: "--node auto: %.1f GiB uncommitted memory", gib)
        if fitting.isEmpty {
            reason += "; no node has \(memoryMiB) MiB uncommitted, this one has the most"
        } else if pool.count > 1 {
            reason += ", one of \(pool.count) near-equal nodes (chosen at random)"
        } else if chosen.headroom == best {
            reason += ", the most of \(candidates.count) candidate\(candidates.count == 1 ? "" : "s")"
        } else {
            reason += ", near the most and with the fewest of this run's containers"
        }
        return Placement(node: chosen.node, reason: reason)
    }
}
