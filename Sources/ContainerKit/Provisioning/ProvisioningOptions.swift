/// What happens to a container whose install failed (the choices of build.func's recovery menu).
public enum RecoveryPolicy: String, Sendable, Equatable, CaseIterable {
    /// Stop and destroy it (the unattended default).
    case remove
    /// Leave it for debugging; the exit code is still the install's.
    case keep
    /// Destroy it and build again once with a new CTID and verbose output.
    case retryVerbose = "retry-verbose"
}

/// Everything provisioning needs beyond the ``ContainerSpec``: the node shell, the app's install script and
/// the settings of build.func's post-create phase (devices, network checks, bootstrap, SSH keys, install, hook).
public struct ProvisioningOptions: Sendable {
    /// How to reach the node; `nil` (`--node-shell none`) refuses every step that needs it, before creating.
    public var shell: (any NodeShell)?
    /// What to do when the install fails, unattended; interactive runs ask (60 s, then remove).
    public var onFailure: RecoveryPolicy = .remove
    /// The catalog folder (`install/<app>-install.sh`, `misc/install.func`); `nil` runs no install script.
    public var catalogDirectory: String?
    /// Run the app's install script (off for base OSes and `--no-install`).
    public var runInstallScript = true
    /// The app's display name (`APPLICATION`); `nil` uses the app id.
    public var applicationName: String?
    /// The app's own keys (`var_runner_token`…) with their resolved values, passed unchanged into the install
    /// script's environment (and nowhere else).
    public var appEnvironment: [String: String] = [:]
    /// `VERBOSE=yes` for the install script.
    public var verbose = false
    /// `var_ssh`: root may log in over SSH with a password.
    public var sshRoot = false
    /// Further public keys for root, besides the spec's key.
    public var sshKeys: [String] = []
    /// `var_http_proxy` and `var_http_no_proxy`.
    public var httpProxy: String?
    /// Hosts that bypass the proxy (`var_http_no_proxy`).
    public var noProxy: String?
    /// `var_apt_cacher` and `var_apt_cacher_ip` (`host:port` or a host, port 3142).
    public var aptCacher = false
    /// The APT cacher's address (`var_apt_cacher_ip`).
    public var aptCacherAddress: String?
    /// `var_inherit_host_ca`: copy the node's local CA certificates in.
    public var inheritHostCA = false
    /// Where the node keeps local CA certificates.
    public var hostCADirectory = "/usr/local/share/ca-certificates"
    /// `var_post_install`: a script on the node run after a successful install.
    public var postInstallHook: String?
    /// Whether the node has a Coral TPU (`/dev/apex_0`), which build.func binds in whenever it is there: decided by
    /// the plan from the node's probe; `nil` looks for it through the node shell when the devices are configured.
    public var coralOnNode: Bool?
    /// Where ``postInstallHook`` came from (`env`, `flag`, `app-file:<path>:<line>`), shown by the plan.
    public var postInstallHookSource: String?
    /// Folder for hook logs on the node.
    public var hookLogDirectory = "/var/log/community-scripts"
    /// build.func's all-devices USB block, which it adds to every privileged container and which removes device and
    /// capability confinement: here only when asked for.
    public var usbPassthrough = false
    /// Check connectivity and DNS inside, as build.func's network wait does.
    public var checkNetwork = true
    /// Locale, timezone, proxy, APT cacher, CA and base packages (build.func's bootstrap).
    public var bootstrap = true
    /// Folder for the combined log of a failed install (build.func: `/tmp`), on the machine running lxc-build. The
    /// CLI sets its private log folder (``BuildOverrides/logDirectory``).
    public var logDirectory = "/tmp"
    /// What the provisioning log, a failed install's combined log and its `.errinfo` mask: the settings' and the
    /// connection's secrets (``Redactor/init(configuration:connection:)``); the spec's root password is always added.
    public var redactor = Redactor()
    /// The session id (8 hex digits); `nil` makes one.
    public var sessionID: String?
    /// Longest run of the install script.
    public var installTimeout: Duration = .seconds(7200)

    /// Provisioning through `shell`; `nil` means `--node-shell none`.
    public init(shell: (any NodeShell)?) {
        self.shell = shell
    }
}
