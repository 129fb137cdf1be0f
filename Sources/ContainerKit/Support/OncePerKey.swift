/// Work done once per key however many ask for it at the same time or later: a repository's latest release, an app's
/// catalog files fetched for a fleet of containers running it.
actor OncePerKey<Value: Sendable> {
    private var known: [String: Task<Value, Never>] = [:]

    /// The value for `key`: `make`'s, run by the first caller; later callers wait for that run.
    func value(_ key: String, _ make: @escaping @Sendable () async -> Value) async -> Value {
        if let task = known[key] { return await task.value }
        let task = Task { await make() }
        known[key] = task
        return await task.value
    }
}

extension ContainerUpdate.Options {
    /// These options with ``fetchCatalog`` asked once per app: the containers of a fleet that run the same app share
    /// one fetched folder.
    func fetchingOncePerApp() -> ContainerUpdate.Options {
        guard let fetch = fetchCatalog else { return self }
        var options = self
        let fetched = OncePerKey<Result<String?, BuildError>>()
        options.fetchCatalog = { app throws(BuildError) in
            try await fetched.value(app.lowercased()) { () async -> Result<String?, BuildError> in
                do throws(BuildError) { return .success(try await fetch(app)) } catch { return .failure(error) }
            }.get()
        }
        return options
    }
}
