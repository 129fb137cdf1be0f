import Foundation
import ProxmoxAPI

extension StackRunner {
    /// The plan `saved` describes, made again from its decisions (each container's node, id, storages, template, run mark
    /// and time fixed), so that ``apply(_:)`` carries out exactly what `saved` lists: placement is not decided again.
    /// Read requests only.
    /// - Throws: ``BuildError`` (64), before any write, naming what changed since the plan was made: the stack file
    ///   (its digest), a node gone or offline, an id taken, a container created or removed meanwhile, or a request that
    ///   would now differ from the saved one (a template or storage gone, ...). The errors of ``plan(_:options:)`` otherwise.
    /// - Parameters:
    ///   - stack: The stack loaded from the file the plan was made from.
    ///   - saved: The saved plan (`apply --plan --out`).
    ///   - pruneBackup: With a saved `--prune`, the backup run of its orphans (to ``SavedStackPlan/Prune/backupStorage``).
    public func plan(_ stack: Stack, following saved: SavedStackPlan, pruneBackup: ContainerBackup? = nil) async throws(BuildError) -> StackPlan {
        guard saved.stack == stack.name, saved.file == SavedStackPlan.absolute(stack.file) else {
            throw BuildError(exitCode: BuildExitCode.usage,
                             message: "the saved plan is of stack \(saved.stack) (\(saved.file)), not of \(stack.name) (\(stack.file))")
        }
        try saved.checkFile()
        var pinned = stack
        for index in pinned.members.indices {
            guard let entry = saved.containers.first(where: { $0.name == pinned.members[index].name }), entry.status == "create" else { continue }
            pinned.members[index].options.node = .named(entry.node)
            pinned.members[index].spec.ctid = entry.ctid
            pinned.members[index].spec.pinned.insert(.ctid)
            pinned.members[index].spec.containerStorage = entry.storage
            pinned.members[index].spec.templateStorage = entry.templateStorage
            if let mark = entry.ownershipMark, let madeAt = entry.madeAt {
                pinned.members[index].options.savedMark = (mark, Date(timeIntervalSince1970: TimeInterval(madeAt)))
            }
        }
        let options = StackPlanOptions(converge: saved.converge == true, prune: saved.prune != nil,
                                       pruneBackup: saved.prune?.backupStorage == nil ? nil : pruneBackup)
        let plan = try await self.plan(pinned, saved: saved, options: options)
        let changes = Self.changes(from: saved, to: plan)
        if let error = Self.changedError(changes, saved: saved) { throw error }
        return plan
    }

    /// What in the cluster no longer holds that `saved` depends on, read before anything is planned: each node it
    /// creates on is there and online, each id it creates is free, each container it creates does not exist yet, and
    /// each container it leaves alone is still the stack's.
    func clusterChanges(since saved: SavedStackPlan, guests: [ClusterResource], marked: [StackMarkedContainer]) async throws(BuildError)
        -> [String]
    {
        let status = try await read("reading the cluster's status") { () throws(ProxmoxError) in try await self.client.clusterStatus() }
        let nodes = status.filter { $0.type == "node" }
        var changes: [String] = []
        for entry in saved.containers {
            let proved = marked.first { $0.name == entry.name && $0.proof == .verified }
            if entry.status == "existing" {
                if proved?.ctid != entry.ctid {
                    changes.append("\(entry.name): container \(entry.ctid) on \(entry.node), which the plan leaves alone, "
                        + (proved.map { "is no longer it: container \($0.ctid) on \($0.node) is" } ?? "is no longer the stack's (removed, or its marker changed)"))
                }
                continue
            }
            if let proved {
                changes.append("\(entry.name): exists now (container \(proved.ctid) on \(proved.node)); the plan creates it")
            }
            if let node = nodes.first(where: { $0.name == entry.node }) {
                if node.online == false { changes.append("\(entry.name): node \(entry.node) is offline") }
            } else {
                changes.append("\(entry.name): node \(entry.node) is no longer in the cluster")
            }
            if let taken = guests.first(where: { $0.vmid == entry.ctid }) {
                changes.append("\(entry.name): container id \(entry.ctid) is taken now (\(taken.type) \(entry.ctid)"
                    + "\(taken.name.map { " (\($0))" } ?? "") on \(taken.node ?? "?"))")
            }
        }
        return changes
    }

