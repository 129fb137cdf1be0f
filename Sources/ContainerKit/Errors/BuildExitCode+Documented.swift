extension BuildExitCode {
    /// One row of the exit-status table: the codes and when lxc-build exits with them.
    public struct DocumentedRow: Sendable {
        /// The exit codes of the row.
        public let codes: [BuildExitCode]
        /// When lxc-build exits with them.
        public let when: String
    }

    /// Every exit code lxc-build exits with, the one table `Docs/exit-codes.md`, the man page's EXIT STATUS
    /// (`make man`) and `lxc-build explain-exit --all` are made from or checked against (`ConformanceTests`).
    /// The same mistake gives the same code in every command.
    public static let documented: [DocumentedRow] = [
        DocumentedRow(codes: [0], when: "success (a container created and running; a listing printed)"),
        DocumentedRow(codes: [1], when: "an unexpected failure no other code describes (the message says what)"),
        DocumentedRow(codes: [2], when: "apply --detailed-exitcode only (Terraform's rule): the run succeeded and the stack differs from its file: --plan would create or change something, or finds drift or an orphan; apply left drift (no --converge, or only a rebuild changes it) or an orphan (no --prune)"),
        DocumentedRow(codes: [7, 28, 35], when: "the API or the app catalog could not be reached / did not answer in time / TLS failed"),
        DocumentedRow(codes: [63], when: "the app catalog sent a file larger than 4 MiB"),
        DocumentedRow(codes: [64], when: "arguments, flags or settings that are wrong or do not fit (an unknown flag or key, a node not in the cluster, a storage not on the node, an http:// endpoint, a misspelt base OS, an address, host name or bridge that conflicts before any write, a saved stack plan that no longer holds): the message names the value, where it came from and what is accepted"),
        DocumentedRow(codes: [69], when: "a node is offline or unreachable, or none is online"),
        DocumentedRow(codes: [77], when: "the login failed, or the identity lacks a privilege; destroy of a protected container"),
        DocumentedRow(codes: [80], when: "lxc-build's own code: the app is retired in its catalog (its ct/<app>.sh exits before it builds, its notice shown escaped; or the catalog has no install script for it); nothing was created"),
        DocumentedRow(codes: [81], when: "lxc-build's own code: the node shell (--node-shell) is unusable (unreachable, login or host key refused, perl missing) or is not the chosen node (its hostname, /etc/pve/nodes/<node>; local away from the node; for update, the container's node); checked before any write, nothing was created or changed"),
        DocumentedRow(codes: [82], when: "lxc-build's own code: update failed and the container was rolled back to the snapshot taken before it, or restored from the backup taken before it (--backup), and started again"),
        DocumentedRow(codes: [83], when: "lxc-build's own code: update failed and the rollback (or the restore of its backup) failed too; the snapshot is kept (or the archive) and the message names it"),
        DocumentedRow(codes: [84], when: "lxc-build's own code: apply: some containers of the stack failed (each cleaned up as a single create is), the others exist or were created; the result lists each container"),
        DocumentedRow(codes: [85], when: "lxc-build's own code: update of several containers: some were not updated (failed and rolled back, or its kept snapshot named; refused by its plan; not started after a failure without --continue-on-error), the others were; the result lists each container"),
        DocumentedRow(codes: [86], when: "lxc-build's own code: health: a selected container is unhealthy (not running, a service that was active has failed, the app's URL does not answer below 500); the result lists each container. update: the container was unhealthy after the update and there was no snapshot to roll back to (with one: 82)"),
        DocumentedRow(codes: [87], when: "lxc-build's own code: backup (or the backup destroy takes first) failed for a container; its task log is kept and named, and that container was not destroyed"),
        DocumentedRow(codes: [88], when: "lxc-build's own code: restore failed; the container it was creating is removed, and a replaced container's backup is named"),
        DocumentedRow(codes: [105], when: "Proxmox VE version not supported"),
        DocumentedRow(codes: [.notRoot, .unsupportedArchitecture, .kernelKeysUnreadable, .kernelKeysExceeded, .noDefaultBridge, .wrongEnvironment], when: "probe: the first failed host check (not root / architecture / kernel key limits unreadable / exceeded / no vmbr0 / not a Proxmox VE host; 105 and 210 too); 106 also for create when the app's script says var_arm64=no and the template is arm64"),
        DocumentedRow(codes: [109], when: "no free container id"),
        DocumentedRow(codes: [113, 114], when: "update: the app's update refused (build.func's check_container_resources / check_container_storage, unattended); the container was rolled back"),
        DocumentedRow(codes: [112], when: "an unknown --mode or mode="),
        DocumentedRow(codes: [117], when: "the container did not reach running"),
        DocumentedRow(codes: [118], when: "no IP address within --ip-timeout"),
        DocumentedRow(codes: [119, 120], when: "no storage for container disks / for templates"),
        DocumentedRow(codes: [124], when: "update: a command in the container did not end by its deadline (a read while planning: nothing was changed; the update script past its hour without a snapshot)"),
        DocumentedRow(codes: [129, 130, 131, 143], when: "stopped by SIGHUP / SIGINT (Ctrl-C) / SIGQUIT / SIGTERM; what the run created is removed"),
        DocumentedRow(codes: [141], when: "standard output or standard error was closed"),
        DocumentedRow(codes: [205], when: "an invalid var_ctid (below 100, not a number)"),
        DocumentedRow(codes: [206], when: "the container id given on the command line is in use"),
        DocumentedRow(codes: [208], when: "settings that cannot be sent"),
        DocumentedRow(codes: [209], when: "the create failed"),
        DocumentedRow(codes: [210], when: "the cluster has no quorum"),
        DocumentedRow(codes: [211], when: "the template download lock was held too long or cannot be used safely"),
        DocumentedRow(codes: [212, 213, 219, 224], when: "the storage type cannot hold containers"),
        DocumentedRow(codes: [214], when: "not enough space, or the storage is 98% full on an unattended run"),
        DocumentedRow(codes: [216], when: "the new container has no root disk"),
        DocumentedRow(codes: [217], when: "the storage is disabled or not accessible"),
        DocumentedRow(codes: [222, 223], when: "the template download failed / the template is missing afterwards"),
        DocumentedRow(codes: [225], when: "no template for the OS and version"),
        DocumentedRow(codes: [234], when: "inspect, destroy, update: no such container in the cluster (or not on the given --node)"),
        DocumentedRow(codes: [236], when: "--gpu VENDOR|PCI: the chosen GPU is not on the node (build.func's \"required hardware not detected\"); checked before any write, nothing was created"),
        DocumentedRow(codes: [238], when: "update: the container's OS is not the one the app's script declares (build.func's OS guard; var_ignore_os_mismatch=yes or --ignore-os-mismatch goes on); nothing was changed"),
        DocumentedRow(codes: [254], when: "destroy, update: the answer to its question was no; nothing was changed"),
    ]
}
