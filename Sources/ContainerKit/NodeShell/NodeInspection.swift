import Foundation
public import HostProbe

/// What the node shell shows of its node, read in one round trip and kept for the run: the proof that the
/// shell works and reaches the chosen node, and, when devices are asked for, everything HostProbe reads there.
///
/// The shell runs HostProbe's snapshot program (`NodeSnapshot.Request`) once: a `NodeSnapshot.Scope.check`
/// (host name, `/etc/pve/nodes`, `/dev/apex_0`) or, when a probe is needed, a `NodeSnapshot.Scope.probe`,
/// which answers the check as well. Every failure is a ``BuildError`` with ``BuildExitCode/nodeShellUnusable``
/// (81) and the fix, raised while planning, before anything is written.
public actor NodeInspection {
    /// The shell the node is read through.
    public nonisolated let shell: any NodeShell
    /// How long the whole snapshot may take.
    public nonisolated let timeout: Duration
    /// How long any one command may run on the node.
    public nonisolated let commandTimeoutSeconds: Int
    private var snapshots: [NodeSnapshot.Scope: NodeSnapshot] = [:]
    /// How many times the shell was asked (each one connection for ``SSHNodeShell``).
    public private(set) var roundTrips = 0

    /// What a failed check's message says was left undone: `nothing was created` for create, `nothing was changed`
    /// for update.
    public nonisolated let leftUndone: String

    /// Reads the node through `shell`; the snapshot program may take `timeout` in all, each command on the node
    /// `commandTimeoutSeconds`; a failed check's message ends with `leftUndone`.
    public init(
        shell: any NodeShell, timeout: Duration = .seconds(120), commandTimeoutSeconds: Int = 10, leftUndone: String = "nothing was created"
    ) {
        self.shell = shell
        self.timeout = timeout
        self.commandTimeoutSeconds = commandTimeoutSeconds
        self.leftUndone = leftUndone
    }

    /// Whether runs through `shell` check that it reaches the chosen Proxmox VE node: every shell but one
    /// configured for a plain-LXC host (``ContainerConfigLayout/lxc(directory:)``), which has no node name.
    public static func checksNode(of shell: any NodeShell) -> Bool {
        if case .lxc = shell.configLayout { return false }
        return true
    }

    /// The node's snapshot for `scope`, taken at most once per scope; a probe snapshot also answers a check.
    /// - Throws: ``BuildError`` 81 when the shell cannot run the program or its answer is unusable; 130 when
    ///   the run was interrupted.
    public func snapshot(_ scope: NodeSnapshot.Scope) async throws(BuildError) -> NodeSnapshot {
        if let probe = snapshots[.probe] { return probe }
        if let taken = snapshots[scope] { return taken }
        let request = NodeSnapshot.Request(scope: scope, commandTimeoutSeconds: commandTimeoutSeconds)
        roundTrips += 1
        let result: CommandResult
        do {
            result = try await shell.run(NodeCommand(
                request.arguments, input: Data(request.programText.utf8), timeout: timeout, outputLimit: NodeSnapshot.maximumSize))
        } catch {
            if error.kind == .cancelled { throw BuildError(exitCode: BuildExitCode.interrupted, message: "interrupted while reading the node") }
            throw unusable("\(error.message)")
        }
        guard result.succeeded else {
            let detail = result.errorOutput.split(separator: "\n").first.map { ": \(String($0.prefix(300)))" } ?? ""
            let missing = result.exitCode == 127 ? " (is perl installed on the node?)" : ""
            throw unusable("the node check (perl) ended with exit \(result.exitCode)\(detail)\(missing)")
        }
        do {
            let snapshot = try NodeSnapshot(parsing: result.stdout)
            snapshots[scope] = snapshot
            return snapshot
        } catch {
            throw unusable(error.message)
        }
    }

    /// HostProbe's report of the node, from one probe snapshot.
    /// - Throws: ``BuildError`` as ``snapshot(_:)`` does.
    public func report() async throws(BuildError) -> HostReport {
        await HostProber(context: try await snapshot(.probe).context).report()
    }

    /// HostProbe's report of the node the shell reaches, after checking (when `node` is given) that it is `node`;
    /// one round trip in all.
    /// - Throws: ``BuildError`` 81 as ``verify(node:)`` and ``snapshot(_:)`` do.
    public func report(checking node: String?) async throws(BuildError) -> HostReport {
        let snapshot = try await self.snapshot(.probe)
        if let node { try await verify(node: node) }
        return await HostProber(context: snapshot.context).report()
    }

    /// Checks that the shell reaches `node`: the host name it reports is `node` and it has `/etc/pve/nodes/<node>`.
    /// Uses the snapshot already taken, else takes a `NodeSnapshot.Scope.check` one.
    /// - Returns: The snapshot the check read.
    /// - Throws: ``BuildError`` 81 naming what the shell reached and the fix.
    @discardableResult
    public func verify(node: String) async throws(BuildError) -> NodeSnapshot {
        let snapshot = try await self.snapshot(.check)
        let isLocal = shell.name == "local"
        guard let hostname = snapshot.hostname else {
            throw unusable("it reported no usable host name (hostname)")
        }
        if hostname != node {
            throw BuildError(
                exitCode: BuildExitCode.nodeShellUnusable,
                message: isLocal
                    ? "--node-shell local runs on this machine ('\(hostname)'), which is not the chosen node '\(node)'; \(leftUndone)"
                    : "the node shell (\(shell.name)) reaches '\(hostname)', not the chosen node '\(node)'; \(leftUndone)",
                hint: isLocal
                    ? "Run lxc-build on \(node), or reach it with --node-shell ssh://root@\(node)."
                    : "Point --node-shell at \(node) (ssh://root@\(node)), or choose --node \(hostname).")
        }
        guard snapshot.clusterNodeFolders?.contains(node) == true else {
            throw BuildError(
                exitCode: BuildExitCode.nodeShellUnusable,
                message: "the node shell (\(shell.name)) reaches '\(hostname)', which has no /etc/pve/nodes/\(node): "
                    + "it is not that Proxmox VE node; \(leftUndone)",
                hint: isLocal
                    ? "Run lxc-build on \(node), or reach it with --node-shell ssh://root@\(node)."
                    : "Point --node-shell at the Proxmox VE node \(node) (ssh://root@\(node)).")
        }
        return snapshot
    }

    /// What ``verify(node:)`` proved, for the plan: `nil` before it passed.
    public func checked(node: String) -> String? {
        guard let snapshot = snapshots[.probe] ?? snapshots[.check], snapshot.hostname == node else { return nil }
        let what = snapshots[.probe] != nil ? "the node's devices read and " : ""
        return "\(shell.name) reaches \(node): \(what)its hostname and /etc/pve/nodes/\(node) checked in \(roundTrips) round trip"
            + (roundTrips == 1 ? "" : "s") + ", before any write"
    }

    private nonisolated func unusable(_ what: String) -> BuildError {
        BuildError(
            exitCode: BuildExitCode.nodeShellUnusable,
            message: "the node shell (\(shell.name)) is unusable: \(what); \(leftUndone)",
            hint: "Check --node-shell: ssh://root@NODE needs the node's host key in known_hosts and a key it accepts "
                + "(`ssh root@NODE true` must work without a prompt); --node-shell local works only on the node itself.")
    }
}
