public import ConfigResolution
import Logging
public import ProxmoxAPI

/// Everything one `create` (or `plan`) needs, made from what a command line gives: the app read from its catalog, the
/// settings resolved with their layers, the node asked for, the spec and the builder's options. The one composition
/// `lxc-build create` and `lxc-build plan` use; a Swift tool gets the same run from the same words.
///
/// ```swift
/// var setup = CreateSetup(app: "debian", environment: ProcessInfo.processInfo.environment)
/// setup.settings = ["var_cpu=2"]
/// let prepared = try await setup.prepare { event in print(event) }
/// let builder = ContainerBuilder(client: prepared.client, options: prepared.options) { print($0) }
/// let plan = try await builder.plan(prepared.spec)
/// ```
public struct CreateSetup: Sendable {
    /// One assignment a command-line flag stands for (`var_cpu=2` for `--cpu 2`), so a value names that flag as its source.
    public struct FlagSetting: Sendable, Hashable {
        /// The `var_*` assignment.
        public var assignment: String
        /// The flag as typed (`--cpu`).
        public var flag: String

        /// The assignment `flag` stands for.
        public init(_ assignment: String, flag: String) {
            self.assignment = assignment
            self.flag = flag
        }
    }

    /// What the questions before a build (build.func's menus and advanced wizard) may change: the install mode, the
    /// settings, and what is not a setting.
    public struct Answers: Sendable {
        /// The install mode the settings are resolved with.
        public var mode: InstallMode
        /// The command line's settings, the answers after the given ones.
        public var settings: CommandLineSettings
        /// A static IPv6 address chosen, `nil` to keep the given one.
        public var ipv6Address: String?
        /// A static IPv6 gateway chosen, `nil` to keep the given one.
        public var ipv6Gateway: String?
        /// Public keys for root chosen from the host's keys.
        public var sshKeys: [String] = []

        /// Answers that change nothing: `mode` and `settings` as given.
        public init(mode: InstallMode, settings: CommandLineSettings) {
            self.mode = mode
            self.settings = settings
        }
    }

    /// What the questions are asked with.
    public struct Interview: Sendable {
        /// The app's declared defaults.
        public var app: AppProfile
        /// The mode given by `--mode` or the environment, `nil` when none was (the main menu asks).
        public var explicitMode: InstallMode?
        /// The loader the settings will be resolved with (its files: the defaults the menus show and edit).
        public var loader: ConfigLoader
        /// The connection (for the node's bridges and the ids in use).
        public var client: ProxmoxClient
        /// The node asked for, `nil` when none was.
        public var node: String?
    }

    /// A prepared run: the settings, the spec and what the builder is made with.
    public struct Prepared: Sendable {
        /// The settings as resolved, with where each came from (what `config show` prints).
        public var configuration: ResolvedConfiguration
        /// The app as its catalog defines it.
        public var definition: AppDefinition
        /// The build's input: settings, app and what is not a setting.
        public var input: BuildInput
        /// What will be built.
        public var spec: ContainerSpec
        /// The builder's options (the node shell, the provisioning, the host's hardware on the node).
        public var options: ContainerBuilder.Options
        /// The connection.
        public var client: ProxmoxClient
    }

    /// The app: a catalog app (`ct/<app>.sh`) or a base OS (`debian`, `alpine`, ...).
    public var app: String
    /// The process environment: `var_*` settings, `PROXMOX_VE_*`, `LXC_BUILD_*`, `mode`.
    public var environment: [String: String]
    /// `--catalog`: a folder or an https:// URL; `nil` for `LXC_BUILD_CATALOG`, else community-scripts' repository.
    public var catalog: String?
    /// `--mode` as typed, `nil` when not given.
    public var modeFlag: String?
    /// `--set` assignments, in order.
    public var settings: [String] = []
    /// The assignments the flags stand for, after the `--set` ones (flags win).
    public var flagSettings: [FlagSetting] = []
    /// `--unset` names.
    public var unset: [String] = []
    /// `--node`: a name or `auto`; `nil` for `PROXMOX_VE_NODE`, else the builder's rule.
    public var node: String?
    /// `--endpoint`, over `PROXMOX_VE_ENDPOINT`.
    public var endpoint: String?
    /// What is not a setting, as the flags give it (GPU choice, IPv6, timeouts, recovery...); the node, the log folder
    /// and the connection's secrets are filled in by ``prepare(interview:fetchedFolder:events:)``.
    public var overrides = BuildOverrides()
    /// The node shell provisioning runs through; `nil` for none.
    public var shell: (any NodeShell)?

