import ConfigResolution
import Foundation
import ProxmoxAPI

extension ContainerBuilder {
    /// `mp0`, `mp1`, ... of the create request from ``ContainerSpec/mounts``, in their order. A bind mount with a login
    /// other than root@pam (an API token included) is refused with 77 before anything is written: PVE would refuse it
    /// with 403 ("mount point type bind is only allowed for root@pam"). `uid=`/`gid=` of a privileged container map
    /// nothing (its ids are the host's already): a warning.
    static func mountPoints(_ spec: ContainerSpec, identity: String, warnings: inout [String]) throws(BuildError) -> [Int: MountPoint] {
        let binds = spec.mounts.filter(\.isBindMount)
        if !binds.isEmpty && identity != "root@pam" {
            let source = spec.sources[ConfigKey.mounts.variableName].map { " (\($0))" } ?? ""
            throw BuildError(
                exitCode: BuildExitCode.permissionDenied,
                message: "var_mounts\(source): bind mounts of host paths (\(binds.map(\.volumeText).joined(separator: ", "))) can only be set by root@pam, "
                    + "and this run logs in as \(identity); nothing was created",
                hint: bindMountHint)
        }
        if !spec.unprivileged, spec.mounts.contains(where: { $0.uid != nil || $0.gid != nil }) {
            warnings.append("var_mounts: uid= and gid= are ignored for a privileged container (var_unprivileged=0): its ids are the host's already")
        }
        var points: [Int: MountPoint] = [:]
        for (index, mount) in spec.mounts.enumerated() {
            points[index] = MountPoint(volume: mount.volumeText, path: mount.path, backup: mount.backup, readOnly: mount.readOnly)
        }
        return points
    }

    /// How to get past the root@pam rule for bind mounts.
    static let bindMountHint = "Log in as root@pam with a password (PROXMOX_VE_USERNAME/PROXMOX_VE_PASSWORD) or run on the node itself, "
        + "or mount a new volume instead (STORAGE:SIZE_GB,mp=/path)."

    /// The id mapping the plan writes before the first start: an unprivileged container whose mount points map host ids.
    static func idMapping(_ spec: ContainerSpec) -> IDMapping? {
        spec.unprivileged ? IDMapping(mounts: spec.mounts) : nil
    }

    /// The node-shell command that adds each of `lines` missing from `file` (`/etc/subuid`), as the run hands it.
    static func subordinateIDCommand(file: String, lines: [String]) -> PlannedNodeCommand {
        PlannedNodeCommand(
            ["sh", "-c", #"f=$1; shift; for l in "$@"; do grep -qxF -- "$l" "$f" 2>/dev/null || printf '%s\n' "$l" >> "$f" || exit 1; done"#,
             "sh", file] + lines,
            timeout: .seconds(60))
    }

    /// The plan's action for ``idMapping(_:)``: between the create (sent without `start=1`) and the first start, through
    /// the node shell, the `lxc.idmap` lines appended to the container's config and `root:ID:1` added to the node's
    /// `/etc/subuid` and `/etc/subgid` when missing. Without a node shell the plan stops (64) before any write.
    func idMappingAction(for decided: PlanDecisions) throws(BuildError) -> PlannedAction? {
        guard let mapping = Self.idMapping(decided.spec) else { return nil }
        guard let shell = decided.provisioning?.shell else {
            throw BuildError(
                exitCode: BuildExitCode.usage,
                message: "var_mounts maps host ids (uid=/gid=) into an unprivileged container, which needs lxc.idmap lines and /etc/subuid and "
                    + "/etc/subgid entries written on the node, and there is no node shell; nothing was created",
                hint: "Run lxc-build on the node (--node-shell local) or reach it with --node-shell ssh://root@NODE, or leave uid=/gid= out.")
        }
        let config = "/etc/pve/lxc/\(decided.ctid).conf"
        var steps = ["append to \(config) (before the first start): " + mapping.configLines.map { "\($0.key): \($0.value)" }.joined(separator: "; ")]
        var commands: [PlannedNodeCommand] = []
        for (file, lines) in [("/etc/subuid", mapping.subuidLines), ("/etc/subgid", mapping.subgidLines)] {
            steps.append("add \(lines.joined(separator: ", ")) to \(file) when missing")
            commands.append(Self.subordinateIDCommand(file: file, lines: lines))
        }
        let ids = mapping.uids.map { "uid \($0)" } + mapping.gids.map { "gid \($0)" }
        return PlannedAction(
            .mapIDs, step: .create,
            reason: "var_mounts maps \(ids.joined(separator: ", ")) of the host unchanged into the unprivileged container "
                + "(PVE 9.1's mpN has no idmap option), through \(shell.name); the create does not start it, so no restart is needed",
            nodeShell: steps, commands: commands, exitCode: BuildExitCode.createFailed)
    }

    /// Carries out the ``PlannedAction/Kind/mapIDs`` action: its commands, then the config lines.
    func mapIDs(_ plan: CreatePlan, action: PlannedAction) async throws(BuildError) {
        guard let mapping = Self.idMapping(plan.spec), let shell = plan.provisioning?.shell else { return }
        events(.decided("mapping \(mapping.uids.count + mapping.gids.count) host id(s) into container \(plan.ctid)"))
        do throws(NodeShellError) {
            for command in action.commands {
                let result = try await shell.onNode(command.arguments, timeout: command.timeout)
                guard result.succeeded else {
                    throw NodeShellError(.failed(exitCode: result.exitCode), "\(command.arguments.last(where: { $0.hasPrefix("/etc/") }) ?? "") "
                        + "could not be updated: \(result.errorOutput)")
                }
            }
            try await shell.appendConfig(ctid: plan.ctid, mapping.configLines, comment: "lxc-build: ids mapped for var_mounts")
        } catch {
            throw BuildError(
                exitCode: error.kind == .cancelled ? BuildExitCode.interrupted : action.exitCode,
                message: "mapping host ids into container \(plan.ctid) through \(shell.name) failed: \(error.message)")
        }
    }
}
