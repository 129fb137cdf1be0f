public import ProxmoxAPI

/// What `apply --json` prints once the stack is applied: one entry per container (``StackContainerReport``), the
/// status of the whole run and, when it did not end with every container there, the error that sums it up.
public struct ApplyReport: Codable, Sendable, Equatable {
    /// The stack's id.
    public var stack: String
    /// The stack file.
    public var file: String
    /// One entry per container, in the file's order.
    public var containers: [StackContainerReport]
    /// `applied` when every container exists or was created, else `failed`.
    public var status: String
    /// What the run ends with when it failed (``StackResult/failure(exitCode:)``); left out when applied.
    public var error: ErrorReport?
    /// The containers carrying the stack's proved marker that the file no longer lists, and what `--prune` did with
    /// them; left out when there is none.
    public var orphans: [StackOrphanReport]?

    /// The report of `result`, ending with `exitCode` (``StackResult/exitCode`` unless a signal changed it).
    public init(result: StackResult, exitCode: BuildExitCode? = nil) {
        stack = result.stack
        file = result.file
        containers = result.entries.map(StackContainerReport.init)
        let failure = result.failure(exitCode: exitCode ?? result.exitCode)
        status = failure == nil ? "applied" : "failed"
        error = failure.map(ErrorReport.init)
        orphans = StackOrphanReport.list(result)
    }
}

/// What `apply --plan --json` prints: every container's plan (``StackContainerReport``), and the first container
/// that could not be planned as the document's error.
public struct StackPlanReport: Codable, Sendable, Equatable {
    /// The stack's id.
    public var stack: String
    /// The stack file.
    public var file: String
    /// One entry per container, in the file's order.
    public var containers: [StackContainerReport]
    /// The first container's failure, left out when every container could be planned.
    public var error: ErrorReport?
    /// The containers carrying the stack's proved marker that the file no longer lists, and what `--prune` would do
    /// with them; left out when there is none.
    public var orphans: [StackOrphanReport]?

    /// The report of `plan`.
    /// - Throws: `ProxmoxError` when a request cannot be formed from a container's plan.
    public init(plan: StackPlan) throws(ProxmoxError) {
        stack = plan.stack
        file = plan.file
        containers = []
        for entry in plan.entries { containers.append(try StackContainerReport(entry)) }
        error = plan.failures.first.map(ErrorReport.init)
        orphans = StackOrphanReport.list(plan)
    }
}

extension StackPlan {
    /// The errors of the containers that could not be planned, in the file's order.
    public var failures: [BuildError] {
        entries.compactMap { if case .failed(let error) = $0.outcome { error } else { nil } }
    }
}

extension StackResult {
    /// The error an apply that ends with `exitCode` sums up to: the run was stopped (a signal's code, or
    /// ``interrupted``), or which containers failed; `nil` for 0.
    public func failure(exitCode: BuildExitCode) -> BuildError? {
        guard !exitCode.isSuccess else { return nil }
        let failed = failures.map(\.name)
        let kept = prune?.failures.map { "\($0.orphan.name) (\($0.orphan.ctid))" } ?? []
        let message = interrupted || exitCode.isStop
            ? "stopped; what this run created was removed"
            : failed.isEmpty && !kept.isEmpty
            ? "\(kept.count) orphan(s) not removed: \(kept.joined(separator: ", ")); every container of the file exists or was created"
            : "\(failed.count) of \(entries.count) containers failed (\(failed.joined(separator: ", "))); the others exist or were created"
        return BuildError(exitCode: exitCode, message: message)
    }
}
