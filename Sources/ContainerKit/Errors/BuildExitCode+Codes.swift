public import ProxmoxAPI

/// build.func's exit codes (its `explain_exit_code` table) for what lxc-build can meet, and lxc-build's own.
extension BuildExitCode {
    /// Success.
    public static let success: BuildExitCode = 0
    /// General error.
    public static let general: BuildExitCode = 1
    /// lxc-build's own code, outside build.func's table: the app is retired in its catalog (the script ends
    /// before it builds, or the catalog has no install script for it); nothing was created.
    public static let retiredApp: BuildExitCode = 80
    /// lxc-build's own code, outside build.func's table: the node shell (`--node-shell`) is unusable (unreachable,
    /// refused the login or the host key, could not run the check) or reaches another machine than the chosen
    /// node; checked before anything is written, so nothing was created.
    public static let nodeShellUnusable: BuildExitCode = 81
    /// lxc-build's own code, outside build.func's table: `update` failed and the container was rolled back to the
    /// snapshot taken before it, or restored from the backup taken before it, and started again.
    public static let updateRolledBack: BuildExitCode = 82
    /// lxc-build's own code, outside build.func's table: `update` failed and the rollback to its snapshot (or the
    /// restore of its backup) failed too; the snapshot (or archive) is kept, and the message names it.
    public static let updateRollbackFailed: BuildExitCode = 83
    /// build.func's 238, "OS or distribution not supported": `update` refuses a container whose OS is not the one
    /// the app's script declares (build.func's `check_container_os_guard`), before anything changes.
    public static let osMismatch: BuildExitCode = 238
    /// lxc-build's own code, outside build.func's table: some containers of a stack failed (each was cleaned up as a
    /// single create would be); the others exist or were created (`lxc-build apply`).
    public static let stackPartial: BuildExitCode = 84
    /// lxc-build's own code, outside build.func's table: a fleet `update` (several containers) ended with some
    /// containers failed (each rolled back, or its snapshot kept and named); the others were updated.
    public static let fleetPartial: BuildExitCode = 85
    /// lxc-build's own code, outside build.func's table: `health` found a selected container unhealthy (not running,
    /// a service that was active failed, the app's URL not answering below 500).
    public static let unhealthy: BuildExitCode = 86
    /// lxc-build's own code, outside build.func's table: `backup` (or the backup `destroy` takes first) failed for
    /// some container; its task log is kept and named, and nothing was destroyed for it.
    public static let backupFailed: BuildExitCode = 87
    /// lxc-build's own code, outside build.func's table: `restore` failed; a container it was creating is removed,
    /// and a container it replaced has the backup of its former state named in the message.
    public static let restoreFailed: BuildExitCode = 88
    /// `apply --detailed-exitcode` (Terraform's rule: 0 no changes, 1 an error, 2 changes present): the run succeeded
    /// and the stack differs from its file: `--plan` would create or change something, or finds drift or an orphan;
    /// `apply` left drift (no `--converge`, or only a rebuild changes it) or an orphan (no `--prune`).
    public static let changesPending: BuildExitCode = 2
    /// Settings, flags or arguments that do not fit (sysexits' EX_USAGE).
    public static let usage: BuildExitCode = 64
    /// No such container in the cluster ("No LXC containers found or available").
    public static let containerNotFound: BuildExitCode = 234
    /// The user answered no to a question (`destroy`'s confirmation): nothing was changed.
    public static let declined: BuildExitCode = 254
    /// Login failed or a privilege is missing.
    public static let permissionDenied: BuildExitCode = 77
    /// A node is offline or unreachable.
    public static let serviceUnavailable: BuildExitCode = 69
    /// The API could not be reached.
    public static let curlConnect: BuildExitCode = 7
    /// The API did not answer in time.
    public static let curlTimeout: BuildExitCode = 28
    /// TLS failed (certificate, fingerprint).
    public static let curlTLS: BuildExitCode = 35
    /// The app catalog sent a file larger than its limit (curl's "maximum file size exceeded").
    public static let fileTooLarge: BuildExitCode = 63
    /// A file or folder lxc-build writes cannot be created.
    public static let cannotCreateOutput: BuildExitCode = 73
    /// Not running as root, or through sudo (a host check).
    public static let notRoot: BuildExitCode = 104
    /// Proxmox VE version not supported.
    public static let unsupportedPVE: BuildExitCode = 105
    /// Unsupported architecture (a host check), or an app that does not support the arm64 template.
    public static let unsupportedArchitecture: BuildExitCode = 106
    /// The kernel's key limits cannot be read (a host check).
    public static let kernelKeysUnreadable: BuildExitCode = 107
    /// The kernel's key limits are (nearly) exceeded (a host check).
    public static let kernelKeysExceeded: BuildExitCode = 108
    /// No free container id.
    public static let noFreeCTID: BuildExitCode = 109
    /// Invalid install mode.
    public static let invalidMenuOption: BuildExitCode = 112
    /// `update`: the app's update refused a container with less CPU or memory than it needs (build.func's
    /// `check_container_resources`, unattended).
    public static let underProvisioned: BuildExitCode = 113
    /// `update`: the app's update refused a container whose disk is nearly full (`check_container_storage`).
    public static let storageTooLow: BuildExitCode = 114
    /// The app's functions file (install.func, tools.func) is missing or incomplete.
    public static let functionsMissing: BuildExitCode = 115
    /// The default bridge vmbr0 is missing (a host check).
    public static let noDefaultBridge: BuildExitCode = 116
    /// The container did not reach `running`.
    public static let notRunning: BuildExitCode = 117
    /// No IP address in time.
    public static let noIP: BuildExitCode = 118
    /// No storage for container disks.
    public static let noRootdirStorage: BuildExitCode = 119
    /// No storage for templates.
    public static let noTemplateStorage: BuildExitCode = 120
    /// A command did not end by its deadline.
    public static let commandTimedOut: BuildExitCode = 124
    /// Stopped by SIGHUP (the terminal or SSH session went away).
    public static let hungUp: BuildExitCode = 129
    /// Ctrl-C (SIGINT).
    public static let interrupted: BuildExitCode = 130
    /// Stopped by SIGQUIT (Ctrl-\\).
    public static let quit: BuildExitCode = 131
    /// Stopped by SIGTERM.
    public static let terminated: BuildExitCode = 143
    /// Standard output or standard error was closed (a reader such as `head` went away): SIGPIPE's code.
    public static let outputClosed: BuildExitCode = 141
    /// Container id below 100.
    public static let invalidCTID: BuildExitCode = 205
    /// The container id given on the command line is already in use.
    public static let ctidInUse: BuildExitCode = 206
    /// Settings that cannot be sent (DNS, MAC, network format, a quote in a proxy).
    public static let invalidSettings: BuildExitCode = 208
    /// The create failed.
    public static let createFailed: BuildExitCode = 209
    /// The cluster has no quorum.
    public static let noQuorum: BuildExitCode = 210
    /// Timed out waiting for a template lock.
    public static let templateLock: BuildExitCode = 211
    /// iSCSI direct storage cannot hold containers.
    public static let storageISCSIDirect: BuildExitCode = 212
    /// The storage cannot hold container disks.
    public static let storageUnsupported: BuildExitCode = 213
    /// Not enough space, or the storage is nearly full.
    public static let notEnoughSpace: BuildExitCode = 214
    /// The new container has no root disk.
    public static let noRootfs: BuildExitCode = 216
    /// The storage is disabled or not accessible.
    public static let storageNotAccessible: BuildExitCode = 217
    /// CephFS cannot hold container disks.
    public static let storageCephFS: BuildExitCode = 219
    /// The template download failed.
    public static let templateDownloadFailed: BuildExitCode = 222
    /// The template is missing after its download.
    public static let templateMissingAfterDownload: BuildExitCode = 223
    /// lxc-build run inside a container, not on a Proxmox VE host (a host check).
    public static let wrongEnvironment: BuildExitCode = 232
    /// The chosen GPU is not on the node ("Required hardware not detected").
    public static let hardwareNotDetected: BuildExitCode = 236
    /// PBS storage holds backups only.
    public static let storagePBS: BuildExitCode = 224
    /// No template for the OS and version.
    public static let noTemplate: BuildExitCode = 225

