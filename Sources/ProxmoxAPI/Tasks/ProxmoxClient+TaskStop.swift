extension ProxmoxClient {
    /// Asks the node to stop a running task. Maps to `DELETE /nodes/{node}/tasks/{upid}`: PVE ends the worker with
    /// a signal, and the task ends with `interrupted by signal` once the worker has cleaned up (a create worker removes
    /// the container it was making). Returns at once; ``waitForTask(_:timeout:onStatus:)`` sees the task end.
    public func stopTask(_ upid: UPID) async throws(ProxmoxError) {
        _ = try await call(APIRequest(.delete, APIPath.make("nodes", upid.node, "tasks", upid.rawValue)))
    }
}
