public import ProxmoxAPI

/// Which containers a command over several containers takes (`update`, `update --check`, `backup`, `health`): ids,
/// every built container (`--all`, the rule of `lxc-build list`), a tag, a stack file's proved members, or (for
/// `health`) the stack name the notes carry; narrowed to the running or the stopped ones.
///
/// One type for the three commands, so each picks containers by the same rules and a Swift tool reads a selection the
/// same way: ``resolve(client:node:stackKeyFolder:)`` gives the targets and what was left out. What a command does with
/// an id the cluster does not list is its own (``Resolution/missing``): update plans it as not found, backup refuses
/// with 234.
public struct ContainerSelection: Sendable, Equatable {
    /// Container ids named on the command line.
    public var ids: [Int]
    /// Every container lxc-build or the community scripts built (``ContainerList``).
    public var all: Bool
    /// The built containers carrying this tag.
    public var tag: String?
    /// A stack file whose containers (those carrying its marker with a proof this machine's key verifies) are taken.
    public var stackFile: String?
    /// The built containers whose notes name this stack (`health --stack NAME`): a claim anyone editing the notes can
    /// write, so it selects for reading only.
    public var stackName: String?
    /// Only running or only stopped containers.
    public var status: ContainerList.Filter.Status?

    /// A selection; with nothing given it selects nothing (``validate(command:)`` refuses it).
    public init(ids: [Int] = [], all: Bool = false, tag: String? = nil, stackFile: String? = nil, stackName: String? = nil,
                status: ContainerList.Filter.Status? = nil) {
        self.ids = ids
        self.all = all
        self.tag = tag
        self.stackFile = stackFile
        self.stackName = stackName
        self.status = status
    }

    /// These container ids.
    public static func ids(_ ids: [Int]) -> ContainerSelection {
        ContainerSelection(ids: ids)
    }

    /// The built containers (as `lxc-build list` shows them) that `filter` keeps: `--all` with an empty filter.
    public static func built(_ filter: ContainerList.Filter) -> ContainerSelection {
        ContainerSelection(all: filter.tag == nil && filter.stack == nil, tag: filter.tag, stackName: filter.stack, status: filter.status)
    }

    /// The proved members of the stack file at `path`.
    public static func stack(file path: String) -> ContainerSelection {
        ContainerSelection(stackFile: path)
    }

    /// Whether more than the ids is asked for (`--all`, `--tag`, `--stack`, `--running`, `--stopped`).
    public var usesFlags: Bool { all || tag != nil || stackFile != nil || stackName != nil || status != nil }

    /// The filter of `lxc-build list` this selection reads with, `nil` for ids and a stack file.
    var listFilter: ContainerList.Filter? {
        guard all || tag != nil || stackName != nil else { return nil }
        return ContainerList.Filter(tag: tag, stack: stackName, status: status)
    }

    /// Refuses a selection that names nothing, names containers two ways (ids with `--all`, `--tag` or `--stack`;
    /// `--tag` with a stack name may narrow each other), or names an id twice.
    /// - Parameter command: The command, for the message (`update needs containers`).
    /// - Throws: ``BuildError`` (64).
    public func validate(command: String = "update") throws(BuildError) {
        let sources = [!ids.isEmpty, all, tag != nil || stackName != nil, stackFile != nil].filter { $0 }.count
        if sources == 0 {
            throw BuildError(exitCode: .usage, message: "\(command) needs containers: give CTID..., --all, --tag TAG or --stack FILE")
        }
        if sources > 1 {
            throw BuildError(exitCode: .usage, message: "give one of CTID..., --all, --tag TAG and --stack FILE (--running or --stopped narrows any)")
        }
        if let duplicate = Dictionary(grouping: ids, by: { $0 }).first(where: { $0.value.count > 1 })?.key {
            throw BuildError(exitCode: .usage, message: "container \(duplicate) is named twice")
        }
    }

    /// One selected container: its id, and what the cluster's list, the notes or the stack's marker said of it.
    public struct Target: Sendable, Equatable {
        /// Container id.
        public var ctid: Int
        /// Its node, `nil` when the cluster does not list the id (``Resolution/missing``).
        public var node: String?
        /// `running`, `stopped`...; `nil` when not known.
        public var status: String?
        /// Its host name, when known.
        public var hostname: String?
        /// The app its notes name, when they name one.
        public var app: String?

        /// A target; see the properties.
        public init(ctid: Int, node: String?, status: String?, hostname: String? = nil, app: String? = nil) {
            self.ctid = ctid
            self.node = node
            self.status = status
            self.hostname = hostname
            self.app = app
        }
    }

