public import ProxmoxAPI

/// `lxc-build restore ARCHIVE|CTID --latest`: a container created from a vzdump archive (`POST /nodes/{node}/lxc`
/// with `restore=1`), under a new id by default, or over an existing container (`force`) that this tool built or
/// the operator names (``Options/replace``), which is stopped and backed up first.
///
/// ``plan(_:)`` only reads, and refuses before any write (64 usage, 77 permission, 206 an id in use without
/// ``Options/force``, 234 no such archive or container); ``execute(_:)`` carries out ``RestorePlan/steps``.
public struct ContainerRestore: Sendable {
    /// What to restore.
    public enum Source: Sendable, Equatable {
        /// An archive by its volume id (`STORAGE:backup/vzdump-lxc-…`).
        case archive(String)
        /// The newest archive of this container id (`CTID --latest`).
        case latest(ctid: Int)
    }

    /// What the restore does beyond its defaults.
    public struct Options: Sendable {
        /// The id to restore as (`--ctid`); `nil`: the next free id, or with ``force`` the archive's container.
        public var ctid: Int?
        /// The node to restore on (`--node`); `nil`: the archive's node for a storage that is not shared.
        public var node: String?
        /// The storage for the restored volumes (`--storage`); `nil`: the replaced container's, else create's rule.
        public var storage: String?
        /// New MAC addresses (`--unique`).
        public var unique = false
        /// Start the container once restored (`--start`).
        public var start = false
        /// Restore over an existing container of the target id (`--force`), which must carry this tool's mark.
        public var force = false
        /// The existing container the operator names to be replaced although it lacks the mark (`--replace CTID`);
        /// implies ``force``.
        public var replace: Int?
        /// Back the replaced container up first (`--no-backup` turns it off).
        public var backupFirst = true
        /// Where that backup goes (`nil`: the archive's storage).
        public var backupStorage: String?
        /// Longest backup, stop, restore, start or removal task.
        public var taskTimeout: Duration = .seconds(3600)
        /// The lock of the container restored (over), held while ``ContainerRestore/execute(_:)`` acts and checked by
        /// ``ContainerRestore/plan(_:)`` for a container replaced: another lxc-build run that updates, restores or
        /// removes it meanwhile is refused; `nil` takes none (a caller that holds it already, as an update undone
        /// from its backup).
        public var operationLock: ContainerOperationLock? = .standard

        /// Defaults: a new id, no start, nothing replaced.
        public init() {}
    }

    /// The API.
    public let client: ProxmoxClient
    /// The options.
    public let options: Options
    /// Hears each step as it starts (one line each).
    public let progress: @Sendable (String) -> Void

    /// Makes a restore.
    public init(client: ProxmoxClient, options: Options = Options(), progress: @escaping @Sendable (String) -> Void = { _ in }) {
        self.client = client
        self.options = options
        self.progress = progress
    }
}

/// What ``ContainerRestore/execute(_:)`` will do, decided by ``ContainerRestore/plan(_:)``.
public struct RestorePlan: Sendable, Equatable {
    /// The archive restored.
    public var archive: RestorableArchive
    /// The id it is restored as.
    public var ctid: Int
    /// The node it is restored on, and why.
    public var node: String
    /// Why that node.
    public var nodeReason: String
    /// The storage of the restored volumes, and why.
    public var storage: String
    /// Why that storage.
    public var storageReason: String
    /// The container replaced (same id as ``ctid``), `nil` under a new id.
    public var replaced: ReplacedContainer?
    /// Where the replaced container's current state is backed up first, `nil` for no backup.
    public var backupStorage: String?
    /// New MAC addresses.
    public var unique: Bool
    /// Start it once restored.
    public var start: Bool
    /// Whether the archive holds an unprivileged container, read from its configuration (`nil`: not read).
    public var unprivileged: Bool? = nil
    /// The backup of the replaced container taken first, planned as `lxc-build backup` plans one (its storage's room
    /// checked, the archive named as every backup's); `nil` for no backup, or one planned when it is run.
    public var backup: BackupPlan? = nil
    /// What the restore does, in order, one line each.
    public var steps: [String]
    /// Things to know before saying yes.
    public var warnings: [String]
}

/// The container a restore replaces.
public struct ReplacedContainer: Sendable, Equatable {
    /// Its id.
    public var ctid: Int
    /// Whether it was running.
    public var wasRunning: Bool
    /// Why it may be replaced: `the lxc-build mark in its notes` or `--replace`.
    public var reason: String
    /// Its notes, kept on the restored container when the archive brings none.
    public var notes: String
}

/// What a successful restore did.
public struct RestoreResult: Sendable, Equatable {
    /// The plan carried out.
    public var plan: RestorePlan
    /// The archive of the replaced container's state taken first, `nil` without one.
    public var backupVolid: String?
    /// Whether the container runs now.
    public var started: Bool
    /// Problems after the restore succeeded (notes that could not be written).
    public var warnings: [String]
}
