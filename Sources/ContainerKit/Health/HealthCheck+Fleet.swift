import Foundation
import ProxmoxAPI

extension HealthCheck {
    /// Which containers `lxc-build health` checks: a ``ContainerSelection`` (ids, `--all`, `--tag`, a stack file's
    /// proved members, or the stack name the notes carry).
    public typealias Selection = ContainerSelection

    /// How many containers are checked at the same time.
    static let parallelChecks = 4

    /// `lxc-build health`: each selected container checked once, read-only (no service expected, any failed one
    /// counts; see ``baseline(ctid:node:app:catalogDirectory:recordServices:)``); with `restart`, a running one
    /// whose URL does not answer is rebooted once and checked again within `restartWait`. `catalog` gives the
    /// catalog folder holding an app's `ct/<app>.sh` (`nil`: no URL from the catalog).
    /// - Throws: ``BuildError`` for a selection that cannot be read (no such container: 234; the cluster's list; a
    ///   stack file or its key: 64); 64 for `restart` with a selection by the stack name the notes carry (a marker
    ///   anyone can write: a stack's containers are restarted only as its file's proved members,
    ///   ``ContainerSelection/stackFile``); 81 when the node shell cannot tell the node it reaches (read once, before
    ///   any container is checked; a container on another node than that one gets its services as not listed, and
    ///   its URL asked from the shell's node, each saying so); a container that cannot be read later is reported
    ///   with its reason, not thrown.
    public func run(_ selection: Selection, node: String? = nil, restart: Bool = false, restartWait: Duration = .seconds(120),
                    stackKeyFolder: String? = nil,
                    catalog: @escaping @Sendable (String) async -> String? = { _ in nil }) async throws(BuildError) -> HealthReport {
        if restart, let stack = selection.stackName {
            throw BuildError(exitCode: BuildExitCode.usage,
                             message: "--restart with --stack \(BuildError.quoted(stack)): the stack's name in a container's notes is no proof it is the stack's; nothing was restarted",
                             hint: "Give the stack file (--stack FILE): its containers that carry the marker this machine's key proves are checked and restarted.")
        }
        var targets: [(ctid: Int, node: String, app: String?)] = []
        var warnings: [String] = []
        if selection.usesFlags {
            let folder = stackKeyFolder ?? StackKey.folder(environment: ProcessInfo.processInfo.environment)
            let resolution = try await selection.resolve(client: client, node: node, stackKeyFolder: folder)
            targets = resolution.targets.compactMap { target in target.node.map { (target.ctid, $0, target.app) } }
            warnings = resolution.warnings
        } else {
            // Ids: each found where it is (the given node checked), its app from its notes; 234 for one not found.
            for ctid in selection.ids {
                let (found, config, _) = try await ContainerLookup.read(ctid, given: node, client: client)
                targets.append((ctid, found, BuiltContainerNotes(config: config)?.app))
            }
        }
        // The node the shell reaches, read once: a container elsewhere gets its services as not listed, and why.
        let check = targets.isEmpty ? self : try await readingShellNode()
        let results = await BoundedConcurrency.map(targets, limit: Self.parallelChecks) { target -> Result<HealthResult, BuildError> in
            do throws(BuildError) {
                let folder = await target.app.asyncMap(catalog)
                let baseline = try await check.baseline(ctid: target.ctid, node: target.node, app: target.app, catalogDirectory: folder ?? nil,
                                                       recordServices: false)
                let result = await check.check(baseline)
                return .success(restart ? await check.restartIfUnanswered(result, waitUpTo: restartWait) : result)
            } catch {
                return .failure(error)
            }
        }
        let containers = zip(targets, results).map { target, result in
            switch result {
            case .success(let result): HealthReport.Container(result)
            case .failure(let error): HealthReport.Container(unreadable: target.ctid, node: target.node, reason: error.message)
            }
        }
        return HealthReport(containers: containers, warnings: warnings)
    }
}

extension Optional {
    /// `transform` of the value, `nil` for none.
    fileprivate func asyncMap<T>(_ transform: (Wrapped) async -> T) async -> T? {
        guard let value = self else { return nil }
        return await transform(value)
    }
}
