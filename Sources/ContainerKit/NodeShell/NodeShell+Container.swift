public import Foundation

extension NodeShell {
    /// Runs `arguments` inside container `ctid` with `lxc-attach`, its environment cleared and then holding
    /// only `environment` (values travel in lxc-attach's environment, names in `--keep-var`). `longOutput` is what
    /// happens past ``NodeCommand/defaultOutputLimit``: `.keepStartAndEnd` for a script whose output is a log.
    public func exec(
        ctid: Int, _ arguments: [String], environment: [String: String] = [:], input: Data = Data(), timeout: Duration? = nil,
        longOutput: NodeCommand.LongOutput = .stop
    ) async throws(NodeShellError) -> CommandResult {
        try await run(NodeCommand(
            Self.attachArguments(ctid: ctid, arguments, environment: environment), environment: environment, input: input, timeout: timeout,
            longOutput: longOutput))
    }

    /// The `lxc-attach` argument vector for `arguments` in `ctid`; variable values are never in it.
    public static func attachArguments(ctid: Int, _ arguments: [String], environment: [String: String]) throws(NodeShellError) -> [String] {
        guard !arguments.isEmpty else { throw NodeShellError(.invalidArgument, "empty command") }
        var attach = ["lxc-attach", "-n", String(ctid), "--clear-env"]
        for name in environment.keys.sorted() {
            guard ShellQuoting.isVariableName(name) else { throw NodeShellError(.invalidArgument, "'\(name)' is not a valid variable name") }
            attach += ["--keep-var", name]
        }
        return attach + ["--"] + arguments
    }

    /// Runs a POSIX `sh` script inside `ctid`; `arguments` become `$1`, `$2`, ...
    public func script(
        ctid: Int, _ script: String, arguments: [String] = [], environment: [String: String] = [:], input: Data = Data(),
        timeout: Duration? = nil
    ) async throws(NodeShellError) -> CommandResult {
        try await exec(ctid: ctid, ["/bin/sh", "-c", script, "sh"] + arguments, environment: environment, input: input, timeout: timeout)
    }

    /// Writes `data` to `path` inside `ctid` (parent folders made), then sets its octal `mode`.
    public func copyIn(ctid: Int, _ data: Data, to path: String, mode: String = "0644") async throws(NodeShellError) {
        let result = try await script(
            ctid: ctid, #"mkdir -p "$(dirname "$1")" && cat > "$1" && chmod "$2" "$1""#, arguments: [path, mode], input: data)
        guard result.succeeded else {
            throw NodeShellError(.failed(exitCode: result.exitCode), "copying to \(path) in \(ctid) failed: \(result.errorOutput)")
        }
    }

    /// The bytes of `path` inside `ctid`, `nil` when it does not exist; the read is stopped after `timeout`.
    public func copyOut(ctid: Int, from path: String, timeout: Duration? = nil) async throws(NodeShellError) -> Data? {
        let result = try await script(ctid: ctid, #"[ -f "$1" ] || exit 3; cat "$1""#, arguments: [path], timeout: timeout)
        if result.exitCode == 3 { return nil }
        guard result.succeeded else {
            throw NodeShellError(.failed(exitCode: result.exitCode), "copying \(path) out of \(ctid) failed: \(result.errorOutput)")
        }
        return result.stdout
    }

    /// Runs `arguments` on the node itself and returns the result.
    public func onNode(_ arguments: [String], environment: [String: String] = [:], input: Data = Data(), timeout: Duration? = nil) async throws(NodeShellError) -> CommandResult {
        try await run(NodeCommand(arguments, environment: environment, input: input, timeout: timeout))
    }

    /// ``configLayout`` with `.automatic` decided: Proxmox VE when the node has `/etc/pve/lxc`.
    public func resolvedLayout() async throws(NodeShellError) -> ContainerConfigLayout {
        guard configLayout == .automatic else { return configLayout }
        return try await onNode(["test", "-d", "/etc/pve/lxc"]).succeeded ? .proxmox : .plainLXC
    }

    /// The lines of `ctid`'s configuration file on the node.
    public func configLines(ctid: Int) async throws(NodeShellError) -> [String] {
        let layout = try await resolvedLayout()
        let path = layout.configPath(ctid: ctid) ?? ""
        let result = try await onNode(["cat", path])
        guard result.succeeded else {
            throw NodeShellError(.failed(exitCode: result.exitCode), "reading \(path) failed: \(result.errorOutput)")
        }
        return result.output.split(separator: "\n", omittingEmptySubsequences: false).map(String.init).filter { !$0.isEmpty }
    }

    /// Appends the `lines` that `ctid`'s configuration does not hold yet, in this layout's syntax.
    /// - Returns: the lines appended (empty when all were there).
    @discardableResult
    public func appendConfig(ctid: Int, _ lines: [RawConfigLine], comment: String? = nil) async throws(NodeShellError) -> [String] {
        let layout = try await resolvedLayout()
        let existing = Set(try await configLines(ctid: ctid).map(Self.normalized))
        let missing = lines.map(layout.render).filter { !existing.contains(Self.normalized($0)) }
        guard !missing.isEmpty else { return [] }
        let path = layout.configPath(ctid: ctid) ?? ""
        var text = comment.map { "# \($0)\n" } ?? ""
        text += missing.joined(separator: "\n") + "\n"
        let result = try await onNode(
            ["sh", "-c", #"[ -f "$1" ] || exit 3; [ -z "$(tail -c1 "$1")" ] || echo >> "$1"; cat >> "$1""#, "sh", path], input: Data(text.utf8))
        guard result.succeeded else {
            throw NodeShellError(.failed(exitCode: result.exitCode), "appending to \(path) failed" + (result.exitCode == 3 ? ": no such file" : ": \(result.errorOutput)"))
        }
        return missing
    }

    /// `key: value` and `key = value` compare equal.
    static func normalized(_ line: String) -> String {
        guard let separator = line.firstIndex(where: { $0 == ":" || $0 == "=" }) else { return line.trimmingCharacters(in: .whitespaces) }
        let key = line[..<separator].trimmingCharacters(in: .whitespaces)
        let value = line[line.index(after: separator)...].trimmingCharacters(in: .whitespaces)
        return "\(key)=\(value)"
    }
}
