/// Backups on a node: vzdump, and the archives on a storage (list, notes and protection, removal).
extension NodeHandle {
    /// Maps to `POST /nodes/{node}/vzdump` with `request`'s guests, storage, mode, compression, notes and protection.
    /// Returns the `vzdump` task; a guest that failed shows only when the task is waited for (`job errors`, the cause in
    /// its log).
    public func vzdump(_ request: VzdumpRequest) async throws(ProxmoxError) -> UPID {
        try await startTask(.post, base + "/vzdump", request.parameters())
    }

    /// Maps to `GET /nodes/{node}/storage/{storage}/content?content=backup` (with `vmid`, only that guest's): the
    /// backup archives on `storage` as this node sees it.
    public func backupArchives(on storage: String, vmid: Int? = nil) async throws(ProxmoxError) -> [BackupArchive] {
        var parameters = [APIParameter("content", .string("backup"))]
        if let vmid { parameters.append(APIParameter("vmid", .integer(vmid))) }
        return try await client.list(
            try await client.get(base + APIPath.make("storage", storage, "content"), parameters), "backup archives",
            BackupArchive.init(json:))
    }

    /// Maps to `PUT /nodes/{node}/storage/{storage}/content/{volume}`: sets a backup's notes and/or protection
    /// (`nil` leaves it as it is).
    public func setBackupAttributes(_ volid: String, notes: String? = nil, isProtected: Bool? = nil) async throws(ProxmoxError) {
        var parameters: [APIParameter] = []
        if let notes { parameters.append(APIParameter("notes", .string(notes))) }
        if let isProtected { parameters.append(APIParameter("protected", .bool(isProtected))) }
        _ = try await client.call(APIRequest(.put, base + APIPath.make("storage", Self.storage(of: volid), "content", volid), parameters: parameters))
    }

    /// Maps to `DELETE /nodes/{node}/storage/{storage}/content/{volume}`: removes a volume (an archive). Returns the
    /// `imgdel` task; PVE ends it with an error for a protected archive.
    public func deleteVolume(_ volid: String) async throws(ProxmoxError) -> UPID {
        try await startTask(.delete, base + APIPath.make("storage", Self.storage(of: volid), "content", volid))
    }

    /// The storage part of a volume id (`local` of `local:backup/...`).
    static func storage(of volid: String) -> String {
        String(volid.split(separator: ":", maxSplits: 1).first ?? "")
    }
}
