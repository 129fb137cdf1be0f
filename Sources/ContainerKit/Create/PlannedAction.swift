public import ProxmoxAPI

/// One thing ``ContainerBuilder/execute(_:)`` does, in the order it does it: the API requests it sends (secrets
/// masked when printed), what it runs through the node shell, why, and the exit code a failure of it maps to.
///
/// ``CreatePlan/actions`` is the list the run carries out and nothing else; `plan`, `create --dry-run` and the
/// summary print the same list.
public struct PlannedAction: Sendable, Equatable, CustomStringConvertible {
    /// What the action does.
    public enum Kind: String, Sendable, Equatable, CaseIterable {
        /// `POST /nodes/{node}/aplinfo`, then waiting for the download task.
        case downloadTemplate = "download the template"
        /// `POST /nodes/{node}/lxc` with `start=1`, then waiting for the create task, which also starts the container.
        case createContainer = "create the container"
        /// `lxc.idmap` lines in the container's config and `root:ID:1` in the node's `/etc/subuid` and `/etc/subgid`,
        /// through the node shell, for the host ids `var_mounts` maps (`uid=`, `gid=`); before the first start.
        case mapIDs = "map host ids for the mount points"
        /// Waiting until it runs: the create task starts it (`start=1`), so this sends no write; the interface list
        /// (which also holds the first address) or the status shows it running. After ``mapIDs`` the create does not
        /// start it, and this sends `POST .../status/start` first.
        case startContainer = "start the container"
        /// Reads `.../interfaces` until eth0 has an address (build.func's back-off).
        case waitForAddress = "wait for an address"
        /// `chpasswd` inside the container through the node shell, the password on stdin (the pvesh route).
        case setPasswordInside = "set the root password inside"
        /// Raw device lines and GPU group ids, with a stop and a start.
        case configureDevices = "configure devices"
        /// A network check inside the container.
        case checkNetwork = "check the network inside"
        /// Locale, time zone and base packages inside the container.
        case bootstrap = "prepare the container"
        /// SSH keys for root and root login.
        case installSSHKeys = "install SSH keys"
        /// The app's install script inside the container.
        case runInstallScript = "run the install script"
        /// `var_post_install` on the node.
        case postInstallHook = "run the post-install hook"
        /// `PUT .../config` with the notes and the learned address (DHCP).
        case writeNotes = "write the notes"
        /// `PUT .../firewall/options`, then `POST .../firewall/rules` for each rule (``ContainerSpec/firewall``).
        case configureFirewall = "configure the firewall"
        /// `POST /cluster/ha/resources` (and, PVE 9, the rule's `PUT /cluster/ha/rules/{rule}`) (``ContainerSpec/ha``).
        case addToHA = "add to HA"
    }

    /// What the action does.
    public let kind: Kind
    /// The progress step it reports under.
    public let step: BuildStep
    /// Why the plan includes it (the decision or the setting behind it).
    public let reason: String
    /// The API writes it sends, in order, as the run sends them; values only known when it runs are written
    /// `<like this>` (the address in the notes, ``CreatePlan/learnedAddress``; the GPU group ids of the devices).
    public let requests: [APIRequest]
    /// What it runs through the node shell (descriptions, never secrets).
    public let nodeShell: [String]
    /// The commands it hands to the node shell, as the run hands them, for the steps whose commands are known
    /// before the container exists (the password inside); the provisioning scripts are described in ``nodeShell``.
    public let commands: [PlannedNodeCommand]
    /// Names of the environment variables it passes (the install script's contract); values are not shown.
    public let environmentNames: [String]
    /// The exit code a failure of this action maps to (a lost or refused connection keeps 7/28/69 at every step).
    public let exitCode: BuildExitCode

    /// An action.
    public init(
        _ kind: Kind, step: BuildStep, reason: String, requests: [APIRequest] = [], nodeShell: [String] = [],
        commands: [PlannedNodeCommand] = [], environmentNames: [String] = [], exitCode: BuildExitCode
    ) {
        self.kind = kind
        self.step = step
        self.reason = reason
        self.requests = requests
        self.nodeShell = nodeShell
        self.commands = commands
        self.environmentNames = environmentNames
        self.exitCode = exitCode
    }

    /// `create the container (exit 209 on failure): <reason>`.
    public var description: String { "\(kind.rawValue) (exit \(exitCode) on failure): \(reason)" }
}

/// A command a plan's action hands to the node shell: its argument vector as run, and its standard input described
/// (a secret is named, never shown).
public struct PlannedNodeCommand: Sendable, Equatable, CustomStringConvertible {
    /// Program and arguments, as the node shell gets them (`lxc-attach -n 101 --clear-env -- chpasswd`).
    public let arguments: [String]
    /// What goes to its standard input, secrets named (`root:<var_pw>, then a newline`); empty for none.
    public let input: String
    /// Longest run.
    public let timeout: Duration?

    /// A command.
    public init(_ arguments: [String], input: String = "", timeout: Duration? = nil) {
        self.arguments = arguments
        self.input = input
        self.timeout = timeout
    }

    /// The arguments, and the input when there is one.
    public var description: String {
        arguments.joined(separator: " ") + (input.isEmpty ? "" : " < \(input)")
    }
}
