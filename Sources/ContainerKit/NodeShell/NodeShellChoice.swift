public import Foundation

/// How lxc-build reaches the node for what the API cannot do: `local`, `ssh://[user@]host[:port]` or `none`.
public enum NodeShellChoice: Sendable, Equatable {
    case local
    case ssh(SSHTarget)
    case none

    /// Parses the `--node-shell` value.
    /// - Throws: ``NodeShellError`` for anything else.
    public init(parsing text: String) throws(NodeShellError) {
        switch text {
        case "local": self = .local
        case "none": self = .none
        default: self = .ssh(try SSHTarget(parsing: text))
        }
    }

    /// `local` on a Proxmox VE node (it has `/etc/pve/local`), else `none`.
    public static func detected(fileExists: (String) -> Bool = { FileManager.default.fileExists(atPath: $0) }) -> NodeShellChoice {
        fileExists("/etc/pve/local") || fileExists("/etc/pve/lxc") ? .local : .none
    }

    /// The shell this choice names; `nil` for ``none``.
    public func makeShell(configLayout: ContainerConfigLayout = .automatic) -> (any NodeShell)? {
        switch self {
        case .local: return LocalNodeShell(configLayout: configLayout)
        case .ssh(let target): return SSHNodeShell(target: target, configLayout: configLayout)
        case .none: return nil
        }
    }
}
