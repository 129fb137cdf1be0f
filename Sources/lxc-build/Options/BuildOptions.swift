import ArgumentParser
import ConfigResolution
import ContainerKit
import Foundation
import HostProbe
import Logging

/// Options shared by `create` and `plan`.
struct BuildOptions: ParsableArguments {
    @Argument(help: "A base OS (debian, ubuntu, alpine, ...) or an app of the catalog.",
              completion: .custom { _, _, _ in AppCatalog.baseOSVersions.keys.sorted() })
    var app: String

    @OptionGroup var config: ConfigOptions
    @OptionGroup var provisioning: ProvisioningFlags

    @Option(help: "Host name.") var hostname: String?
    @Option(help: "Container ID (default: the cluster's next free one).") var ctid: Int?
    @Option(help: "CPU cores.") var cpu: Int?
    @Option(help: "Memory in MiB.") var ram: Int?
    @Option(help: "Root disk in GiB.") var disk: Int?
    @Option(help: "Template OS (debian, ubuntu, alpine, ...).") var os: String?
    @Option(name: .customLong("os-version"), help: "Template OS version (12, 13, 24.04, ...).") var osVersion: String?
    @Option(help: "Storage for the root disk (content rootdir).", completion: CompletionValues.containerStorages) var storage: String?
    @Option(name: .customLong("template-storage"), help: "Storage for templates (content vztmpl).", completion: CompletionValues.templateStorages) var templateStorage: String?
    @Option(help: "Bridge.") var bridge: String?
    @Option(help: "IPv4: dhcp or ADDRESS/PREFIX.") var ip: String?
    @Option(help: "IPv4 gateway.") var gateway: String?
    @Option(name: .customLong("ipv6-address"), help: "IPv6 address with prefix (with var_ipv6_method=static).") var ipv6Address: String?
    @Option(name: .customLong("ipv6-gateway"), help: "IPv6 gateway (with var_ipv6_method=static).") var ipv6Gateway: String?
    @Option(help: "VLAN tag.") var vlan: Int?
    @Option(name: .customLong("gpu"), help: "Pass a GPU in: intel, amd, nvidia or a PCI address (var_gpu=yes takes the only one).",
            completion: .list(["intel", "amd", "nvidia"]))
    var gpuChoice: String?
    @Flag(name: .customLong("usb-serial"), help: "Pass the node's USB serial adapters in (devN entries).") var usbSerial = false
    @Flag(help: "Pass the node's Coral TPUs in (devN entries).") var coral = false
    @Option(help: "MTU.") var mtu: Int?
    @Option(name: .customLong("mount"), help: ArgumentHelp(
        "A mount point (mpN), repeatable: STORAGE:SIZE_GB,mp=/path or HOST_PATH,mp=/path, with ro=1, backup=0|1, uid=N, gid=N (var_mounts).",
        valueName: "MOUNT")) var mounts: [String] = []
    @Flag(name: .customLong("refuse-app-escalation"),
          help: "Stop before anything is written when the app's script asks for a privileged container, a device or a feature (var_app_escalation=refuse).")
    var refuseAppEscalation = false

    @Option(help: "Node: a name, or auto for a node with the most uncommitted memory, spread over near-equal ones (Docs/stacks.md). [environment: PROXMOX_VE_NODE]",
            completion: CompletionValues.nodes)
    var node: String?
    @Option(help: "Proxmox VE address, https://HOST:8006. [environment: PROXMOX_VE_ENDPOINT]")
    var endpoint: String?
    @OptionGroup var catalogOption: CatalogOption
    var catalog: String? { catalogOption.catalog }
    @Option(name: .customLong("ip-timeout"), help: "Seconds to wait for the container's address; 0 skips the wait.")
    var ipTimeout: Int = 120
    @Flag(name: .customLong("keep-on-failure"), help: "Keep a half-built container for debugging instead of removing it.")
    var keepOnFailure = false
    @Flag(name: .customLong("no-install"), help: "Only create the container; run no install script.")
    var noInstall = false
    @OptionGroup var assumeYes: AssumeYesOption
    var yes: Bool { assumeYes.yes }
    @OptionGroup var jsonOption: JSONOption
    var json: Bool { jsonOption.json }
    @Flag(name: [.customShort("q"), .customLong("quiet")], help: "Print only warnings, errors and the result.")
    var quiet = false
    @Flag(name: .customLong("verbose"), help: "On a terminal too, keep a line for each step as it starts (the spinner shows it only while it runs; without a terminal or with NO_COLOR every start is a line).")
    var verbose = false