    /// A setup for `app` with nothing given but the environment.
    public init(app: String, environment: [String: String]) {
        self.app = app
        self.environment = environment
    }

    /// The connection the setup reaches Proxmox VE through: `endpoint` over the environment's.
    public var connection: ConnectionSettings { ConnectionSettings(environment: environment, endpointFlag: endpoint) }

    /// The settings as the command line gives them: `--set`, then the flags' assignments, and `--unset`.
    public var commandLineSettings: CommandLineSettings {
        CommandLineSettings(assignments: settings + flagSettings.map(\.assignment), unset: unset)
    }

    /// Reads the app from the catalog, checks the node asked for, asks `interview` (when given) and resolves the
    /// settings, then derives the spec and the builder's options from them. Tells what it decided and warns through
    /// `events`. Sends no request but the catalog's fetch.
    /// - Parameters:
    ///   - interview: The questions before a build, given what they are asked with and the answers so far (the given
    ///     mode and settings); `nil` asks nothing.
    ///   - fetchedFolder: Hears the temporary folder a fetched catalog was written to (the caller removes it).
    ///   - events: Hears the decisions and warnings.
    /// - Throws: ``BuildError`` for a catalog that cannot be read, an unknown app (with the nearest name), a node name
    ///   that cannot be one, a connection that cannot be made; `ConfigError` (ConfigResolution) for settings that do
    ///   not hold; what `interview` throws.
    public func prepare(
        interview: (@Sendable (Interview, Answers) async throws -> Answers)? = nil,
        fetchedFolder: @Sendable (String) -> Void = { _ in },
        events: @escaping BuildEventHandler
    ) async throws -> Prepared {
        let folder = try await CatalogSource(catalog: catalog, environment: environment)
            .path(for: app, fetched: fetchedFolder) { events(.decided($0)) }
        let definition = try AppCatalog(directory: folder).definitionSuggesting(for: app)
        var loader = ConfigLoader(environment: environment)
        loader.commandLineOptions = Dictionary(flagSettings.map { ($0.assignment, $0.flag) }) { $1 }
        let mode = try InstallMode.chosen(flag: modeFlag, environment: environment, fallback: .default)
        let connection = connection
        var logger = Logger(label: "lxc-build")
        logger.logLevel = .warning
        let client = try connection.makeClient(logger: logger)
        let nodeRequest = NodeRequest(flag: node, environment: environment)
        try nodeRequest.validate(allowAuto: true)
        var answers = Answers(mode: mode, settings: commandLineSettings)
        if let interview {
            let givenByEnvironment = try InstallMode.fromEnvironment(environment) != nil
            let explicit = modeFlag != nil || givenByEnvironment ? mode : nil
            answers = try await interview(
                Interview(app: try definition.profile(), explicitMode: explicit, loader: loader, client: client, node: nodeRequest.name), answers)
        }
        let configuration = try loader.resolve(mode: answers.mode, app: try definition.profile(), commandLine: answers.settings.assignments,
                                               unset: answers.settings.unset)
        events(.decided(loader.modeNote(mode: configuration.mode, app: configuration.app)))
        for warning in configuration.warnings { events(.warning(warning.description)) }
        for (key, _) in ConfigKey.secretAssignments(in: settings) { events(.warning(ConfigKey.processListWarning(for: key))) }
        for warning in CatalogSource.warnings(of: definition) { events(.warning(warning)) }
        var overrides = overrides
        let fromEnvironment = BuildOverrides(environment: environment, connection: connection)
        overrides.logDirectory = fromEnvironment.logDirectory
        overrides.connectionSecrets = fromEnvironment.connectionSecrets
        overrides.ipv6Address = answers.ipv6Address ?? overrides.ipv6Address
        overrides.ipv6Gateway = answers.ipv6Gateway ?? overrides.ipv6Gateway
        overrides.sshKeys = answers.sshKeys
        overrides.node = nodeRequest.choice
        overrides.nodeSetting = nodeRequest.setting
        let input = BuildInput(configuration: configuration, app: definition, catalogDirectory: folder, overrides: overrides)
        let spec = try input.spec()
        for warning in input.warnings(shell: shell) { events(.warning(warning)) }
        return Prepared(configuration: configuration, definition: definition, input: input, spec: spec,
                        options: input.builderOptions(shell: shell, connection: connection), client: client)
    }
}
