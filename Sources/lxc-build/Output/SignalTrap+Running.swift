import ContainerKit

extension SignalTrap {
    /// Runs `work` as a task that a signal or a closed output cancels (the library then stops or rolls back what it
    /// began); a failure after such a stop says what stopped it (130, 143, 141…).
    static func running<Success: Sendable>(_ work: @escaping @Sendable () async throws(BuildError) -> Success) async throws(BuildError) -> Success {
        let trap = SignalTrap()
        let task = Task { () -> Result<Success, BuildError> in
            do throws(BuildError) { return .success(try await work()) } catch { return .failure(error) }
        }
        trap.cancel(task)
        var outcome = await task.value
        if case .failure(let error) = outcome, let stop = trap.reason { outcome = .failure(error.stopped(by: stop)) }
        return try outcome.get()
    }
}
