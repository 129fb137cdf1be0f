public import ConfigResolution
public import HostProbe

/// Choices for one build that are not `var_*` settings: what a command line's other flags say.
///
/// Everything that is a setting (`--cpu`, `--gpu`, `--os-version`, `--ctid` ...) belongs in the resolved
/// configuration's command-line layer instead, so `config show` and the build see it alike.
public struct BuildOverrides: Sendable, Equatable {
    /// IPv6 address with prefix, used with `var_ipv6_method=static` (build.func asks for it in the wizard only).
    public var ipv6Address: String?
    /// IPv6 gateway, used with a static IPv6 address.
    public var ipv6Gateway: String?
    /// Which GPU to pass in when `var_gpu` is on and the node has several: a vendor or a PCI address.
    public var gpuChoice: GPUChoice?
    /// Pass the node's USB serial adapters in.
    public var usbSerial = false
    /// Pass the node's Coral TPUs in.
    public var coral = false
    /// The node to build on; `nil` lets the builder decide (see ``ContainerBuilder/Options/node``).
    public var node: ContainerBuilder.NodeChoice?
    /// The setting that named ``node``, for messages (``NodeRequest/setting``).
    public var nodeSetting = "--node"
    /// How long to wait for an address after start; zero skips the wait.
    public var ipTimeout: Duration = .seconds(120)
    /// Keep a half-built container for debugging.
    public var keepOnFailure = false
    /// Whether questions may be asked.
    public var interactive = false
    /// What happens when the install fails, unattended.
    public var onFailure: RecoveryPolicy = .remove
    /// build.func's all-devices USB block for privileged containers.
    public var usbPassthrough = false
    /// `false` runs no install script (`--no-install`); base OSes never run one.
    public var runInstallScript = true
    /// Further public keys for root (chosen in the wizard).
    public var sshKeys: [String] = []
    /// Folder for the combined log of a failed install on this machine (the CLI's log folder); `nil` keeps
    /// ``ProvisioningOptions/logDirectory``'s default.
    public var logDirectory: String?
    /// The connection's secrets (``ConnectionSettings/secrets``), which the logs mask along with the settings'
    /// (``ProvisioningOptions/redactor``): the resolved settings do not know them.
    public var connectionSecrets: [String] = []

    /// No overrides: build.func's defaults.
    public init() {}
}

/// What one build is made from: the resolved settings, the app and the ``BuildOverrides``.
///
/// The one place where the spec, the provisioning options and the builder options are derived, all from the
/// same resolved values: the create request, the install script's environment (`ENABLE_GPU`, `CTTYPE` ...)
/// and `config show` cannot disagree.
public struct BuildInput: Sendable {
    /// The resolved settings, derived values included (`DerivationRule` (ConfigResolution)).
    public var configuration: ResolvedConfiguration
    /// The app's definition; `nil` for a bare spec without a catalog entry (no install script).
    public var app: AppDefinition?
    /// The catalog folder with `install/` and `misc/`, if any.
    public var catalogDirectory: String?
    /// Choices that are not settings.
    public var overrides: BuildOverrides

    /// An input from resolved settings.
    public init(configuration: ResolvedConfiguration, app: AppDefinition?, catalogDirectory: String? = nil,
                overrides: BuildOverrides = BuildOverrides()) {
        self.configuration = configuration
        self.app = app
        self.catalogDirectory = catalogDirectory
        self.overrides = overrides
    }

    /// The spec the settings describe, with the overrides' devices, GPU choice and IPv6 address, and the app's
    /// `var_arm64` (checked when planning).
    /// - Throws: ``BuildError`` (208) for settings that cannot become a spec (an IP range);
    ///   ``BuildExitCode/retiredApp`` for an app whose install script the catalog lacks when one would run; 64 for an app
    ///   that asks for more than the built-in container with `var_app_escalation=refuse` (``ContainerSpec/checkAppEscalations()``).
    public func spec() throws(BuildError) -> ContainerSpec {
        try overrides.validate()
        try checkInstallable()
        var spec = try ContainerSpec(configuration: configuration, ipv6Address: overrides.ipv6Address,
                                     ipv6Gateway: overrides.ipv6Gateway)
        spec.appSupportsARM64 = app?.supportsARM64
        spec.gpuChoice = spec.gpu ? overrides.gpuChoice : nil
        spec.usbSerial = overrides.usbSerial
        spec.coral = overrides.coral
        try spec.checkAppEscalations()
        return spec
    }

    /// Refuses, before anything is asked of Proxmox VE, an app of the catalog without an install script when
    /// one would run: build.func would fail to fetch it after the container exists; the catalog's retired apps
    /// are such stubs.
    /// - Throws: ``BuildError`` (``BuildExitCode/retiredApp``).
    public func checkInstallable() throws(BuildError) {
        guard let app, !app.isBaseOS, overrides.runInstallScript, app.hasInstallScript == false else { return }
        let id = app.scriptPath.flatMap { $0.split(separator: "/").last.map { String($0.dropLast(3)) } } ?? app.name.lowercased()
        throw BuildError(exitCode: BuildExitCode.retiredApp,
                         message: "the app catalog has no install script for '\(app.name)' (install/\(id)-install.sh): it is retired or "
                             + "not an app; nothing was created",
                         hint: "Run it with --no-install for the bare container, or choose another app.")
    }

    /// Overrides the settings leave without effect, as warnings (an IPv6 address without the static method,
    /// a GPU choice with `var_gpu` off).
    public var ignoredOverrides: [String] {
        var ignored: [String] = []
        if overrides.ipv6Address != nil || overrides.ipv6Gateway != nil, configuration.text(.ipv6Method) != "static" {
            ignored.append("--ipv6-address and --ipv6-gateway are used only with var_ipv6_method=static; ignored")
        }
        if let choice = overrides.gpuChoice, configuration.isEnabled(.gpu) != true {
            ignored.append("GPU choice \(choice) is used only with var_gpu=yes (\(configuration[.gpu])); ignored")
        }
        return ignored
    }

    /// Provisioning as the settings and overrides describe it, through `shell` (`nil`: `--node-shell none`).
    public func provisioningOptions(shell: (any NodeShell)?) -> ProvisioningOptions {
        var options = ProvisioningOptions(configuration: configuration, shell: shell, app: app, catalogDirectory: catalogDirectory)
        options.onFailure = overrides.onFailure
        options.usbPassthrough = overrides.usbPassthrough
        if !overrides.runInstallScript { options.runInstallScript = false }
        options.sshKeys += overrides.sshKeys
        if let logDirectory = overrides.logDirectory { options.logDirectory = logDirectory }
        options.redactor = options.redactor.adding(overrides.connectionSecrets)
        return options
    }

    /// Builder options from the overrides, provisioning through `shell`. Side effects the caller owns (a
    /// ``Chooser``, the node's hardware probe) are left to the caller.
    public func builderOptions(shell: (any NodeShell)?) -> ContainerBuilder.Options {
        var options = ContainerBuilder.Options()
        options.node = overrides.node
        options.nodeSetting = overrides.nodeSetting
        options.ipTimeout = overrides.ipTimeout
        options.keepOnFailure = overrides.keepOnFailure
        options.interactive = overrides.interactive
        options.provisioning = provisioningOptions(shell: shell)
        return options
    }
}
