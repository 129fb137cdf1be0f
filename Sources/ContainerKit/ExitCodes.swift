public import ProxmoxAPI

/// build.func's exit codes (its `explain_exit_code` table) for what lxc-build can meet.
public enum ExitCodes {
    public static let general: Int32 = 1
    public static let permissionDenied: Int32 = 77
    public static let serviceUnavailable: Int32 = 69
    public static let curlConnect: Int32 = 7
    public static let curlTimeout: Int32 = 28
    public static let curlTLS: Int32 = 35
    public static let unsupportedPVE: Int32 = 105
    public static let noFreeCTID: Int32 = 109
    public static let invalidMenuOption: Int32 = 112
    public static let bridgeNotFound: Int32 = 116
    public static let notRunning: Int32 = 117
    public static let noIP: Int32 = 118
    public static let noRootdirStorage: Int32 = 119
    public static let noTemplateStorage: Int32 = 120
    public static let interrupted: Int32 = 130
    public static let terminated: Int32 = 143
    public static let invalidCTID: Int32 = 205
    public static let createFailed: Int32 = 209
    public static let noQuorum: Int32 = 210
    public static let templateLock: Int32 = 211
    public static let storageISCSIDirect: Int32 = 212
    public static let storageUnsupported: Int32 = 213
    public static let notEnoughSpace: Int32 = 214
    public static let ghostContainer: Int32 = 215
    public static let noRootfs: Int32 = 216
    public static let storageNotAccessible: Int32 = 217
    public static let storageCephFS: Int32 = 219
    public static let templateDownloadFailed: Int32 = 222
    public static let templateMissingAfterDownload: Int32 = 223
    public static let storagePBS: Int32 = 224
    public static let noTemplate: Int32 = 225

    /// The exit code for an API failure that no step gave a more specific code.
    public static func code(for error: ProxmoxError) -> Int32 {
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
    public static func explanation(for code: Int32) -> String {
        table[code] ?? "Unknown error"
    }

    private static let table: [Int32: String] = [
        0: "Success",
        1: "General error / Operation not permitted",
        7: "curl: Failed to connect (network unreachable / host down)",
        28: "curl: Operation timeout (network slow or server not responding)",
        35: "curl: SSL/TLS handshake failed (certificate error)",
        64: "Usage error (wrong arguments)",
        69: "Service unavailable",
        77: "Permission denied",
        103: "Validation: Shell is not Bash",
        104: "Validation: Not running as root (or invoked via sudo)",
        105: "Validation: Proxmox VE version not supported",
        106: "Validation: Unsupported architecture (requires amd64 or arm64)",
        107: "Validation: Kernel key parameters unreadable",
        108: "Validation: Kernel key limits exceeded",
        109: "Proxmox: No available container ID after max attempts",
        110: "Proxmox: Failed to apply default.vars",
        111: "Proxmox: App defaults file not available",
        112: "Proxmox: Invalid install menu option",
        115: "Download: install.func download failed or incomplete",
        116: "Proxmox: Default bridge vmbr0 not found",
        117: "LXC: Container did not reach running state",
        118: "LXC: No IP assigned to container after timeout",
        119: "Proxmox: No valid storage for rootdir content",
        120: "Proxmox: No valid storage for vztmpl content",
        121: "LXC: Container network not ready (no IP after retries)",
        122: "LXC: No internet connectivity — user declined to continue",
        124: "Command timed out (timeout command)",
        127: "Command not found",
        129: "Killed by SIGHUP (terminal closed / hangup)",
        130: "Aborted by user (SIGINT)",
        143: "Terminated (SIGTERM)",
        200: "Proxmox: Failed to create lock file",
        203: "Proxmox: Missing CTID variable",
        204: "Proxmox: Missing PCT_OSTYPE variable",
        205: "Proxmox: Invalid CTID (<100)",
        206: "Proxmox: CTID already in use",
        207: "Proxmox: Password contains unescaped special characters",
        208: "Proxmox: Invalid configuration (DNS/MAC/Network format)",
        209: "Proxmox: Container creation failed",
        210: "Proxmox: Cluster not quorate",
        211: "Proxmox: Timeout waiting for template lock",
        212: "Proxmox: Storage type 'iscsidirect' does not support containers (VMs only)",
        213: "Proxmox: Storage type does not support 'rootdir' content",
        214: "Proxmox: Not enough storage space",
        215: "Proxmox: Container created but not listed (ghost state)",
        216: "Proxmox: RootFS entry missing in config",
        217: "Proxmox: Storage not accessible",
        218: "Proxmox: Template file corrupted or incomplete",
        219: "Proxmox: CephFS does not support containers - use RBD",
        220: "Proxmox: Unable to resolve template path",
        221: "Proxmox: Template file not readable",
        222: "Proxmox: Template download failed",
        223: "Proxmox: Template not available after download",
        224: "Proxmox: PBS storage is for backups only",
        225: "Proxmox: No template available for OS/Version",
        231: "Proxmox: LXC stack upgrade failed",
        232: "Tools: Wrong execution environment (run on PVE host, not inside LXC)",
    ]
}
