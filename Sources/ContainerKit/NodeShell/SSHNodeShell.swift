public import Foundation

/// The node is reached with the system's `ssh` (OpenSSH), host-key checking on and no password prompts.
///
/// A remote command is one string that the node's shell reads again, so every argument is quoted with
/// ``ShellQuoting``. Environment variables never appear in that string: they are sent as `export` lines at
/// the start of stdin, read on the node with `head -c N` and evaluated before the command starts.
public struct SSHNodeShell: NodeShell {
    /// Where to connect.
    public var target: SSHTarget
    /// A private key file (`-i`); `nil` uses ssh's defaults and agent.
    public var identityFile: String?
    /// A known_hosts file to check the host key against; `nil` uses the user's.
    public var knownHostsFile: String?
    /// Further `-o` options (`ConnectTimeout=10`).
    public var options: [String]
    /// Where the node keeps container configs.
    public let configLayout: ContainerConfigLayout

    /// A shell on `target`.
    public init(
        target: SSHTarget, identityFile: String? = nil, knownHostsFile: String? = nil, options: [String] = ["ConnectTimeout=15"],
        configLayout: ContainerConfigLayout = .automatic
    ) {
        self.target = target
        self.identityFile = identityFile
        self.knownHostsFile = knownHostsFile
        self.options = options
        self.configLayout = configLayout
    }

    /// How this shell is named in messages.
    public var name: String { "ssh \(target)" }

    public func run(_ command: NodeCommand) async throws(NodeShellError) -> CommandResult {
        let invocation = try self.invocation(for: command)
        var environment = ["PATH": ProcessRunner.searchPath, "LANG": "C"]
        let own = ProcessInfo.processInfo.environment
        for name in ["HOME", "USER", "LOGNAME", "SSH_AUTH_SOCK"] { environment[name] = own[name] }
        let result = try await ProcessRunner.run(
            "ssh", invocation.arguments, environment: environment, input: invocation.input, timeout: command.timeout,
            outputLimit: command.outputLimit, longOutput: command.longOutput)
        if result.exitCode == 255 {
            throw NodeShellError(.launch, "ssh to \(target) failed: \(result.errorOutput.trimmingCharacters(in: .whitespacesAndNewlines))")
        }
        return result
    }

    /// The `ssh` arguments and stdin for `command`; public for tests that check no secret is in them.
    public func invocation(for command: NodeCommand) throws(NodeShellError) -> (arguments: [String], input: Data) {
        guard !command.arguments.isEmpty else { throw NodeShellError(.invalidArgument, "empty command") }
        let commandLine = try ShellQuoting.commandLine(command.arguments)
        var remote = "exec " + commandLine
        var input = command.input
        if !command.environment.isEmpty {
            let header = Data(try ShellQuoting.exports(command.environment).utf8)
            remote = "eval \"$(head -c \(header.count))\" && " + remote
            input = header + input
        }
        var arguments = ["-T", "-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=yes", "-o", "LogLevel=ERROR"]
        if let knownHostsFile { arguments += ["-o", "UserKnownHostsFile=\(knownHostsFile)", "-o", "GlobalKnownHostsFile=/dev/null"] }
        if let identityFile { arguments += ["-i", identityFile, "-o", "IdentitiesOnly=yes"] }
        for option in options { arguments += ["-o", option] }
        arguments += ["-p", String(target.port), "-l", target.user, "--", target.host, remote]
        return (arguments, input)
    }
}

/// `ssh://[user@]host[:port]`: where ``SSHNodeShell`` connects.
public struct SSHTarget: Sendable, Equatable, CustomStringConvertible {
    /// Login user.
    public var user: String
    /// Host name or address.
    public var host: String
    /// SSH port.
    public var port: Int

    /// Makes a target.
    public init(user: String = "root", host: String, port: Int = 22) {
        self.user = user
        self.host = host
        self.port = port
    }

    /// Parses `ssh://[user@]host[:port]`; IPv6 addresses in brackets (`ssh://[fd00::1]:2222`).
    /// - Throws: ``NodeShellError`` naming what is wrong.
    public init(parsing text: String) throws(NodeShellError) {
        guard text.hasPrefix("ssh://") else { throw NodeShellError(.invalidArgument, "'\(text)' is not ssh://[user@]host[:port]") }
        var rest = Substring(text.dropFirst("ssh://".count))
        if rest.hasSuffix("/") { rest = rest.dropLast() }
        var user = "root"
        if let at = rest.lastIndex(of: "@") {
            user = String(rest[..<at])
            rest = rest[rest.index(after: at)...]
        }
        var host = String(rest)
        var port = 22
        if rest.hasPrefix("[") {
            guard let close = rest.firstIndex(of: "]") else { throw NodeShellError(.invalidArgument, "'\(text)': unclosed [ in the host") }
            host = String(rest[rest.index(after: rest.startIndex)..<close])
            let tail = rest[rest.index(after: close)...]
            if !tail.isEmpty {
                guard tail.hasPrefix(":"), let value = Int(tail.dropFirst()) else { throw NodeShellError(.invalidArgument, "'\(text)': bad port") }
                port = value
            }
        } else if let colon = rest.lastIndex(of: ":") {
            host = String(rest[..<colon])
            guard let value = Int(rest[rest.index(after: colon)...]) else { throw NodeShellError(.invalidArgument, "'\(text)': bad port") }
            port = value
        }
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-_:%".unicodeScalars)
        guard !host.isEmpty, !host.hasPrefix("-"), host.unicodeScalars.allSatisfy(allowed.contains) else {
            throw NodeShellError(.invalidArgument, "'\(text)': '\(host)' is not a host name or address")
        }
        guard !user.isEmpty, !user.hasPrefix("-"), user.unicodeScalars.allSatisfy(allowed.contains) else {
            throw NodeShellError(.invalidArgument, "'\(text)': '\(user)' is not a user name")
        }
        guard (1...65535).contains(port) else { throw NodeShellError(.invalidArgument, "'\(text)': port \(port) is out of range") }
        self.init(user: user, host: host, port: port)
    }

    public var description: String {
        let shown = host.contains(":") ? "[\(host)]" : host
        return "\(user)@\(shown):\(port)"
    }
}
