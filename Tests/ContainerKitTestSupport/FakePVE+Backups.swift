public import LXCBuildTestSupport

extension FakePVE {
    /// Makes `POST /nodes/{n}/vzdump` also write an archive `vzdump-lxc-<vmid>-<date>.tar.zst` to the storage it
    /// names (the harness's `archive_on_vzdump`), so a backup leaves something to restore.
    public func archiveOnVzdump(size: Int = 4096) throws {
        try command(["op": "archive_on_vzdump", "size": size])
    }

    /// Puts a container backup `vzdump-lxc-<vmid>-<date>.tar.zst` on `storage`; returns its volume id.
    @discardableResult
    public func storeBackup(vmid: Int, date: String, storage: String = "local", size: Int = 4096) throws -> String {
        let name = "vzdump-lxc-\(vmid)-\(date).tar.zst"
        try call("store_file", [storage, name, size], ["content": "backup"])
        return "\(storage):backup/\(name)"
    }

    /// Sets the content types of `storage` (`iso,vztmpl,backup,rootdir`).
    public func setStorageContent(_ storage: String, _ content: String) throws {
        try command(["op": "storage_content", "storage": storage, "content": content])
    }
}
