import ArgumentParser
import ConfigResolution
import ContainerKit
import Foundation
import HostProbe

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
        setup(environment: environment).connection
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


    /// The run's setup from the flags: the words ContainerKit's ``CreateSetup`` prepares a build from.
    func setup(environment: [String: String]) -> CreateSetup {
        var setup = CreateSetup(app: app, environment: environment)
        setup.catalog = catalog
        setup.modeFlag = config.mode
        setup.settings = config.settings
        setup.flagSettings = optionAssignments.map { CreateSetup.FlagSetting($0.assignment, flag: $0.option) }
        setup.unset = config.unset
        setup.node = node
        setup.endpoint = endpoint
        setup.overrides.ipv6Address = ipv6Address
        setup.overrides.ipv6Gateway = ipv6Gateway
        setup.overrides.gpuChoice = gpuChoice.flatMap(GPUChoice.init(parsing:))
        setup.overrides.usbSerial = usbSerial
        setup.overrides.coral = coral
        setup.overrides.ipTimeout = .seconds(ipTimeout)
        setup.overrides.keepOnFailure = keepOnFailure
        setup.overrides.runInstallScript = !noInstall
        provisioning.apply(to: &setup.overrides)
        return setup
    }

    /// Settings, spec and builder for this run (``CreateSetup/prepare(interview:fetchedFolder:events:)``); with a
    /// `session`, the menus and the wizard decide the mode and add their answers to the command-line settings. The
    /// builder lists the containers it creates in `unfinished`.
    func prepare(environment: [String: String], interactive: Bool = false, session: InteractiveSession? = nil,
                 unfinished: UnfinishedContainers? = nil, events: @escaping BuildEventHandler) async throws
        -> (ResolvedConfiguration, ContainerSpec, ContainerBuilder)
    {
        var setup = setup(environment: environment)
        setup.overrides.interactive = interactive
        setup.shell = try provisioning.shell()
        let interview = session.map { session in
            { @Sendable (interview: CreateSetup.Interview, given: CreateSetup.Answers) async throws -> CreateSetup.Answers in
                var session = session
                session.loadContext = { base in await WizardContext.load(client: interview.client, node: interview.node, base: base) }
                let choice = try await session.decide(app: interview.app, explicitMode: interview.explicitMode, loader: interview.loader,
                                                      commandLine: given.settings.assignments, unset: given.settings.unset)
                var answers = CreateSetup.Answers(mode: choice.mode, settings: CommandLineSettings(assignments: choice.commandLine, unset: choice.unset))
                answers.ipv6Address = choice.wizard?.ipv6Address
                answers.ipv6Gateway = choice.wizard?.ipv6Gateway
                answers.sshKeys = choice.wizard?.sshKeys ?? []
                return answers
            }
        }
        let prepared = try await setup.prepare(interview: interview, fetchedFolder: { TemporaryFolders.shared.add($0) }, events: events)
        var options = prepared.options
        if interactive { options.chooser = TerminalChooser() }
        options.unfinished = unfinished
        return (prepared.configuration, prepared.spec, ContainerBuilder(client: prepared.client, options: options, events: events))
    }
}
