public import ProxmoxAPI

extension RestorableArchive {
    /// Backs container `vmid` on `node` up to `storage` (PVE's vzdump, mode `snapshot`), waits for the task, and
    /// returns the archive it wrote: the newest backup of `vmid` on `storage` that was not there before; `nil` when
    /// the storage's listing shows none (the task succeeded, the archive is not seen).
    /// - Throws: `ProxmoxError` of the listing, the backup call or its task.
    public static func take(vmid: Int, node: String, storage: String, client: ProxmoxClient, timeout: Duration) async throws(ProxmoxError)
        -> String?
    {
        let handle = client.node(node)
        let before = Set(try await handle.storageContent(storage, content: "backup").map(\.volid))
        _ = try await client.waitForTask(try await handle.backup(vmid: vmid, storage: storage), timeout: timeout)
        let after = try await handle.storageContent(storage, content: "backup")
        return after.filter { !before.contains($0.volid) && ($0.vmid ?? RestorableArchive.vmid(inFileName: $0.fileName)) == vmid }
            .max { (($0.ctime ?? 0), $0.fileName) < (($1.ctime ?? 0), $1.fileName) }?.volid
    }
}
