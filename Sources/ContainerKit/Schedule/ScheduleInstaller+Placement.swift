import Foundation

extension ScheduleInstaller {
    /// The installer `lxc-build schedule` uses: the node reached through `nodeShell` (`local`, `ssh://…`; without one,
    /// this machine when it is a Proxmox VE node), running the lxc-build at `executable`, else
    /// ``ScheduleLocations/defaultExecutable(for:running:)``.
    /// - Parameters:
    ///   - nodeShell: The `--node-shell` text, or `nil` to detect this machine.
    ///   - executable: The installed lxc-build the timer runs (`--executable`, an absolute path), or `nil`.
    ///   - running: The path of the program that writes the schedule (``ScheduleLocations/runningExecutable``).
    /// - Throws: ``BuildError`` (64) naming `--node-shell` when it cannot be parsed or is `none` (no node to write on),
    ///   or `--executable` when it is not an absolute path.
    public init(nodeShell: String?, executable: String?, running: String? = ScheduleLocations.runningExecutable) throws(BuildError) {
        let choice: NodeShellChoice
        do { choice = try nodeShell.map { text throws(NodeShellError) in try NodeShellChoice(parsing: text) } ?? .detected() } catch {
            throw BuildError(exitCode: BuildExitCode.usage, message: "--node-shell: \(error.message)")
        }
        guard let shell = choice.makeShell() else {
            throw BuildError(exitCode: BuildExitCode.usage,
                             message: "a schedule is written on the node and --node-shell is none (this machine is not a Proxmox VE node)",
                             hint: "Run lxc-build on the node, or give --node-shell ssh://root@NODE.")
        }
        if let executable { try ScheduleLocations.checkExecutable(executable) }
        let path = executable ?? ScheduleLocations.defaultExecutable(for: choice, running: running)
        self.init(shell: shell, locations: ScheduleLocations(executable: path))
    }
}

extension ScheduleLocations {
    /// The lxc-build the timer runs when none is given: this program itself when the schedule is written on this
    /// machine (`choice` is `local`) and its path is known, else `/usr/bin/lxc-build`, where the .deb installs it.
    /// - Parameters:
    ///   - choice: How the node is reached.
    ///   - running: The path of the running program, or `nil` when unknown.
    /// - Returns: An absolute path.
    public static func defaultExecutable(for choice: NodeShellChoice, running: String?) -> String {
        if choice == .local, let running { return running }
        return "/usr/bin/lxc-build"
    }

    /// The running program's path (`/proc/self/exe` resolved), or `nil` where `/proc` does not say.
    public static var runningExecutable: String? {
        let own = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().path
        return own == "/proc/self/exe" ? nil : own
    }

    /// Refuses an executable that is not an absolute path (the timer runs it with no working folder of its own).
    /// - Parameter path: The `--executable` value.
    /// - Throws: ``BuildError`` (64) naming `--executable` and the value.
    public static func checkExecutable(_ path: String) throws(BuildError) {
        guard path.hasPrefix("/") else {
            throw BuildError(exitCode: BuildExitCode.usage, message: "--executable \(BuildError.quoted(path)) is not an absolute path")
        }
    }
}

extension ScheduledJob {
    /// A job named `name`, or after its command (`update`, `health`) when `name` is `nil`.
    /// - Parameters:
    ///   - command: The command run.
    ///   - arguments: The command's arguments as given.
    ///   - calendar: When it runs: a systemd calendar expression.
    ///   - name: The schedule's name; `nil` names it after `command`.
    ///   - notifyURL: Where each run's JSON document is POSTed, if anywhere.
    public init(command: Command, arguments: [String], calendar: String, name: String?, notifyURL: String? = nil) {
        self.init(name: name ?? command.rawValue, command: command, arguments: arguments, calendar: calendar, notifyURL: notifyURL)
    }
}
