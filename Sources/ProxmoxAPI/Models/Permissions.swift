/// `GET /access/permissions`: the privileges the caller (user or API token) holds, by ACL path.
///
/// PVE answers `{path: {privilege: propagate}}`; a privilege on a path also holds below it when it propagates
/// (`1`), which is how a grant on `/vms` or `/` covers a container id that does not exist yet.
public struct Permissions: Sendable, Equatable {
    /// Privileges by path, with their propagate flag.
    public var byPath: [String: [String: Bool]]

    /// Reads the answer.
    /// - Throws: ``ProxmoxError`` `.decoding` when it is not an object of objects.
    public init(json: JSONValue) throws(ProxmoxError) {
        var byPath: [String: [String: Bool]] = [:]
        for (path, privileges) in try json.requireObject("permissions").objectValue ?? [:] {
            var held: [String: Bool] = [:]
            for (privilege, flag) in try privileges.requireObject("privileges of a path").objectValue ?? [:] {
                held[privilege] = flag.intValue.map { $0 != 0 } ?? (flag.boolValue ?? true)
            }
            byPath[path] = held
        }
        self.byPath = byPath
    }

    /// Privileges given directly, for tests and library users.
    public init(byPath: [String: [String: Bool]]) {
        self.byPath = byPath
    }

    /// Whether `privilege` holds on `path`: granted on the path itself, or on an ancestor (`/` included) that
    /// propagates it.
    public func holds(_ privilege: String, on path: String) -> Bool {
        for (granted, privileges) in byPath {
            guard let propagates = privileges[privilege] else { continue }
            if granted == path { return true }
            let prefix = granted == "/" ? "/" : granted + "/"
            if propagates && path.hasPrefix(prefix) { return true }
        }
        return false
    }
}

extension ProxmoxClient {
    /// Maps to `GET /access/permissions`: what the caller itself may do (every identity may read its own).
    public func permissions() async throws(ProxmoxError) -> Permissions {
        try Permissions(json: try await get("/access/permissions"))
    }
}
