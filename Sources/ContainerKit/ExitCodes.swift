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
        code == 0 ? "Success" : table[code] ?? "Unknown error"
    }

    /// build.func's category of `code` (`categorize_error`): network, config, timeout, storage, dependency,
    /// permission, proxmox, service, database, runtime, user_aborted, resource, signal, shell or unknown.
    public static func category(for code: Int32) -> String {
        switch code {
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

    /// Every code build.func's table explains, in order.
    public static var allCodes: [Int32] { table.keys.sorted() }
}
