public import ProxmoxAPI

/// Which storage the archives go to: one that takes backups (`content` includes `backup`) on every node of the
/// selected containers, named or the only one; and whether it has room.
public enum BackupStorageChoice {
    /// The backup storages each of `nodes` has, enabled and active (`GET /nodes/{node}/storage?content=backup`).
    public static func storages(on nodes: [String], client: ProxmoxClient) async throws(BuildError) -> [String: [StorageSummary]] {
        var found: [String: [StorageSummary]] = [:]
        for node in Set(nodes).sorted() {
            do throws(ProxmoxError) {
                found[node] = try await client.node(node).storages(content: "backup", enabledOnly: true)
                    .filter { $0.active && $0.content.contains("backup") }
            } catch {
                throw BuildError.api(error, during: "reading the backup storages of node \(node)")
            }
        }
        return found
    }

    /// The storage to use: `named` when every node has it, else the one storage every node has.
    /// - Parameters:
    ///   - named: The storage the operator named (`--storage`, `--backup-storage`), or `nil`.
    ///   - setting: The option that names it, for messages.
    ///   - perNode: Each node's backup storages (``storages(on:client:)``).
    /// - Returns: The storage id, or `nil` when no storage takes backups on every node and none was named.
    /// - Throws: ``BuildError`` (64) for a named storage that cannot take the backups, or several possible storages and
    ///   none named, listing those that would do.
    public static func choose(named: String?, setting: String = "--storage", perNode: [String: [StorageSummary]]) throws(BuildError) -> String? {
        let nodes = perNode.keys.sorted()
        let common = candidates(perNode)
        let wouldDo = common.isEmpty ? "none takes backups on " + nodes.joined(separator: ", ") : "accepted: " + common.joined(separator: ", ")
        if let named {
            guard common.contains(named) else {
                let missing = nodes.filter { node in !perNode[node, default: []].contains { $0.storage == named } }
                throw BuildError(exitCode: BuildExitCode.usage,
                                 message: "\(setting) \(BuildError.quoted(named)): not a storage that takes backups (content backup, enabled, active) "
                                     + "on node(s) \(missing.joined(separator: ", ")); \(wouldDo); nothing was backed up",
                                 hint: "Add `backup` to the storage's content (Datacenter, Storage) or name another storage.")
            }
            return named
        }
        if common.count > 1 {
            throw BuildError(exitCode: BuildExitCode.usage,
                             message: "several storages take backups on \(nodes.joined(separator: ", ")): \(common.joined(separator: ", ")); "
                                 + "name one with \(setting); nothing was backed up")
        }
        return common.first
    }

    /// The storages that take backups on every node of `perNode`, by id.
    public static func candidates(_ perNode: [String: [StorageSummary]]) -> [String] {
        perNode.keys.reduce(Set(perNode.values.flatMap { $0.map(\.storage) })) { set, node in
            set.intersection(perNode[node, default: []].map(\.storage))
        }.sorted()
    }

    /// Refuses a storage that has not room for `needed` bytes on each node (a shared storage counts the containers of
    /// every node once, against its one free space).
    /// - Parameters:
    ///   - storage: The chosen storage.
    ///   - needed: Each container's bytes with its node.
    ///   - perNode: Each node's backup storages, with their free space.
    /// - Throws: ``BuildError`` (214) naming the storage, the free and the needed bytes.
    public static func checkSpace(_ storage: String, needed: [(node: String, bytes: Int64)], perNode: [String: [StorageSummary]]) throws(BuildError) {
        var groups: [String: (available: Int64?, needed: Int64)] = [:]
        for (node, bytes) in needed {
            guard let summary = perNode[node]?.first(where: { $0.storage == storage }) else { continue }
            let key = summary.shared ? storage : "\(storage) on \(node)"
            groups[key, default: (summary.available, 0)].needed += bytes
        }
        for (key, group) in groups.sorted(by: { $0.key < $1.key }) {
            guard let available = group.available, group.needed > available else { continue }
            throw BuildError(exitCode: BuildExitCode.notEnoughSpace,
                             message: "storage \(key) has \(ContainerBuilder.formatBytes(available)) free; the backups need up to \(ContainerBuilder.formatBytes(group.needed)) "
                                 + "(the containers' used disk); nothing was backed up",
                             hint: "Free space on it (lxc-build backups lists its archives), back up fewer containers, or name another storage.")
        }
    }
}