    /// Where the plan made again differs from `saved`: an entry's outcome, its node, id, storages or template, or a
    /// request (the first parameter that differs).
    static func changes(from saved: SavedStackPlan, to plan: StackPlan) -> [String] {
        var changes: [String] = []
        for entry in saved.containers where entry.status == "existing" && saved.converge == true {
            guard let now = plan.entries.first(where: { $0.name == entry.name }), case .existing(let existing) = now.outcome else { continue }
            // The configuration's digest is in the saved request: a container changed since differs here.
            if let difference = difference(entry.changes ?? [], existing.changes.map(PlanReport.RequestReport.init)) {
                changes.append("\(entry.name): its change in place: \(difference)")
            }
        }
        if let prune = saved.prune {
            let now = plan.prune.map { SavedStackPlan.Prune(remove: $0.removals.map(\.ctid), refused: $0.refused.map(\.ctid), backupStorage: $0.removal.plan?.storage) }
            if now != prune {
                changes.append("the orphans it removes were \(prune.remove) (backup to \(prune.backupStorage ?? "none")), refused \(prune.refused); "
                    + "now \(now?.remove ?? []) (backup to \(now?.backupStorage ?? "none")), refused \(now?.refused ?? [])")
            }
        }
        for entry in saved.containers where entry.status == "create" {
            guard let now = plan.entries.first(where: { $0.name == entry.name }) else {
                changes.append("\(entry.name): no longer in the stack")
                continue
            }
            switch now.outcome {
            case .existing(let existing):
                changes.append("\(entry.name): exists now (container \(existing.ctid) on \(existing.node)); the plan creates it")
            case .failed(let error):
                changes.append("\(entry.name): cannot be planned as saved now: \(error.message)")
            case .create(let created):
                let requests = (try? created.requests().map(PlanReport.RequestReport.init)) ?? []
                if let difference = difference(entry.requests ?? [], requests) {
                    changes.append("\(entry.name): \(difference)")
                } else if created.node != entry.node || created.ctid != entry.ctid || created.template.fileName != entry.template {
                    changes.append("\(entry.name): planned as container \(created.ctid) on \(created.node) from \(created.template.fileName), "
                        + "saved as \(entry.ctid) on \(entry.node) from \(entry.template ?? "?")")
                }
            }
        }
        return changes
    }

    /// The first difference between the saved requests and those of the plan made again, `nil` when they are equal.
    static func difference(_ saved: [PlanReport.RequestReport], _ now: [PlanReport.RequestReport]) -> String? {
        for (old, new) in zip(saved, now) where old != new {
            guard old.method == new.method, old.path == new.path else {
                return "the plan sent \(old.method) \(old.path), it would now send \(new.method) \(new.path)"
            }
            for key in Set(old.parameters.keys).union(new.parameters.keys).sorted() where old.parameters[key] != new.parameters[key] {
                return "\(old.method) \(old.path): \(key) was \(old.parameters[key] ?? "(not sent)") in the plan, would now be "
                    + (new.parameters[key] ?? "(not sent)")
            }
        }
        guard saved.count == now.count else { return "the plan sent \(saved.count) requests, it would now send \(now.count)" }
        return nil
    }

    /// The error that stops a saved plan when `changes` is not empty.
    static func changedError(_ changes: [String], saved: SavedStackPlan) -> BuildError? {
        guard !changes.isEmpty else { return nil }
        return BuildError(
            exitCode: BuildExitCode.usage,
            message: "stack \(saved.stack): the cluster changed since the plan was made; the saved plan is not carried out and nothing "
                + "was changed:\n  " + changes.joined(separator: "\n  "),
            hint: "Make a new plan and look at it: lxc-build apply \(saved.file) --plan --out PLAN.json")
    }
}
