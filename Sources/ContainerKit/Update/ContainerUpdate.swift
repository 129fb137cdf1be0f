public import Foundation
public import ProxmoxAPI

/// `lxc-build update CTID`: the app's update run the way the community-scripts catalog runs it (the ct script's
/// `update_script` inside the container, with build.func's functions, unattended), protected by a snapshot that is
/// rolled back to when the update fails.
///
/// ``plan(ctid:)`` only reads (the container, its storages, that the node shell reaches its node, its
/// `/etc/os-release` through the node shell) and refuses what build.func's update would refuse (OS mismatch: 238)
/// and a node shell that is not the container's node (81) before anything changes; ``execute(_:)``
/// carries out ``UpdatePlan/actions`` and nothing else.
public struct ContainerUpdate: Sendable {
    /// How the container is protected while its update runs.
    public enum Protection: Sendable, Equatable {
        /// A snapshot where every volume's storage can take one; refused otherwise (name a backup or `none`).
        case automatic
        /// A snapshot, refused where a storage cannot take one.
        case snapshot
        /// A backup (PVE's vzdump) to this storage first, restored over the container when the update fails.
        case backup(storage: String)
        /// Nothing: a failed update stays as it is.
        case none
    }

    /// What the update does beyond its defaults.
    public struct Options: Sendable {
        /// The app, when the container's notes and tags do not name it (`--app`).
        public var app: String?
        /// The catalog folder: `ct/<app>.sh` and `misc/build.func`.
        public var catalogDirectory: String?
        /// Fetches the catalog folder for an app when ``catalogDirectory`` is `nil` (a catalog URL): the app is known
        /// only once the container's notes are read.
        public var fetchCatalog: (@Sendable (String) async throws(BuildError) -> String?)?
        /// The node the container must be on (`--node`).
        public var node: String?
        /// Snapshot, backup or nothing.
        public var protection: Protection = .automatic
        /// Keep the snapshot after a successful update (`--keep-snapshot`).
        public var keepSnapshot = false
        /// Go on when the container's OS is not the one the app declares (`var_ignore_os_mismatch`).
        public var ignoreOSMismatch = false
        /// Start a stopped container for its update and stop it again afterwards (``ContainerUpdate/run(_:)``);
        /// `false` refuses it (117), as `execute` alone needs a running container.
        public var startStopped = false
        /// Raise the container's cores and memory to what the app's script declares (`var_cpu`, `var_ram`) where it
        /// has less, for the update only (``ContainerUpdate/run(_:)`` restores them after, success or failure).
        public var raiseResources = true
        /// Where the combined log of a failed update is written.
        public var logDirectory: String = NSTemporaryDirectory()
        /// What the log of a failed update masks: the CLI's ``Redactor/init(environment:)`` (the connection's secrets
        /// and the secret settings and app keys the environment holds).
        public var redactor = Redactor()
        /// Longest update run.
        public var updateTimeout: Duration = .seconds(3600)
        /// Longest run of each other command through the node shell: the node check and the reads inside the
        /// container (its `/etc/os-release`, its ignore-os-mismatch file, the app's version cache).
        public var commandTimeout: Duration = .seconds(60)
        /// Longest snapshot, rollback, backup or removal task.
        public var taskTimeout: Duration = .seconds(1800)
        /// The clock naming the snapshot.
        public var now: @Sendable () -> Date = { Date() }
        /// Check the container's health before and after the update, and roll back an unhealthy one
        /// (`--no-health-check` turns it off).
        public var healthCheck = true
        /// What is updated: the app (default) or the OS packages (`--os`).
        public var target: UpdateTarget = .app
        /// After an OS update that asks for a restart, reboot the container and check its health again (`--reboot`).
        public var rebootIfRequired = false
        /// The health check's own options (`--health-url`).
        public var health = HealthCheck.Options()
        /// Longest wait for the container to be healthy after the update, and again after a rollback.
        public var healthWait: Duration = .seconds(120)
        /// Hears each of the plan's actions once the run has carried it out, in order, on the path the run takes: a
        /// successful run's are its ``UpdateResult/performed``; a failed run's end with its rollback or restore.
        public var onAction: (@Sendable (UpdateAction) -> Void)?
        /// The container's lock on this machine, held while ``ContainerUpdate/run(_:)`` or
        /// ``ContainerUpdate/execute(_:)`` acts and checked by ``ContainerUpdate/plan(ctid:)``: another lxc-build
        /// run that updates, restores or removes the container meanwhile is refused; `nil` takes none (a caller
        /// that holds it already).
        public var operationLock: ContainerOperationLock? = .standard

        /// Defaults: a snapshot where possible, removed after success.
        public init() {}
    }

    /// The API.
    public let client: ProxmoxClient
    /// How commands reach the container (`nil`: `--node-shell none`, which update refuses).
    public let shell: (any NodeShell)?
    /// The options.
    public let options: Options
    /// Hears each step as it starts and ends (one line each).
    public let progress: @Sendable (String) -> Void

    /// Makes an update.
    public init(client: ProxmoxClient, shell: (any NodeShell)?, options: Options = Options(), progress: @escaping @Sendable (String) -> Void = { _ in }) {
        self.client = client
        self.shell = shell
        self.options = options
        self.progress = progress
    }

    /// Storage types whose container volumes Proxmox VE can snapshot (`lvmthin`, `zfspool`, `rbd`, `btrfs`); `dir`,
    /// `nfs`, `cifs` and thick `lvm` hold container volumes as raw images or folders, which cannot snapshot.
    public static let snapshotStorageTypes: Set<String> = ["lvmthin", "zfspool", "rbd", "btrfs"]
}

