import ProxmoxAPI

/// Which containers `lxc-build backup` backs up: a ``ContainerSelection`` (ids, `--all`, `--tag`, `--stack FILE`),
/// an id that is not a container of the cluster refused with 234.
public typealias BackupSelection = ContainerSelection

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

extension ContainerSelection {
    /// Checks that a backup's selection names its containers one way: ids, `--all`, `--tag` or `--stack`.
    /// - Throws: ``BuildError`` (64) when none or several are given.
    public func validateForBackup() throws(BuildError) {
        guard [!ids.isEmpty, all, tag != nil, stackFile != nil].filter({ $0 }).count == 1 else {
            throw BuildError(exitCode: BuildExitCode.usage, message: "give container IDs, --all, --tag TAG or --stack FILE (one of them)")
        }
    }

    /// The containers selected for a backup, by id, with the warnings of what was left out.
    /// - Throws: ``BuildError``: 234 for an id that is not a container of the cluster, 64 when nothing is selected.
    func backupTargets(client: ProxmoxClient, stackKeyFolder: String) async throws(BuildError) -> (targets: [BackupTarget], warnings: [String]) {
        // An id named twice is backed up once (backup never refused it, as update does).
        var seen: Set<Int> = []
        var selection = self
        selection.ids = ids.filter { seen.insert($0).inserted }
        let resolution = try await selection.resolve(client: client, node: nil, stackKeyFolder: stackKeyFolder)
        if let missing = resolution.missing.first {
            throw BuildError(exitCode: .containerNotFound,
                             message: "no container \(missing.ctid) in the cluster" + (missing.isVirtualMachine ? " (\(missing.ctid) is a virtual machine)" : "")
                                 + "; nothing was backed up",
                             hint: "`lxc-build list` lists the containers lxc-build and the community scripts built.")
        }
        let targets = resolution.targets.compactMap { target in
            target.node.map { BackupTarget(ctid: target.ctid, node: $0, hostname: target.hostname) }
        }
        guard !targets.isEmpty else {
            throw BuildError(exitCode: .usage, message: "no container selected: \(nothingSelected); nothing was backed up",
                             hint: "`lxc-build list` shows the containers --all and --tag choose from; give container ids to back up others.")
        }
        return (targets.sorted { $0.ctid < $1.ctid }, resolution.warnings)
    }
}
