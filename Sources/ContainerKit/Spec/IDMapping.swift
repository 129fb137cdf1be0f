public import ConfigResolution

/// The id mapping of an unprivileged container in which some host user and group ids appear unchanged, so that a bind
/// mount of a host directory owned by them is writable inside: `lxc.idmap` ranges, and the `root:ID:COUNT` lines the
/// node's `/etc/subuid` and `/etc/subgid` need to allow them.
///
/// PVE 9.1's `mpN` has no per-mount id mapping, so the container's whole mapping is replaced: ids `0..<count` map to
/// `hostBase + id` (PVE's default `root:100000:65536`), except the mapped ids, which map to themselves.
public struct IDMapping: Sendable, Equatable {
    /// One `lxc.idmap` range: `kind inside host count` (`u 1000 1000 1`).
    public struct Range: Sendable, Equatable, CustomStringConvertible {
        /// `u` for user ids, `g` for group ids.
        public var kind: Character
        /// The first id inside the container.
        public var inside: Int
        /// The first id on the host.
        public var host: Int
        /// How many ids.
        public var count: Int

        /// A range.
        public init(kind: Character, inside: Int, host: Int, count: Int) {
            self.kind = kind
            self.inside = inside
            self.host = host
            self.count = count
        }

        /// `u 0 100000 1000`: the value of an `lxc.idmap` line.
        public var description: String { "\(kind) \(inside) \(host) \(count)" }
    }

    /// The user ids that appear unchanged, sorted, each once.
    public let uids: [Int]
    /// The group ids that appear unchanged, sorted, each once.
    public let gids: [Int]
    /// Where the container's ids start on the host (PVE's default: 100000).
    public let hostBase: Int
    /// How many ids the container has (PVE's default: 65536).
    public let count: Int

    /// PVE's default range of an unprivileged container: `root:100000:65536`.
    public static let defaultHostBase = 100_000
    /// PVE's default number of ids of an unprivileged container.
    public static let defaultCount = 65_536

    /// A mapping of `uids` and `gids` (each below `count`; others are left out) over `hostBase`.
    public init(uids: some Sequence<Int>, gids: some Sequence<Int>, hostBase: Int = defaultHostBase, count: Int = defaultCount) {
        self.uids = Set(uids).filter { (0..<count).contains($0) }.sorted()
        self.gids = Set(gids).filter { (0..<count).contains($0) }.sorted()
        self.hostBase = hostBase
        self.count = count
    }

    /// The ids the mount points of an unprivileged container map (`uid=`, `gid=`); `nil` when none does.
    public init?(mounts: [MountPointSetting]) {
        let uids = mounts.compactMap(\.uid)
        let gids = mounts.compactMap(\.gid)
        guard !uids.isEmpty || !gids.isEmpty else { return nil }
        self.init(uids: uids, gids: gids)
    }

    /// The `lxc.idmap` ranges, users first: around each run of consecutive mapped ids, the ids below and above map into
    /// the container's host range (`u 0 100000 1000`, `u 1000 1000 1`, `u 1001 101001 64535`). Without mapped ids of a
    /// kind, that kind is the whole range at `hostBase`, as PVE maps it.
    public var ranges: [Range] {
        Self.ranges(kind: "u", ids: uids, hostBase: hostBase, count: count) + Self.ranges(kind: "g", ids: gids, hostBase: hostBase, count: count)
    }

    /// The ranges as lines of `/etc/pve/lxc/<id>.conf` (`lxc.idmap: u 0 100000 1000`).
    public var configLines: [RawConfigLine] {
        ranges.map { RawConfigLine("lxc.idmap", $0.description) }
    }

    /// The lines `/etc/subuid` must hold so that root may map the ranges (LXC's `newuidmap` checks them): the container's
    /// range (`root:100000:65536`, there on every PVE node), then one per run of mapped user ids (`root:1000:1`).
    public var subuidLines: [String] { subordinateLines(uids) }
    /// The lines `/etc/subgid` must hold, as ``subuidLines`` for the group ids.
    public var subgidLines: [String] { subordinateLines(gids) }

    private func subordinateLines(_ ids: [Int]) -> [String] {
        ["root:\(hostBase):\(count)"] + Self.runs(of: ids).map { "root:\($0.lowerBound):\($0.count)" }
    }

    /// The runs of consecutive ids in sorted, unique `ids`: `[1000, 1001, 1005]` → `1000...1001`, `1005...1005`.
    static func runs(of ids: [Int]) -> [ClosedRange<Int>] {
        var runs: [ClosedRange<Int>] = []
        for id in ids {
            if let last = runs.last, last.upperBound + 1 == id {
                runs[runs.count - 1] = last.lowerBound...id
            } else {
                runs.append(id...id)
            }
        }
        return runs
    }

    private static func ranges(kind: Character, ids: [Int], hostBase: Int, count: Int) -> [Range] {
        var ranges: [Range] = []
        var next = 0
        for run in runs(of: ids) {
            if next < run.lowerBound {
                ranges.append(Range(kind: kind, inside: next, host: hostBase + next, count: run.lowerBound - next))
            }
            ranges.append(Range(kind: kind, inside: run.lowerBound, host: run.lowerBound, count: run.count))
            next = run.upperBound + 1
        }
        if next < count { ranges.append(Range(kind: kind, inside: next, host: hostBase + next, count: count - next)) }
        return ranges
    }
}
