/// One of the host checks build.func runs before anything else (`pve_check`, `root_check`, `arch_check`, ...), with the
/// exit code build.func uses when it fails and a one-line remedy.
public struct HostCheck: Sendable, Codable, Hashable, CustomStringConvertible {
    /// Which check.
    public enum Name: String, Sendable, Codable, Hashable, CaseIterable {
        /// `pve_check`: a PVE host (232) of a supported version (105).
        case pveVersion = "pve"
        /// `root_check`: running as root, not through sudo (104).
        case root
        /// `arch_check`: amd64 or arm64 (106).
        case arch
        /// `ssh_check`: a warning only, when running over SSH from outside the host's networks.
        case ssh
        /// `maxkeys_check`: kernel key limits readable (107) and not nearly used up by uid 100000 (108).
        case maxkeys
        /// Cluster quorum before creating a container (210).
        case quorum
        /// A bridge to attach the container to; build.func requires vmbr0 when none is declared (116).
        case bridge
    }

    /// How the check came out.
    public enum Status: String, Sendable, Codable, Hashable {
        /// Passed.
        case passed
        /// Passed with a warning (e.g. a PVE 9.x newer than tested).
        case warning
        /// Failed: build.func would stop with ``HostCheck/exitCode``.
        case failed
        /// Could not be decided (a file or command is missing or timed out).
        case unknown
    }

    /// Which check.
    public var name: Name
    /// Whether a container may be created as far as this check goes (passed or warning).
    public var ok: Bool
    /// How the check came out.
    public var status: Status
    /// build.func's exit code for this failure; `nil` when ``ok``.
    public var exitCode: Int?
    /// One line saying what was found.
    public var message: String
    /// One line saying how to fix it; `nil` when ``ok`` without a warning.
    public var remedy: String?

    /// Creates a check result; ``ok`` follows from `status`, and `exitCode` is kept only when not ok.
    public init(name: Name, status: Status, exitCode: Int? = nil, message: String, remedy: String? = nil) {
        self.name = name
        self.status = status
        self.ok = status == .passed || status == .warning
        self.exitCode = ok ? nil : exitCode
        self.message = message
        self.remedy = remedy
    }

    /// `✔ pve: Proxmox VE 8.4.1` / `✘ quorum (210): Cluster is not quorate`.
    public var description: String {
        let mark = switch status {
        case .passed: "✔"
        case .warning: "!"
        case .failed: "✘"
        case .unknown: "?"
        }
        return "\(mark) \(name.rawValue)\(exitCode.map { " (\($0))" } ?? ""): \(message)"
    }
}
