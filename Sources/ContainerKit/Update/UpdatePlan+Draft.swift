extension UpdatePlan {
    /// A plan while ``ContainerUpdate/plan(ctid:)`` decides it, step by step; ``UpdatePlan/init(_:)`` fixes it.
    struct Draft {
        var ctid: Int
        var node: String
        var app: String
        var appSource: String
        var appName: String
        var containerOS: String?
        var declaredOS: String?
        var actions: [UpdateAction] = []
        var warnings: [String] = []
        var health: HealthBaseline?
        var target: UpdateTarget
        var script: String
        var functions: String
        var notes: String
        var declaredRelease: [String?] = [nil, nil]
        var rootStorage: String?

        /// The snapshot the actions so far take.
        var snapshotName: String? { actions.snapshotName }
        /// The storage the actions so far back up to.
        var backupStorage: String? { actions.backupStorage }
        /// Whether the actions so far start a stopped container.
        var startsStopped: Bool { actions.contains { $0.kind == .startStopped } }

        /// A plan with no actions yet.
        init(ctid: Int, node: String, app: String, appSource: String, appName: String, target: UpdateTarget, script: String, functions: String, notes: String) {
            self.ctid = ctid
            self.node = node
            self.app = app
            self.appSource = appSource
            self.appName = appName
            self.target = target
            self.script = script
            self.functions = functions
            self.notes = notes
        }

        /// A made plan to change (the OS check of a stopped container once started).
        init(_ plan: UpdatePlan) {
            self.init(ctid: plan.ctid, node: plan.node, app: plan.app, appSource: plan.appSource, appName: plan.appName, target: plan.target,
                      script: plan.script, functions: plan.functions, notes: plan.notes)
            containerOS = plan.containerOS
            declaredOS = plan.declaredOS
            actions = plan.actions
            warnings = plan.warnings
            health = plan.health
            declaredRelease = plan.declaredRelease
            rootStorage = plan.rootStorage
        }
    }

    /// The plan `draft` came to.
    init(_ draft: Draft) {
        self.init(ctid: draft.ctid, node: draft.node, app: draft.app, appSource: draft.appSource, appName: draft.appName, actions: draft.actions,
                  warnings: draft.warnings, script: draft.script, functions: draft.functions, notes: draft.notes, containerOS: draft.containerOS,
                  declaredOS: draft.declaredOS, health: draft.health, target: draft.target, declaredRelease: draft.declaredRelease,
                  rootStorage: draft.rootStorage)
    }
}

extension Array where Element == UpdateAction {
    /// The snapshot the first ``UpdateAction/snapshot(ctid:name:volumes:)`` takes.
    var snapshotName: String? {
        lazy.compactMap { if case .snapshot(_, let name, _) = $0 { name } else { nil } }.first
    }
    /// The storage the first ``UpdateAction/backUp(ctid:storage:)`` backs up to.
    var backupStorage: String? {
        lazy.compactMap { if case .backUp(_, let storage) = $0 { storage } else { nil } }.first
    }
}
