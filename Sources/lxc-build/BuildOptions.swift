import ArgumentParser
import ConfigResolution
import ContainerKit
import Foundation
import Logging

/// Options shared by `create` and `plan`.
struct BuildOptions: ParsableArguments {
    @Argument(help: "A base OS (debian, ubuntu, alpine, ...) or an app of the catalog.")
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
    @Option(help: "Storage for the root disk (content rootdir).") var storage: String?
    @Option(name: .customLong("template-storage"), help: "Storage for templates (content vztmpl).") var templateStorage: String?
    @Option(help: "Bridge.") var bridge: String?
    @Option(help: "IPv4: dhcp or ADDRESS/PREFIX.") var ip: String?
    @Option(help: "IPv4 gateway.") var gateway: String?
    @Option(name: .customLong("ipv6-address"), help: "IPv6 address with prefix (with var_ipv6_method=static).") var ipv6Address: String?
    @Option(name: .customLong("ipv6-gateway"), help: "IPv6 gateway (with var_ipv6_method=static).") var ipv6Gateway: String?
    @Option(help: "VLAN tag.") var vlan: Int?
    @Option(help: "MTU.") var mtu: Int?

    @Option(help: "Node: a name, or auto for the online node with the most free memory. [environment: PROXMOX_VE_NODE]")
    var node: String?
    @Option(help: "Proxmox VE address, https://HOST:8006. [environment: PROXMOX_VE_ENDPOINT]")
    var endpoint: String?
    @Option(help: "Folder of an app catalog in community-scripts' layout (ct/<app>.sh).")
    var catalog: String?
    @Option(name: .customLong("ip-timeout"), help: "Seconds to wait for the container's address; 0 skips the wait.")
    var ipTimeout: Int = 120
    @Flag(name: .customLong("keep-on-failure"), help: "Keep a half-built container for debugging instead of removing it.")
    var keepOnFailure = false
    @Flag(name: .customLong("no-install"), help: "Only create the container; run no install script.")
    var noInstall = false
    @Flag(name: [.customShort("y"), .customLong("yes")], help: "Ask nothing: decide by the documented rules.")
    var yes = false
    @Flag(help: "Print one JSON object at the end instead of text.")
    var json = false

    /// `--set` assignments for the common flags, after the explicit `--set` ones (flags win).
    var assignments: [String] {
        var list = config.settings
        func add(_ key: String, _ value: (any CustomStringConvertible)?) {
            if let value { list.append("\(key)=\(value)") }
        }
        add("var_hostname", hostname)
        add("var_ctid", ctid)
        add("var_cpu", cpu)
        add("var_ram", ram)
        add("var_disk", disk)
        add("var_os", os)
        add("var_version", osVersion)
        add("var_container_storage", storage)
        add("var_template_storage", templateStorage)
        add("var_brg", bridge)
        add("var_net", ip)
        add("var_gateway", gateway)
        add("var_vlan", vlan)
        add("var_mtu", mtu)
        return list
    }

    func validate() throws {
        guard ipTimeout >= 0 else { throw ValidationError("--ip-timeout must be 0 or more seconds") }
    }

    /// Settings, spec and builder for this run.
    func prepare(environment: [String: String], events: @escaping BuildEventHandler) throws -> (ResolvedConfiguration, ContainerSpec, ContainerBuilder) {
        let definition = try AppCatalog(directory: catalog).definition(for: app)
        let loader = ConfigLoader(environment: environment)
        let mode = try config.installMode(environment: environment, fallback: .default)
        let configuration = try loader.resolve(mode: mode, app: try definition.profile(), commandLine: assignments)
        for warning in configuration.warnings { events(.warning(warning.description)) }
        for line in definition.skipped { events(.warning("\(app): not understood, ignored: \(line)")) }
        let spec = try ContainerSpec(configuration: configuration, ipv6Address: ipv6Address, ipv6Gateway: ipv6Gateway)

        var connection = ConnectionSettings(environment: environment)
        if let endpoint { connection.endpoint = endpoint }
        var logger = Logger(label: "lxc-build")
        logger.logLevel = .warning
        let client = try connection.makeClient(logger: logger)

        var options = ContainerBuilder.Options()
        switch node ?? environment["PROXMOX_VE_NODE"] {
        case "auto"?: options.node = .automatic
        case let name?: options.node = .named(name)
        case nil: options.node = nil
        }
        options.ipTimeout = .seconds(ipTimeout)
        options.keepOnFailure = keepOnFailure
        options.provisioning = try provisioning.options(configuration: configuration, app: definition, catalog: catalog, noInstall: noInstall)
        options.interactive = false
        return (configuration, spec, ContainerBuilder(client: client, options: options, events: events))
    }
}