/// What ``ContainerUpdate/execute(_:)`` will do, decided by ``ContainerUpdate/plan(ctid:)``: fixed once made. The run
/// carries out ``actions`` and nothing else; the snapshot, the backup storage, the start of a stopped container and the
/// raised resources below are read from those actions, so a plan without an action does not do that step.
public struct UpdatePlan: Sendable, Equatable {
    /// Container id.
    public let ctid: Int
    /// Its node.
    public let node: String
    /// The app id (`ct/<app>.sh`).
    public let app: String
    /// Where the app came from (`notes`, `tags`, `--app`).
    public let appSource: String
    /// The app's display name (`APP=` of its script).
    public let appName: String
    /// The container's OS (`ID VERSION_ID` of its `/etc/os-release`) and what the app's script declares.
    public let containerOS: String?
    /// `var_os var_version` of the app's script.
    public let declaredOS: String?
    /// What the update does, in order: the steps ``ContainerUpdate/run(_:)`` carries out as listed.
    public let actions: [UpdateAction]
    /// Things to know before saying yes (no protection, an OS mismatch that is ignored).
    public let warnings: [String]
    /// What the health check after the update compares with (recorded again just before the update), `nil`
    /// with `--no-health-check`.
    public let health: HealthBaseline?
    /// What is updated: the app, or the OS packages (``UpdateTarget/os``).
    public let target: UpdateTarget
    /// The script run inside: the ct script, its build.func source line reading the catalog's build.func on stdin.
    let script: String
    /// The catalog's `misc/build.func`, the script's stdin.
    let functions: String
    /// The container's notes, for the version line written after success.
    let notes: String
    /// `var_os` and `var_version` of the app's script, kept for the OS check of a stopped container once started.
    let declaredRelease: [String?]
    /// The storage of the container's root disk, where a restore of its backup puts the volumes.
    let rootStorage: String?

    /// ``actions`` in words, one line each, as the plan prints them.
    public var steps: [String] { actions.map(\.description) }

    /// The plan's actions of `kind`, in order (none when the plan does not take that step).
    public func actions(_ kind: UpdateAction.Kind) -> [UpdateAction] {
        actions.filter { $0.kind == kind }
    }

    /// The snapshot taken before the update (`lxc-build-update-<UTC time>`): its ``UpdateAction/snapshot(ctid:name:volumes:)``,
    /// `nil` without one.
    public var snapshotName: String? { actions.snapshotName }
    /// The storage a backup goes to first: its ``UpdateAction/backUp(ctid:storage:)``, `nil` without one.
    public var backupStorage: String? { actions.backupStorage }
    /// Whether the snapshot is kept after the update: its ``UpdateAction/settleSnapshot(name:keep:)`` says keep.
    public var keepSnapshot: Bool { actions.contains { if case .settleSnapshot(_, true) = $0 { true } else { false } } }
    /// The container is stopped: ``ContainerUpdate/run(_:)`` starts it, checks its OS, updates it and stops it again
    /// (its ``UpdateAction/startStopped(ctid:target:)``).
    public var startsStopped: Bool { !actions(.startStopped).isEmpty }
    /// The cores and memory raised for the update and restored after (its
    /// ``UpdateAction/raiseResources(app:resources:)``), `nil` when the container has what the app declares.
    public var resources: UpdateResources? {
        actions.lazy.compactMap { if case .raiseResources(_, let resources) = $0 { resources } else { nil } }.first
    }

    /// A plan from its parts; the optional ones default to an app update without health baseline or OS facts.
    init(ctid: Int, node: String, app: String, appSource: String, appName: String, actions: [UpdateAction], warnings: [String] = [],
         script: String, functions: String, notes: String, containerOS: String? = nil, declaredOS: String? = nil,
         health: HealthBaseline? = nil, target: UpdateTarget = .app, declaredRelease: [String?] = [nil, nil], rootStorage: String? = nil) {
        self.ctid = ctid
        self.node = node
        self.app = app
        self.appSource = appSource
        self.appName = appName
        self.actions = actions
        self.warnings = warnings
        self.script = script
        self.functions = functions
        self.notes = notes
        self.containerOS = containerOS
        self.declaredOS = declaredOS
        self.health = health
        self.target = target
        self.declaredRelease = declaredRelease
        self.rootStorage = rootStorage
    }
}

/// What a successful update did.
public struct UpdateResult: Sendable, Equatable {
    /// The plan carried out.
    public var plan: UpdatePlan
    /// Whether the snapshot is still there (`--keep-snapshot`, or its removal failed).
    public var snapshotKept: Bool
    /// The app version the container records after the update (`~/.<app>`), if it records one.
    public var version: String?
    /// Problems after the update succeeded (a snapshot that could not be removed).
    public var warnings: [String]
    /// What the update printed inside the container.
    public var output: String
    /// The health check after the update, `nil` with `--no-health-check`.
    public var health: HealthResult?
    /// After an OS update: whether the OS asks for a restart; `nil` when it cannot tell or for an app update.
    public var rebootRequired: Bool? = nil
    /// Whether the container was rebooted after its OS update (`--reboot`).
    public var rebooted = false
    /// The plan's actions the run carried out, in the order it did (a successful run: every action but those for a
    /// failure, ``UpdateAction/isOnFailure``).
    public var performed: [UpdateAction] = []
}
