import Foundation
import ProxmoxAPI

extension HealthCheck {
    /// Which containers `lxc-build health` checks.
    public enum Selection: Sendable, Equatable {
        /// These containers, in this order (each found through `/cluster/resources`).
        case ids([Int])
        /// The containers `list` lists (lxc-build or the community scripts built them) that the filter keeps.
        case listed(ContainerList.Filter)
    }

    /// How many containers are checked at the same time.
    static let parallelChecks = 4

    /// `lxc-build health`: each selected container checked once, read-only (no service expected, any failed one
    /// counts; see ``baseline(ctid:node:app:catalogDirectory:recordServices:)``); with `restart`, a running one
    /// whose URL does not answer is rebooted once and checked again within `restartWait`. `catalog` gives the
    /// catalog folder holding an app's `ct/<app>.sh` (`nil`: no URL from the catalog).
    /// - Throws: ``BuildError`` for a selection that cannot be read (no such container: 234; the cluster's list);
    ///   64 for `restart` with a selection by the stack name the notes carry (a marker anyone can write: a stack's
    ///   containers are restarted only as its file's proved members, ``FleetSelection``, given as ids); a container
    ///   that cannot be read later is reported with its reason, not thrown.
    public func run(_ selection: Selection, node: String? = nil, restart: Bool = false, restartWait: Duration = .seconds(120),
                    catalog: @escaping @Sendable (String) async -> String? = { _ in nil }) async throws(BuildError) -> HealthReport {
        if restart, case .listed(let filter) = selection, let stack = filter.stack {
            throw BuildError(exitCode: ExitCodes.usage,
                             message: "--restart with --stack \(BuildError.quoted(stack)): the stack's name in a container's notes is no proof it is the stack's; nothing was restarted",
                             hint: "Give the stack file (--stack FILE): its containers that carry the marker this machine's key proves are checked and restarted.")
        }
        var targets: [(ctid: Int, node: String, app: String?)] = []
        var warnings: [String] = []
        switch selection {
        case .ids(let ids):
            for ctid in ids {
                let (found, config, _) = try await ContainerLookup.read(ctid, given: node, client: client)
                targets.append((ctid, found, BuiltContainerNotes(config: config)?.app))
            }
        case .listed(let filter):
            let listing = try await ContainerList.read(client: client, node: node, filter: filter)
            targets = listing.containers.map { ($0.ctid, $0.node, $0.notes.app) }
            warnings = listing.warnings
        }
        let results = await BoundedConcurrency.map(targets, limit: Self.parallelChecks) { target -> Result<HealthResult, BuildError> in
            do throws(BuildError) {
                let folder = await target.app.asyncMap(catalog)
                let baseline = try await self.baseline(ctid: target.ctid, node: target.node, app: target.app, catalogDirectory: folder ?? nil,
                                                       recordServices: false)
                let result = await self.check(baseline)
                return .success(restart ? await self.restartIfUnanswered(result, waitUpTo: restartWait) : result)
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