    /// Whether the run was stopped rather than failed: a signal (SIGHUP, SIGINT, SIGQUIT, SIGTERM) or an output
    /// stream that closed.
    public var isStop: Bool { [.hungUp, .interrupted, .quit, .outputClosed, .terminated].contains(self) }

    /// Whether this is one of build.func's update guards (``underProvisioned``, ``storageTooLow``): an update
    /// that ends with one keeps it after its rollback, rather than ``updateRolledBack``.
    public var isUpdateGuard: Bool { self == .underProvisioned || self == .storageTooLow }

    /// The exit code for an API failure that no step gave a more specific code.
    public static func code(for error: ProxmoxError) -> BuildExitCode {
        switch error.code {
        case .unauthorized, .forbidden, .tfaRequired: return permissionDenied
        case .tls: return curlTLS
        case .timeout: return curlTimeout
        case .transport: return curlConnect
        case .nodeUnreachable, .transient: return serviceUnavailable
        case .cancelled: return interrupted
        default: return general
        }
    }

    /// build.func's explanation for `code`, "Unknown error" for codes outside its table.
    public static func explanation(for code: BuildExitCode) -> String {
        if code == retiredApp { return "The app is retired in its catalog (lxc-build; nothing was created)" }
        if code == nodeShellUnusable {
            return "The node shell is unusable or not the chosen node (lxc-build; nothing was created)"
        }
        if code == updateRolledBack { return "The update failed; the container was rolled back to its snapshot or restored from its backup (lxc-build)" }
        if code == updateRollbackFailed { return "The update failed and so did the rollback (or restore); the snapshot is kept, or the backup archive (lxc-build)" }
        if code == changesPending { return "Changes present: the stack differs from its file (apply --detailed-exitcode; lxc-build)" }
        if code == stackPartial { return "Some containers of the stack failed; the others were created (lxc-build)" }
        if code == fleetPartial { return "Some containers of the fleet update were not updated (failed and rolled back, refused or not started); the others were (lxc-build)" }
        if code == unhealthy { return "A container is unhealthy: not running, a failed service or its URL not answering (lxc-build)" }
        if code == backupFailed { return "A backup failed; its task log is kept (lxc-build)" }
        if code == restoreFailed { return "The restore failed; nothing half-restored is left (lxc-build)" }
        return code.isSuccess ? "Success" : table[code.rawValue] ?? "Unknown error"
    }

