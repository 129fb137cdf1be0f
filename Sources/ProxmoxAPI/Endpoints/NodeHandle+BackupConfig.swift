extension NodeHandle {
    /// Maps to `GET /nodes/{node}/vzdump/extractconfig`: the guest configuration stored in backup `volume`
    /// (`STORAGE:backup/vzdump-lxc-…`), as the text of a `pct.conf`.
    public func backupConfig(volume: String) async throws(ProxmoxError) -> String {
        let data = try await client.get(base + "/vzdump/extractconfig", [APIParameter("volume", .string(volume))])
        return data.stringValue ?? ""
    }
}