    /// How much progress to print.
    var verbosity: ProgressPrinter.Verbosity { quiet || json ? .quiet : verbose ? .verbose : .normal }

    /// Whether questions may be asked: only on a terminal, and not with --yes, --mode, mode=, PHS_SILENT=1 or
    /// var_unattended (build.func's rules).
    func isInteractive(environment: [String: String]) -> Bool {
        InstallMode.asksQuestions(answersOnly: yes || json, modeFlag: config.mode, environment: environment,
                                  standardInputIsTerminal: isatty(STDIN_FILENO) == 1)
    }

    /// Whether the menus may be shown: like ``isInteractive(environment:)``, except that `--mode advanced`
    /// (build.func's interactive mode) is attended and goes straight to the wizard.
    func showsMenus(environment: [String: String]) -> Bool {
        InstallMode.showsMenus(answersOnly: yes || json, modeFlag: config.mode, environment: environment,
                               standardInputIsTerminal: isatty(STDIN_FILENO) == 1)
    }

    /// How Proxmox VE is reached: `--endpoint`, else the environment's settings.
    func connection(environment: [String: String]) -> ConnectionSettings {
        ConnectionSettings(environment: environment, endpointFlag: endpoint)
    }

    /// `--set` assignments for the common flags, after the explicit `--set` ones (flags win).
    var assignments: [String] {
        config.settings + optionAssignments.map(\.assignment)
    }

    /// The common flags as `var_*` assignments, each with the option it stands for (`var_net=10.0.0.7/24`, `--ip`),
    /// so a value shows that option as its source.
    var optionAssignments: [(assignment: String, option: String)] {
        var list: [(assignment: String, option: String)] = []
        func add(_ key: String, _ option: String, _ value: (any CustomStringConvertible)?) {
            if let value { list.append(("\(key)=\(value)", option)) }
        }
        add("var_hostname", "--hostname", hostname)
        add("var_ctid", "--ctid", ctid)
        add("var_cpu", "--cpu", cpu)
        add("var_ram", "--ram", ram)
        add("var_disk", "--disk", disk)
        add("var_os", "--os", os)
        add("var_version", "--os-version", osVersion)
        add("var_container_storage", "--storage", storage)
        add("var_template_storage", "--template-storage", templateStorage)
        add("var_brg", "--bridge", bridge)
        add("var_net", "--ip", ip)
        add("var_gateway", "--gateway", gateway)
        add("var_vlan", "--vlan", vlan)
        add("var_mtu", "--mtu", mtu)
        if !mounts.isEmpty { add("var_mounts", "--mount", mounts.joined(separator: ";")) }
        // --gpu names which GPU; that one is passed in is the setting var_gpu (and ENABLE_GPU for the install).
        if gpuChoice != nil { add("var_gpu", "--gpu", "yes") }
        if refuseAppEscalation { add("var_app_escalation", "--refuse-app-escalation", "refuse") }
        return list
    }

    func validate() throws {
        try OptionChecks.check { () throws(BuildError) in try BuildOverrides.checkIPTimeout(ipTimeout) }
        // Checked here, before any request: these go into URL paths and property strings.
        try OptionChecks.node(node, allowAuto: true)
        try OptionChecks.check { () throws(BuildError) in
            try BuildOverrides.checkIPv6(address: ipv6Address, gateway: ipv6Gateway)
            if let gpuChoice { _ = try BuildOverrides.gpuChoice(parsing: gpuChoice) }
        }
    }