    /// build.func's category of `code` (`categorize_error`): network, config, timeout, storage, dependency,
    /// permission, proxmox, service, database, runtime, user_aborted, resource, signal, shell or unknown. For the
    /// codes lxc-build uses that build.func leaves `unknown` (``lxcBuildCategories``), lxc-build's category.
    public static func category(for code: BuildExitCode) -> String {
        if let own = lxcBuildCategories[code] { return own }
        switch code.rawValue {
        case 6, 7, 22, 35: return "network"
        case 10, 128, 203...208: return "config"
        case 28, 124, 211: return "timeout"
        case 214, 217, 219, 224: return "storage"
        case 100...102, 127, 160...162, 255: return "dependency"
        case 126, 152: return "permission"
        case 200, 209, 210, 212, 213, 215, 216, 218, 220...223, 225, 231: return "proxmox"
        case 150, 151, 153, 154: return "service"
        case 170...193: return "database"
        case 243...249: return "runtime"
        case 129, 130, 143: return "user_aborted"
        case 134, 137: return "resource"
        case 139, 141: return "signal"
        case 1, 2: return "shell"
        default: return "unknown"
        }
    }

    /// Categories for codes lxc-build exits with that build.func's `categorize_error` calls `unknown`
    /// (Docs/exit-codes.md lists them).
    public static let lxcBuildCategories: [BuildExitCode: String] = [
        3: "config", 64: "config", 65: "config", 106: "config", 107: "config", 108: "config", 112: "config", 116: "config",
        69: "service", 75: "service",
        77: "permission", 104: "permission",
        105: "proxmox", 109: "proxmox", 117: "proxmox", 119: "storage", 120: "storage", 234: "proxmox",
        118: "network", 121: "network", 123: "network", 63: "network",
        131: "user_aborted", 254: "user_aborted", 232: "config", 81: "config",
        82: "runtime", 83: "proxmox", 238: "config", 113: "resource", 114: "storage", 84: "proxmox",
        85: "runtime", 86: "service", 87: "storage", 88: "proxmox",
    ]
}
