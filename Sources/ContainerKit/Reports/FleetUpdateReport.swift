/// What `update` prints for a fleet (several containers, `--all`, `--tag`, `--stack`): one entry per selected
/// container and the run's exit code (0 all updated, 85 some not, a single container's own code when one was selected).
public struct FleetUpdateReport: Codable, Sendable, Equatable {
    /// How one container's update ended.
    public enum Outcome: String, Codable, Sendable, Equatable {
        /// Updated.
        case updated
        /// The update failed and the container was rolled back to its snapshot.
        case rolledBack = "rolled-back"
        /// The update failed and was not rolled back (no snapshot, or the rollback failed: the exit code says).
        case failed
        /// Not updated: its plan was refused (the message says why).
        case refused
        /// Not started: an earlier update failed without `--continue-on-error`, or the run was stopped.
        case notStarted = "not-started"
    }

    /// One container.
    public struct Container: Codable, Sendable, Equatable {
        /// Container id.
        public var ctid: Int
        /// Its node, when known.
        @ExplicitNull public var node: String?
        /// The app (its `ct/APP.sh`), when known.
        @ExplicitNull public var app: String?
        /// The version the notes recorded before the update (`- Version:`), when known.
        @ExplicitNull public var versionBefore: String?
        /// The version the container records after a successful update (`~/.<app>`), when known.
        @ExplicitNull public var versionAfter: String?
        /// What protected it: `snapshot`, `backup` or `none` (`null` when not planned).
        @ExplicitNull public var protection: String?
        /// The snapshot's name, or the backup's storage.
        @ExplicitNull public var protectedBy: String?
        /// It was stopped, started for its update and stopped again.
        public var startedForUpdate: Bool
        /// The cores and memory raised for the update (and restored), `null` when none were.
        @ExplicitNull public var resources: UpdateResources?
        /// Seconds its update took (0 when it did not run).
        public var durationSeconds: Double
        /// How it ended.
        public var outcome: Outcome
        /// Its exit code: 0 updated, else the update's own (82 rolled back, 83 rollback failed...).
        public var exitCode: BuildExitCode
        /// What went wrong, `null` when updated.
        @ExplicitNull public var message: String?
        /// What went wrong without failing it (a snapshot that could not be removed).
        public var warnings: [String]
        /// The health check after a successful update (the shape of one `health --json` container); `null` when it
        /// was not checked or the update failed (the message then says what the check found).
        @ExplicitNull public var health: HealthReport.Container? = nil
        /// After an OS update, whether the OS asks for a restart; `null` when it cannot tell, or for an app update.
        @ExplicitNull public var rebootRequired: Bool? = nil
        /// Whether the container was rebooted after its OS update (`--reboot`).
        public var rebooted = false

        /// An entry.
        public init(ctid: Int, node: String?, app: String?, versionBefore: String?, versionAfter: String?, protection: String?, protectedBy: String?,
                    startedForUpdate: Bool, resources: UpdateResources?, durationSeconds: Double, outcome: Outcome, exitCode: BuildExitCode,
                    message: String?, warnings: [String]) {
            self.ctid = ctid
            self.node = node
            self.app = app
            self.versionBefore = versionBefore
            self.versionAfter = versionAfter
            self.protection = protection
            self.protectedBy = protectedBy
            self.startedForUpdate = startedForUpdate
            self.resources = resources
            self.durationSeconds = durationSeconds
            self.outcome = outcome
            self.exitCode = exitCode
            self.message = message
            self.warnings = warnings
        }
    }

    /// `updated` when all were, else `partial` (some updated) or `failed` (none).
    public var status: String
    /// The run's exit code.
    public var exitCode: BuildExitCode
    /// Every selected container, in selection order.
    public var containers: [Container]

    /// A report of `containers`, its status and exit code derived from them (`interrupted`: 130).
    public init(containers: [Container], interrupted: Bool = false) {
        self.containers = containers
        let updated = containers.filter { $0.outcome == .updated }.count
        status = updated == containers.count ? "updated" : (updated == 0 ? "failed" : "partial")
        if interrupted {
            exitCode = .interrupted
        } else if updated == containers.count {
            exitCode = .success
        } else if containers.count == 1 {
            exitCode = containers[0].exitCode
        } else {
            exitCode = .fleetPartial
        }
    }
}
