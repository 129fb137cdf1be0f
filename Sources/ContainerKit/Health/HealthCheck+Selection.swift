import Foundation

extension HealthCheck {
    /// How long `health --restart` may wait for a restarted container to answer, in seconds (`--wait`).
    public static let restartWaitLimits: ClosedRange<Int> = 1...3600

    /// Refuses a restart wait outside ``restartWaitLimits``.
    /// - Parameters:
    ///   - seconds: The value given.
    ///   - setting: Where it came from, for the message.
    /// - Throws: ``BuildError`` (64) naming the setting, the value and what is accepted.
    public static func checkRestartWait(_ seconds: Int, setting: String = "--wait") throws(BuildError) {
        try restartWaitLimits.check(seconds, setting: setting, unit: "seconds")
    }

    /// The containers `lxc-build health` checks, from its arguments: ids, `--all`, or `--tag` and `--stack` (exactly one
    /// of these three). `--stack` names a stack file when one is there (its proved members, as `update` and `backup`
    /// take them), else the stack name the notes carry, which `--tag` narrows. `--tag` does not narrow a stack file's
    /// members (as ``ContainerSelection/validate(command:)`` refuses for `update` and `backup`): that is refused.
    /// - Parameters:
    ///   - ids: Container ids given.
    ///   - all: Every built container.
    ///   - tag: The built containers with this tag.
    ///   - stack: A stack file, or a stack's name.
    ///   - fileExists: Whether a file is at a path; `nil` asks the file system.
    /// - Throws: ``BuildError`` (64): none or several of the three given, an id below 100, or `--tag` with a stack file.
    public static func selection(ids: [Int], all: Bool, tag: String?, stack: String?,
                                 fileExists: ((String) -> Bool)? = nil) throws(BuildError) -> Selection {
        for ctid in ids { try ContainerID.validate(ctid) }
        let chosen = [!ids.isEmpty, all, tag != nil || stack != nil].filter { $0 }.count
        if chosen != 1 { throw BuildError(exitCode: .usage, message: "name the containers: CTID..., --all, or --tag/--stack (one of these)") }
        let fileExists = fileExists ?? { FileManager.default.fileExists(atPath: $0) }
        guard let stack, fileExists(stack) else {
            return ContainerSelection(ids: ids, all: all, tag: tag, stackName: stack)
        }
        if let tag {
            throw BuildError(exitCode: .usage,
                             message: "--tag \(BuildError.quoted(tag)) with --stack \(BuildError.quoted(stack)): a stack file selects the containers "
                                 + "that carry its proved marker, and --tag does not narrow them; give one",
                             hint: "--tag narrows a stack's name as the notes carry it (--stack NAME), not a stack file.")
        }
        return ContainerSelection(stackFile: stack)
    }

    /// The node shell `lxc-build health` asks through: the one `text` names, else the detected one
    /// (``NodeShellChoice/chosen(_:setting:)``); `none` is refused, as the URL and the services are read from the node.
    /// - Parameter text: The `--node-shell` value, `nil` to detect.
    /// - Throws: ``BuildError`` (64) for a value that is not a node shell, or `none`.
    public static func nodeShell(_ text: String?) throws(BuildError) -> any NodeShell {
        guard let shell = try NodeShellChoice.chosen(text).makeShell() else {
            throw BuildError(exitCode: .usage, message: "health asks the app's URL and lists services from the node, and --node-shell is none",
                             hint: "Run lxc-build on the node, or give --node-shell ssh://root@NODE.")
        }
        return shell
    }
}
