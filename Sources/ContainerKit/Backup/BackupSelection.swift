public import ProxmoxAPI

/// Which containers `lxc-build backup` backs up.
public enum BackupSelection: Sendable, Equatable {
    /// These container ids (each must be a container of the cluster: 234 otherwise).
    case ids([Int])
    /// The containers `lxc-build list` shows (built by lxc-build or the community scripts) that `filter` keeps:
    /// `--all` with an empty filter, `--tag TAG` with that tag.
    case built(ContainerList.Filter)
    /// The containers of a stack file whose marker `key` proves (as `destroy --stack` finds them); a claim that is
    /// not proved is left out with a warning.
    case stack(StackFile, key: StackKey?)
}

/// A container chosen for a backup.
public struct BackupTarget: Sendable, Equatable, Codable {
    /// Container id.
    public var ctid: Int
    /// The node it is on.
    public var node: String
    /// Its host name, when known.
    public var hostname: String?

    /// A target; see the properties.
    public init(ctid: Int, node: String, hostname: String? = nil) {
        self.ctid = ctid
        self.node = node
        self.hostname = hostname
    }
}

extension BackupSelection {
    /// The containers selected, by id, with the warnings of what was left out.
    /// - Throws: ``BuildError``: 234 for an id that is not a container of the cluster, 64 when nothing is selected.
    public func resolve(client: ProxmoxClient) async throws(BuildError) -> (targets: [BackupTarget], warnings: [String]) {
        var targets: [BackupTarget] = []
        var warnings: [String] = []
        switch self {
        case .ids(let ids):
            let resources: [ClusterResource]
            do throws(ProxmoxError) { resources = try await client.clusterResources(type: "vm") } catch {
                throw BuildError.api(error, during: "looking for the containers in /cluster/resources")
            }
            for ctid in ids where !targets.contains(where: { $0.ctid == ctid }) {
                guard let row = resources.first(where: { $0.vmid == ctid && $0.type == "lxc" }), let node = row.node else {
                    let isVM = resources.contains { $0.vmid == ctid }
                    throw BuildError(exitCode: ExitCodes.containerNotFound,
                                     message: "no container \(ctid) in the cluster" + (isVM ? " (\(ctid) is a virtual machine)" : "") + "; nothing was backed up",
                                     hint: "`lxc-build list` lists the containers lxc-build and the community scripts built.")
                }
                targets.append(BackupTarget(ctid: ctid, node: node, hostname: row.name))
            }
        case .built(let filter):
            let listing = try await ContainerList.read(client: client, filter: filter)
            targets = listing.containers.map { BackupTarget(ctid: $0.ctid, node: $0.node, hostname: $0.hostname) }
            warnings = listing.warnings
        case .stack(let file, let key):
            let runner = StackRunner(client: client)
            let claims = try await runner.marked(stack: file.name, key: key, containers: file.containers.map { ($0.name, $0.hostname) })
            for claim in claims {
                if claim.proof == .verified {
                    targets.append(BackupTarget(ctid: claim.ctid, node: claim.node, hostname: claim.config.options.hostname))
                } else {
                    warnings.append("\(claim.name): container \(claim.ctid) on \(claim.node) left out: \(claim.proof.explanation)")
                }
            }
        }
        guard !targets.isEmpty else {
            throw BuildError(exitCode: ExitCodes.usage, message: "no container selected: \(description); nothing was backed up",
                             hint: "`lxc-build list` shows the containers --all and --tag choose from; give container ids to back up others.")
        }
        return (targets.sorted { $0.ctid < $1.ctid }, warnings)
    }

    /// The selection in words, for messages.
    public var description: String {
        switch self {
        case .ids(let ids): ids.map(String.init).joined(separator: ", ")
        case .built(let filter): filter.tag.map { "--tag \(BuildError.quoted($0)) matches no container lxc-build or the community scripts built" }
            ?? "--all: no container lxc-build or the community scripts built"
        case .stack(let file, _): "--stack \(BuildError.quoted(file.path)): no container of stack \(file.name) carries its proved marker"
        }
    }
}
