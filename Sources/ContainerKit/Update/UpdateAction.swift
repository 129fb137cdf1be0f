/// One step of an update, as ``ContainerUpdate/plan(ctid:)`` decides it and ``ContainerUpdate/run(_:)`` carries it
/// out: the plan's ``UpdatePlan/actions`` are the steps in order, their descriptions (``UpdatePlan/steps``) what the
/// plan prints, and ``UpdateResult/performed`` what the run did, from the same values.
public enum UpdateAction: Sendable, Equatable, CustomStringConvertible {
    /// Raise the container's cores and memory to what the app's script declares (`var_cpu`, `var_ram`) before the
    /// update; restored afterwards (``restoreResources(ctid:resources:)``).
    case raiseResources(app: String, resources: UpdateResources)
    /// Start the stopped container and check (or, for an OS update, read) its OS; stopped again afterwards.
    case startStopped(ctid: Int, target: UpdateTarget)
    /// Back the container up first (vzdump, mode snapshot) to this storage.
    case backUp(ctid: Int, storage: String)
    /// Take this snapshot first; `volumes` says where its volumes are.
    case snapshot(ctid: Int, name: String, volumes: String)
    /// Run the app's update inside the container (ct/<app>.sh with the catalog's build.func, unattended).
    case updateApp(app: String, ctid: Int, shell: String)
    /// Update the OS packages inside the container with `manager` (`nil`: the first one found).
    case updateOS(ctid: Int, shell: String, manager: String?, os: String?)
    /// Check the container's health afterwards against `summary`; if unhealthy, roll back to `rollbackTo`.
    case checkHealth(within: String, summary: String, rollbackTo: String?)
    /// No health check afterwards (`--no-health-check`).
    case skipHealthCheck
    /// If the update fails: roll back to the snapshot and start the container again.
    case rollBackOnFailure(snapshot: String)
    /// After success: keep the snapshot (`--keep-snapshot`) or remove it.
    case settleSnapshot(name: String, keep: Bool)
    /// If the update fails: restore the backup taken first and start the container again.
    case restoreBackupOnFailure(ctid: Int)
    /// Write the app version the container keeps in `~/.<app>` into its notes.
    case recordVersion(app: String)
    /// After an OS update: say whether the OS asks for a restart, and with `reboot` reboot it.
    case rebootIfRequired(reboot: Bool)
    /// Stop the container again (it was stopped before the update).
    case stopAgain(ctid: Int)
    /// Put the raised cores and memory back.
    case restoreResources(ctid: Int, resources: UpdateResources)

    /// The step in words, as the plan prints it.
    public var description: String {
        switch self {
        case .raiseResources(let app, let resources):
            "raise \(resources.described) for the update (var_cpu/var_ram of ct/\(app).sh); restored afterwards, success or failure"
        case .startStopped(let ctid, let target):
            "start container \(ctid) (it is stopped) and " + (target == .os ? "read its OS" : "check its OS as build.func's update does (238 refuses)")
                + "; it is stopped again afterwards, success or failure"
        case .backUp(let ctid, let storage):
            "back up container \(ctid) to storage \(storage) first (vzdump, mode snapshot)"
        case .snapshot(let ctid, let name, let volumes):
            "take snapshot \(name) of container \(ctid) (\(volumes))"
        case .updateApp(let app, let ctid, let shell):
            "run \(app)'s update inside container \(ctid) through \(shell): ct/\(app).sh with the catalog's build.func, "
                + "unattended (PHS_SILENT=1), as the container's /usr/bin/update does"
        case .updateOS(let ctid, let shell, let manager, let os):
            "update the OS packages inside container \(ctid) through \(shell), unattended, with "
                + (manager ?? "the first package manager found (apt-get, apk, dnf, yum, pacman, zypper)") + (os.map { " (\($0))" } ?? "")
        case .checkHealth(let within, let summary, let rollbackTo):
            "afterwards, within \(within), check health: \(summary); "
                + (rollbackTo.map { "if unhealthy: roll back to \($0), start the container, check again (exit 82)" } ?? "if unhealthy: exit 86, nothing to roll back to")
        case .skipHealthCheck:
            "no health check afterwards (--no-health-check): an update that exits 0 counts as done"
        case .rollBackOnFailure(let snapshot):
            "if it fails: roll back to \(snapshot) and start the container again (exit 82; 83 if the rollback fails)"
        case .settleSnapshot(let name, let keep):
            keep ? "keep \(name) afterwards (--keep-snapshot)" : "remove \(name) afterwards"
        case .restoreBackupOnFailure(let ctid):
            "if it fails: restore that backup over container \(ctid) and start it again (exit 82; 83 if the restore fails, the archive kept)"
        case .recordVersion(let app):
            "record the app version the container keeps in ~/.\(app), if it keeps one, in its notes"
        case .rebootIfRequired(let reboot):
            reboot
                ? "afterwards: if the OS asks for a restart (/var/run/reboot-required, needs-restarting -r), reboot the container and check its health again"
                : "afterwards: say whether the OS asks for a restart (/var/run/reboot-required, needs-restarting -r); --reboot reboots it"
        case .stopAgain(let ctid):
            "stop container \(ctid) again (it was stopped before the update)"
        case .restoreResources(_, let resources):
            "restore the resources raised for the update (\(resources.described))"
        }
    }

    /// What kind of step this is, without its values.
    public enum Kind: Sendable, Equatable {
        case raiseResources, startStopped, backUp, snapshot, update, checkHealth, skipHealthCheck, rollBackOnFailure, settleSnapshot
        case restoreBackupOnFailure, recordVersion, rebootIfRequired, stopAgain, restoreResources
    }

    /// The step's kind.
    public var kind: Kind {
        switch self {
        case .raiseResources: .raiseResources
        case .startStopped: .startStopped
        case .backUp: .backUp
        case .snapshot: .snapshot
        case .updateApp, .updateOS: .update
        case .checkHealth: .checkHealth
        case .skipHealthCheck: .skipHealthCheck
        case .rollBackOnFailure: .rollBackOnFailure
        case .settleSnapshot: .settleSnapshot
        case .restoreBackupOnFailure: .restoreBackupOnFailure
        case .recordVersion: .recordVersion
        case .rebootIfRequired: .rebootIfRequired
        case .stopAgain: .stopAgain
        case .restoreResources: .restoreResources
        }
    }

    /// Whether the step happens only when the update fails (a rollback or restore); a run that succeeds does not
    /// perform it.
    public var isOnFailure: Bool {
        switch self {
        case .rollBackOnFailure, .restoreBackupOnFailure: true
        default: false
        }
    }
}
