public import ProxmoxAPI

/// Which containers a fleet update (or `update --check`) takes: ids, every built container (`--all`, the rule of
/// `lxc-build list`), a tag, a stack's proved members, narrowed to the running or the stopped ones.
public struct FleetSelection: Sendable, Equatable {
    /// Container ids named on the command line.
    public var ids: [Int]
    /// Every container lxc-build or the community scripts built (``ContainerList``).
    public var all: Bool
    /// The built containers carrying this tag.
    public var tag: String?
    /// A stack file whose containers (those carrying its marker with a proof this machine's key verifies) are taken.
    public var stackFile: String?
    /// Only running or only stopped containers.
    public var status: ContainerList.Filter.Status?

    /// A selection; with nothing given it selects nothing.
    public init(ids: [Int] = [], all: Bool = false, tag: String? = nil, stackFile: String? = nil, status: ContainerList.Filter.Status? = nil) {
        self.ids = ids
        self.all = all
        self.tag = tag
        self.stackFile = stackFile
        self.status = status
    }

    /// Whether more than the ids is asked for (`--all`, `--tag`, `--stack`, `--running`, `--stopped`).
    public var usesFlags: Bool { all || tag != nil || stackFile != nil || status != nil }

    /// Refuses a selection that names nothing, or ids together with `--all`/`--tag`/`--stack`.
    /// - Throws: ``BuildError`` (64).
    public func validate() throws(BuildError) {
        let sources = [!ids.isEmpty, all, tag != nil, stackFile != nil].filter { $0 }.count
        if sources == 0 {
            throw BuildError(exitCode: ExitCodes.usage, message: "update needs containers: give CTID..., --all, --tag TAG or --stack FILE")
        }
        if sources > 1 {
            throw BuildError(exitCode: ExitCodes.usage, message: "give one of CTID..., --all, --tag TAG and --stack FILE (--running or --stopped narrows any)")
        }
        if let duplicate = Dictionary(grouping: ids, by: { $0 }).first(where: { $0.value.count > 1 })?.key {
            throw BuildError(exitCode: ExitCodes.usage, message: "container \(duplicate) is named twice")
        }
    }

    /// One selected container: its id, and its node and status when the cluster's list said them.
    public struct Target: Sendable, Equatable {
        /// Container id.
        public var ctid: Int
        /// Its node, `nil` when not known yet (an id the cluster does not list: the plan says so).
        public var node: String?
        /// `running`, `stopped`...
        public var status: String?
    }

    /// The selected containers, ordered by id (ids in the order given). One `GET /cluster/resources`, plus what
    /// ``ContainerList/read(client:node:filter:)`` or the stack's marker search reads.
    /// - Parameters:
    ///   - client: The cluster's API.
    ///   - stackKeyFolder: Where the stacks' keys are (``StackKey/folder(environment:effectiveUserID:)``).
    /// - Throws: ``BuildError``: the list's, the stack file's (64) or its key's.
    public func resolve(client: ProxmoxClient, stackKeyFolder: String) async throws(BuildError) -> [Target] {
        try validate()
        if all || tag != nil {
            let listing = try await ContainerList.read(client: client, filter: ContainerList.Filter(tag: tag, status: status))
            return listing.containers.map { Target(ctid: $0.ctid, node: $0.node, status: $0.status) }
        }
        var targets: [Target]
        if let stackFile {
            let file = try StackFile.load(stackFile)
            let key = try StackKey.load(stack: file.name, folder: stackKeyFolder)
            let marked = try await StackRunner(client: client).marked(stack: file.name, key: key, containers: file.containers.map { ($0.name, $0.hostname) })
            targets = marked.filter { $0.proof == .verified }.sorted { $0.ctid < $1.ctid }.map { Target(ctid: $0.ctid, node: $0.node, status: nil) }
        } else {
            targets = ids.map { Target(ctid: $0, node: nil, status: nil) }
        }
        let resources: [ClusterResource]
        do throws(ProxmoxError) {
            resources = try await client.clusterResources(type: "vm")
        } catch {
            throw BuildError.api(error, during: "reading the cluster's containers (/cluster/resources)")
        }
        for index in targets.indices {
            guard let row = resources.first(where: { $0.type == "lxc" && $0.vmid == targets[index].ctid }) else { continue }
            targets[index].node = row.node ?? targets[index].node
            targets[index].status = row.status
        }
        guard let status else { return targets }
        return targets.filter { $0.status == status.rawValue }
    }
}
