import Foundation
public import ProxmoxAPI

/// `lxc-build update` of many containers: each planned as ``ContainerUpdate`` plans it (stopped ones started for
/// their update and stopped again), then updated with a bound on how many run at once, each failed one rolled back by
/// its own update, and one ``FleetUpdateReport`` at the end.
///
/// ``plan(_:)`` only reads; ``execute(_:)`` carries out the plans. Cancelling the task that runs ``execute(_:)``
/// (Ctrl-C) rolls back what is running as a failed update is, and starts nothing more: the rest are "not started".
public struct FleetUpdate: Sendable {
    /// What the fleet update does beyond each container's update.
    public struct Options: Sendable {
        /// Each container's update options (the node is each container's own; stopped containers are started).
        public var update: ContainerUpdate.Options
        /// How many updates run at the same time over the whole fleet; `nil`: one per node at a time.
        public var parallel: Int?
        /// Go on starting updates after one failed (each failed one is rolled back either way).
        public var continueOnError = false
        /// How many containers are planned at the same time (reads only).
        public var planningConcurrency = 4

        /// Options around `update`'s.
        public init(update: ContainerUpdate.Options = ContainerUpdate.Options()) {
            self.update = update
        }
    }

    /// The API.
    public let client: ProxmoxClient
    /// How commands reach the containers.
    public let shell: (any NodeShell)?
    /// The options.
    public let options: Options
    /// Hears each container's steps, as `CTID: step`.
    public let progress: @Sendable (String) -> Void

    /// Makes a fleet update.
    public init(client: ProxmoxClient, shell: (any NodeShell)?, options: Options, progress: @escaping @Sendable (String) -> Void = { _ in }) {
        self.client = client
        self.shell = shell
        var options = options
        options.update = options.update.fetchingOncePerApp()
        self.options = options
        self.progress = progress
    }

    /// The update of one container, with its node when known and stopped containers started.
    func containerUpdate(for target: FleetSelection.Target) -> ContainerUpdate {
        var update = options.update
        update.startStopped = true
        if update.node == nil { update.node = target.node }
        let ctid = target.ctid
        let progress = progress
        return ContainerUpdate(client: client, shell: shell, options: update) { line in progress("\(ctid): \(line)") }
    }

    /// Plans every target (reads only, a few at a time); a container whose plan is refused is in the plan with its
    /// refusal, and is not updated.
    public func plan(_ targets: [FleetSelection.Target]) async -> FleetPlan {
        let entries = await BoundedConcurrency.map(targets, limit: options.planningConcurrency) { target -> FleetPlan.Entry in
            do throws(BuildError) {
                let plan = try await containerUpdate(for: target).plan(ctid: target.ctid)
                return FleetPlan.Entry(target: target, plan: plan, refusal: nil)
            } catch {
                return FleetPlan.Entry(target: target, plan: nil, refusal: error)
            }
        }
        return FleetPlan(entries: entries, parallel: options.parallel, continueOnError: options.continueOnError)
    }

    /// Resolves `selection` (``ContainerSelection/resolve(client:stackKeyFolder:)``) and plans every container it
    /// selects (``plan(_:)``); an empty plan when it selects none.
    /// - Parameters:
    ///   - selection: The containers (ids, `--all`, `--tag`, `--stack FILE`, narrowed by status).
    ///   - stackKeyFolder: Where the stacks' keys are; `nil`: ``StackKey/folder(environment:effectiveUserID:)`` of this
    ///     process's environment.
    /// - Throws: ``BuildError``: what the selection's resolution throws; a container's refusal is in the plan.
    public func plan(_ selection: ContainerSelection, stackKeyFolder: String? = nil) async throws(BuildError) -> FleetPlan {
        await plan(try await selection.resolve(
            client: client, stackKeyFolder: stackKeyFolder ?? StackKey.folder(environment: ProcessInfo.processInfo.environment)))
    }
}

/// What ``FleetUpdate/execute(_:)`` will do: each selected container's plan, or why it cannot be updated; fixed once
/// made.
public struct FleetPlan: Sendable, Equatable {
    /// One selected container.
    public struct Entry: Sendable, Equatable {
        /// The container as selected.
        public let target: FleetSelection.Target
        /// Its update's plan, `nil` when refused.
        public let plan: UpdatePlan?
        /// Why it cannot be updated (no app, a storage that cannot snapshot, its OS...), `nil` when planned.
        public let refusal: BuildError?

        /// Container id.
        public var ctid: Int { target.ctid }

        /// The container's plan, or its refusal.
        init(target: FleetSelection.Target, plan: UpdatePlan?, refusal: BuildError?) {
            self.target = target
            self.plan = plan
            self.refusal = refusal
        }

        /// What will happen to the container, from its plan's actions: its protection, what is updated, whether it is
        /// started for the update, the resources raised.
        public var summary: String {
            guard let plan else { return "\(ctid): not updated: \(refusal?.message ?? "")" }
            var parts = ["\(plan.appName) (\(plan.app)) on \(plan.node)"]
            let rollsBack = !plan.actions(.rollBackOnFailure).isEmpty
            let restores = !plan.actions(.restoreBackupOnFailure).isEmpty
            let protection = plan.actions.lazy.compactMap { action -> String? in
                switch action {
                case .snapshot(_, let name, _): "snapshot \(name)" + (rollsBack ? ", rolled back on failure" : "")
                case .backUp(_, let storage): "backup to \(storage) first" + (restores ? "" : " (not restored on failure)")
                default: nil
                }
            }.first
            parts.append(protection ?? "no snapshot and no backup")
            for action in plan.actions(.update) {
                if case .updateOS = action { parts.append("OS update") } else { parts.append("app update") }
            }
            if plan.startsStopped { parts.append("stopped: started for its update and stopped again") }
            if let resources = plan.resources { parts.append("\(resources.described) during the update") }
            return "\(ctid): " + parts.joined(separator: "; ")
        }
    }

    /// The containers, in selection order.
    public let entries: [Entry]
    /// How many run at once (`nil`: one per node).
    public let parallel: Int?
    /// Whether a failure lets the others start.
    public let continueOnError: Bool

    /// The entries that will be updated.
    public var planned: [Entry] { entries.filter { $0.plan != nil } }
    /// The entries refused while planning.
    public var refused: [Entry] { entries.filter { $0.refusal != nil } }

    /// One line per container: what will happen to it (``Entry/summary``).
    public var summary: [String] { entries.map(\.summary) }

    /// How the updates are spread: `one per node at a time` or `at most N at a time`.
    public var concurrencyDescription: String {
        let spread = parallel.map { "at most \($0) at a time" } ?? "one per node at a time"
        return spread + (continueOnError ? ", going on after a failure" : ", the first failure starts no more")
    }
}
