public import LXCBuildTestSupport

extension FakePVE {
    /// Puts a container backup `vzdump-lxc-<vmid>-<date>.tar.zst` on `storage`; returns its volume id.
    @discardableResult
    public func storeBackup(vmid: Int, date: String, storage: String = "local", size: Int = 4096) throws -> String {
        let name = "vzdump-lxc-\(vmid)-\(date).tar.zst"
        try call("store_file", [storage, name, size], ["content": "backup"])
        return "\(storage):backup/\(name)"
    }

    /// Sets the content types of `storage` (`iso,vztmpl,backup,rootdir`).
    public func setStorageContent(_ storage: String, _ content: String) throws {
        try command(["op": "storage", "name": storage, "key": "content", "value": content])
    }
}