    /// An id the selection named that is not a container of the cluster.
    public struct Missing: Sendable, Equatable {
        /// The id.
        public var ctid: Int
        /// Whether the id is a virtual machine's.
        public var isVirtualMachine: Bool
    }

    /// What a selection came to.
    public struct Resolution: Sendable, Equatable {
        /// The selected containers, ordered by id (ids in the order given); an id the cluster does not list is here
        /// too, with no node, and in ``missing``.
        public var targets: [Target]
        /// Ids named that are not containers of the cluster, in the order given.
        public var missing: [Missing]
        /// What was left out and why: a stack member whose marker is not proved, a container the list could not read.
        public var warnings: [String]
    }

    /// Reads the selected containers: `lxc-build list`'s read for `--all`, `--tag` and a stack name; the stack's
    /// marker search for a stack file (its key from `stackKeyFolder`); `GET /cluster/resources` for ids and a stack
    /// file's members (their node and status); then `--running`/`--stopped`.
    /// - Parameters:
    ///   - client: The cluster's API.
    ///   - node: Only the containers on this node (the list's reads only).
    ///   - stackKeyFolder: Where the stacks' keys are (``StackKey/folder(environment:effectiveUserID:)``).
    /// - Throws: ``BuildError``: ``validate(command:)``'s (64), the list's, the stack file's (64) or its key's.
    public func resolve(client: ProxmoxClient, node: String? = nil, stackKeyFolder: String) async throws(BuildError) -> Resolution {
        try validate()
        if let listFilter {
            let listing = try await ContainerList.read(client: client, node: node, filter: listFilter)
            let targets = listing.containers.map {
                Target(ctid: $0.ctid, node: $0.node, status: $0.status, hostname: $0.hostname, app: $0.notes.app)
            }
            return Resolution(targets: targets, missing: [], warnings: listing.warnings)
        }
        var targets: [Target]
        var warnings: [String] = []
        if let stackFile {
            let file = try StackFile.load(stackFile)
            let key = try StackKey.load(stack: file.name, folder: stackKeyFolder)
            let claims = try await StackRunner(client: client).marked(stack: file.name, key: key, containers: file.containers.map { ($0.name, $0.hostname) })
            targets = claims.filter { $0.proof == .verified }.sorted { $0.ctid < $1.ctid }.map {
                Target(ctid: $0.ctid, node: $0.node, status: nil, hostname: $0.config.options.hostname, app: BuiltContainerNotes(config: $0.config)?.app)
            }
            warnings = claims.filter { $0.proof != .verified }.map { "\($0.name): container \($0.ctid) on \($0.node) left out: \($0.proof.explanation)" }
        } else {
            targets = ids.map { Target(ctid: $0, node: nil, status: nil) }
        }
        let resources: [ClusterResource]
        do throws(ProxmoxError) {
            resources = try await client.clusterResources(type: "vm")
        } catch {
            throw BuildError.api(error, during: "reading the cluster's containers (/cluster/resources)")
        }
        var missing: [Missing] = []
        for index in targets.indices {
            guard let row = resources.first(where: { $0.type == "lxc" && $0.vmid == targets[index].ctid }) else {
                missing.append(Missing(ctid: targets[index].ctid, isVirtualMachine: resources.contains { $0.vmid == targets[index].ctid }))
                continue
            }
            targets[index].node = row.node ?? targets[index].node
            targets[index].status = row.status
            targets[index].hostname = targets[index].hostname ?? row.name
        }
        if let status { targets = targets.filter { $0.status == status.rawValue } }
        return Resolution(targets: targets, missing: missing, warnings: warnings)
    }

    /// The selected containers, ordered by id (ids in the order given): ``resolve(client:node:stackKeyFolder:)``'s
    /// targets, an id the cluster does not list with no node.
    public func resolve(client: ProxmoxClient, stackKeyFolder: String) async throws(BuildError) -> [Target] {
        try await resolve(client: client, node: nil, stackKeyFolder: stackKeyFolder).targets
    }

    /// Why the selection came to nothing, for messages.
    public var nothingSelected: String {
        if !ids.isEmpty { return ids.map(String.init).joined(separator: ", ") }
        if let stackFile { return "--stack \(BuildError.quoted(stackFile)): no container of the stack carries its proved marker" }
        if let tag { return "--tag \(BuildError.quoted(tag)) matches no container lxc-build or the community scripts built" }
        if let stackName { return "--stack \(BuildError.quoted(stackName)) matches no container lxc-build or the community scripts built" }
        return "--all: no container lxc-build or the community scripts built"
    }
}

/// The selection of a fleet `update` and `update --check`: a ``ContainerSelection``.
public typealias FleetSelection = ContainerSelection