    /// The catalog folder to read: `--catalog DIR` as it is, a URL (or, for an app that is not a base OS, the
    /// default catalog) fetched into a temporary folder that goes when the process exits; `nil` for a base OS
    /// without `--catalog`.
    func catalogFolder(environment: [String: String], events: BuildEventHandler) async throws -> String? {
        return try await CatalogSource.folder(catalog: catalog, app: app, environment: environment) { events(.decided($0)) }
    }

    /// Settings, spec and builder for this run; with a `session`, the menus and the wizard decide the mode and
    /// add their answers to the command-line settings. The builder lists the containers it creates in `unfinished`.
    func prepare(environment: [String: String], interactive: Bool = false, session: InteractiveSession? = nil,
                 unfinished: UnfinishedContainers? = nil, events: @escaping BuildEventHandler) async throws
        -> (ResolvedConfiguration, ContainerSpec, ContainerBuilder)
    {
        let catalog = try await catalogFolder(environment: environment, events: events)
        let definition = try AppCatalog(directory: catalog).definitionSuggesting(for: app)
        var loader = ConfigLoader(environment: environment)
        loader.commandLineOptions = Dictionary(optionAssignments.map { ($0.assignment, $0.option) }) { $1 }
        var mode = try config.installMode(environment: environment, fallback: .default)
        var commandLine = assignments
        var unset = config.unset
        var wizard: WizardResult?
        let connection = connection(environment: environment)
        var logger = Logger(label: "lxc-build")
        logger.logLevel = .warning
        let client = try connection.makeClient(logger: logger)
        let nodeRequest = NodeRequest(flag: node, environment: environment)
        try nodeRequest.validate(allowAuto: true)
        if var session {
            let fromEnvironment = try InstallMode.fromEnvironment(environment)
            let explicit = config.mode != nil || fromEnvironment != nil ? mode : nil
            session.loadContext = { base in await WizardContext.load(client: client, node: nodeRequest.name, base: base) }
            let choice = try await session.decide(app: try definition.profile(), explicitMode: explicit, loader: loader,
                                            commandLine: commandLine, unset: unset)
            (mode, commandLine, unset, wizard) = (choice.mode, choice.commandLine, choice.unset, choice.wizard)
        }
        let configuration = try loader.resolve(mode: mode, app: try definition.profile(), commandLine: commandLine, unset: unset)
        events(.decided(loader.modeNote(mode: configuration.mode, app: configuration.app)))
        for warning in configuration.warnings { events(.warning(warning.description)) }
        for (key, _) in ConfigKey.secretAssignments(in: config.settings) { events(.warning(ConfigKey.processListWarning(for: key))) }
        for warning in CatalogSource.warnings(of: definition) { events(.warning(warning)) }
        var overrides = BuildOverrides(environment: environment, connection: connection)
        overrides.ipv6Address = wizard?.ipv6Address ?? ipv6Address
        overrides.ipv6Gateway = wizard?.ipv6Gateway ?? ipv6Gateway
        overrides.gpuChoice = gpuChoice.flatMap(GPUChoice.init(parsing:))
        overrides.usbSerial = usbSerial
        overrides.coral = coral
        overrides.node = nodeRequest.choice
        overrides.nodeSetting = nodeRequest.setting
        overrides.ipTimeout = .seconds(ipTimeout)
        overrides.keepOnFailure = keepOnFailure
        overrides.interactive = interactive
        overrides.runInstallScript = !noInstall
        overrides.sshKeys = wizard?.sshKeys ?? []
        provisioning.apply(to: &overrides)
        let input = BuildInput(configuration: configuration, app: definition, catalogDirectory: catalog, overrides: overrides)
        let spec = try input.spec()
        let shell = try provisioning.shell()
        for warning in input.warnings(shell: shell) { events(.warning(warning)) }
        var options = input.builderOptions(shell: shell, connection: connection)
        if interactive { options.chooser = TerminalChooser() }
        options.unfinished = unfinished
        return (configuration, spec, ContainerBuilder(client: client, options: options, events: events))
    }
}
