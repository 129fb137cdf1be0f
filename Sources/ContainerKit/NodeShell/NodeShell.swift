public import Foundation

/// Runs commands on a Proxmox VE (or plain LXC) node as root: what the REST API cannot do.
///
/// Two implementations: ``LocalNodeShell`` (lxc-build runs on the node) and ``SSHNodeShell`` (it reaches
/// the node with the system's `ssh`). Everything else (running a command in a container, copying files,
/// raw config lines) is built on ``run(_:)`` in protocol extensions, so both behave the same.
///
/// Secrets travel in ``NodeCommand/environment`` or ``NodeCommand/input``, never in
/// ``NodeCommand/arguments``: an argument vector is visible to every user through `ps`.
public protocol NodeShell: Sendable {
    /// How it reaches the node, for messages (`local`, `ssh root@pve:22`).
    var name: String { get }
    /// Where container configuration files live on the node.
    var configLayout: ContainerConfigLayout { get }
    /// Runs one command on the node and waits for it.
    /// - Throws: ``NodeShellError`` when it could not be started or was cancelled; a non-zero exit is a result.
    func run(_ command: NodeCommand) async throws(NodeShellError) -> CommandResult
}

/// One command for the node: an argument vector, extra environment and bytes for its stdin.
public struct NodeCommand: Sendable, Equatable {
    /// Program and arguments; the program is looked up in the node's `PATH`.
    public var arguments: [String]
    /// Variables added to the command's environment (the caller's own environment is never passed on).
    public var environment: [String: String]
    /// Bytes written to its stdin, which is then closed.
    public var input: Data
    /// Longest run; the command is killed after it. `nil` waits for ever.
    public var timeout: Duration?
    /// Most bytes kept of its standard output, and of its standard error, each; what happens past it is
    /// ``longOutput``. What a node or container sends is untrusted: it may not fill this machine's memory.
    public var outputLimit: Int
    /// What happens to output past ``outputLimit``.
    public var longOutput: LongOutput

    /// What happens to a command's output past its ``NodeCommand/outputLimit``.
    public enum LongOutput: Sendable, Equatable {
        /// The command is stopped with ``NodeShellError/Kind/outputLimit``: for output read as data, which a cut
        /// would falsify.
        case stop
        /// The command runs on; the first and the last half of the limit are kept, with a line between them that
        /// says how many bytes were left out: for output that is a log (install and update scripts).
        case keepStartAndEnd
    }

    /// The limit unless a command sets its own: 64 MiB per stream, far above what an install script prints.
    public static let defaultOutputLimit = 64 << 20

    /// Makes a command.
    public init(
        _ arguments: [String], environment: [String: String] = [:], input: Data = Data(), timeout: Duration? = nil,
        outputLimit: Int = NodeCommand.defaultOutputLimit, longOutput: LongOutput = .stop
    ) {
        self.arguments = arguments
        self.environment = environment
        self.input = input
        self.timeout = timeout
        self.outputLimit = outputLimit
        self.longOutput = longOutput
    }
}

/// What a command did.
public struct CommandResult: Sendable, Equatable {
    /// Exit status; a command killed by a signal reports 128 + the signal, as shells do.
    public var exitCode: Int32
    /// Standard output.
    public var stdout: Data
    /// Standard error.
    public var stderr: Data

    /// Makes a result.
    public init(exitCode: Int32, stdout: Data = Data(), stderr: Data = Data()) {
        self.exitCode = exitCode
        self.stdout = stdout
        self.stderr = stderr
    }

    /// `true` for exit status 0.
    public var succeeded: Bool { exitCode == 0 }
    /// stdout as UTF-8 text, invalid bytes replaced.
    public var output: String { String(decoding: stdout, as: UTF8.self) }
    /// stderr as UTF-8 text, invalid bytes replaced.
    public var errorOutput: String { String(decoding: stderr, as: UTF8.self) }
}

/// Where a node keeps container configuration files.
public enum ContainerConfigLayout: Sendable, Equatable {
    /// Proxmox VE: `/etc/pve/lxc/CTID.conf`, `key: value` lines.
    case proxmox
    /// Plain LXC: `DIRECTORY/CTID/config`, `key = value` lines.
    case lxc(directory: String)
    /// Proxmox VE when the node has `/etc/pve/lxc`, else plain LXC in `/var/lib/lxc`.
    case automatic

    /// Plain LXC's default place.
    public static let plainLXC = ContainerConfigLayout.lxc(directory: "/var/lib/lxc")

    /// The configuration file of `ctid`; `nil` for ``automatic``, which must be resolved first.
    public func configPath(ctid: Int) -> String? {
        switch self {
        case .proxmox: return "/etc/pve/lxc/\(ctid).conf"
        case .lxc(let directory): return "\(directory)/\(ctid)/config"
        case .automatic: return nil
        }
    }

    /// A raw line as this layout writes it (`lxc.mount.entry: ...` or `lxc.mount.entry = ...`).
    public func render(_ line: RawConfigLine) -> String {
        switch self {
        case .lxc: return "\(line.key) = \(line.value)"
        case .proxmox, .automatic: return "\(line.key): \(line.value)"
        }
    }
}

/// A raw `lxc.*` configuration line, which the API cannot write.
public struct RawConfigLine: Sendable, Equatable, Hashable {
    /// The config key (`lxc.mount.entry`).
    public var key: String
    /// The value.
    public var value: String

    /// Makes a line.
    public init(_ key: String, _ value: String) {
        self.key = key
        self.value = value
    }
}

/// Why a node shell could not run a command.
public struct NodeShellError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What kind of failure.
    public enum Kind: Sendable, Equatable {
        /// The program could not be started.
        case launch
        /// An argument or variable name that cannot be passed safely (NUL byte, bad name).
        case invalidArgument
        /// The command ran longer than its timeout and was killed.
        case timeout
        /// The calling task was cancelled; the command was killed.
        case cancelled
        /// The command wrote more than its ``NodeCommand/outputLimit`` and was killed.
        case outputLimit
        /// The command ran but failed in a way the caller cannot go on from.
        case failed(exitCode: Int32)
    }

    /// What went wrong.
    public var kind: Kind
    /// What went wrong, naming the command.
    public var message: String

    /// Makes an error.
    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { message }
}
