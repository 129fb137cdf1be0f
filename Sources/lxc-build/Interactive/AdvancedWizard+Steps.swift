import ConfigResolution
import ContainerKit

/// One wizard step: asks its questions with the title given (it carries the step counter).
typealias WizardStep = (inout WizardState, String) -> StepResult

/// The 31 steps of build.func's `advanced_settings`, in its order.
extension AdvancedWizard {
    /// Every step, in order.
    var steps: [WizardStep] {
        [
            containerType, password,
            containerID,
            { ask(.hostname, "\($1) · Hostname", "Hostname or FQDN (lower case letters, digits, '-', labels of 1-63 "
                + "characters separated by dots)", state: &$0) },
            { ask(.disk, "\($1) · Disk size", "Disk size in GB", state: &$0) },
            { ask(.cpu, "\($1) · CPU cores", "Number of CPU cores", state: &$0) },
            { ask(.ram, "\($1) · RAM", "Memory in MiB", state: &$0) },
            bridge, ipv4, ipv6,
            { ask(.mtu, "\($1) · MTU", "Interface MTU (blank means 1500)", state: &$0) },
            { ask(.searchDomain, "\($1) · DNS search domain", "DNS search domain (blank means the host's)", state: &$0) },
            { ask(.nameserver, "\($1) · DNS server", "DNS server IP (blank means the host's)", state: &$0) },
            { ask(.mac, "\($1) · MAC address", "MAC address (blank means generated)", state: &$0) },
            { ask(.vlan, "\($1) · VLAN", "VLAN tag (blank means none)", state: &$0) },
            { ask(.tags, "\($1) · Tags", "Tags separated by ';'", state: &$0,
                  transform: { $0.filter { !$0.isWhitespace } }) },
            ssh,
            { askSwitch(.fuse, "\($1) · FUSE", "Enable FUSE (rclone, mergerfs, AppImage...)?", state: &$0) },
            { askSwitch(.tun, "\($1) · TUN/TAP", "Enable TUN/TAP (VPNs such as WireGuard or Tailscale)?", state: &$0) },
            nesting,
            { askSwitch(.gpu, "\($1) · GPU passthrough", "Pass a GPU through to the container?", state: &$0) },
            { state, title in
                guard !state.isOn(.unprivileged) else { return .skip }
                // Still derived: offer what the rule gives a privileged container (off), not the value it gave before.
                if state.derived.contains(.keyctl) { state.values[.keyctl] = DerivationRule.keyctl(unprivileged: false) }
                return askSwitch(.keyctl, "\(title) · Keyctl", "Enable keyctl (Docker in a privileged container)?", state: &state)
            },
            aptCacher, proxy,
            { state, title in
                context.hostCACount == 0 ? .skip
                    : askSwitch(.inheritHostCA, "\(title) · Host CA certificates",
                                "Copy the host's \(context.hostCACount) CA certificate(s) into the container?", state: &state)
            },
            { ask(.timezone, "\($1) · Timezone", "Time zone such as Europe/Berlin, or host", state: &$0,
                  defaultValue: $0[.timezone].isEmpty ? "host" : $0[.timezone]) },
            { askSwitch(.protection, "\($1) · Protection", "Protect the container from removal?", state: &$0) },
            { askSwitch(.mknod, "\($1) · Mknod", "Allow mknod (experimental, kernel 5.3+)?", state: &$0) },
            { ask(.mountFS, "\($1) · Mount file systems", "File systems the container may mount, e.g. nfs,cifs "
                + "(blank: none)", state: &$0, transform: { $0.filter { !$0.isWhitespace } }) },
            { ask(.postInstall, "\($1) · Post-install hook", "Absolute path of a script run as root on the HOST after "
                + "provisioning (blank: none)", state: &$0) },
            { askSwitch(.verbose, "\($1) · Verbose", "Show every command's output while building?", state: &$0) },
        ]
    }

    private func containerType(_ state: inout WizardState, _ title: String) -> StepResult {
        let items = [MenuItem(tag: "1", label: "Unprivileged (recommended)"), MenuItem(tag: "0", label: "Privileged")]
        guard let tag = prompter.menu("\(title) · Container type", "Choose the container type",
                                      items: items, defaultTag: state.isOn(.unprivileged) ? "1" : "0", radio: true).text
        else { return .back }
        state[.unprivileged] = tag
        return .next
    }

    /// Step 3: an id already in use is refused with the offer of the next free one (build.func: "use next
    /// available?"); No asks again.
    private func containerID(_ state: inout WizardState, _ title: String) -> StepResult {
        while true {
            let result = ask(.ctid, "\(title) · Container ID", "Container ID (blank: the cluster's next free ID)", state: &state)
            guard result == .next, let wanted = Int(state[.ctid]), context.usedIDs?.contains(wanted) == true else { return result }
            let next = context.nextFreeID()
            if prompter.yesNo("\(title) · Container ID in use", "Container ID \(wanted) is already in use in the cluster.\n"
                + "Use the next free ID, \(next)?", defaultYes: true).text == "yes" {
                state[.ctid] = String(next)
                return .next
            }
        }
    }

    private func password(_ state: inout WizardState, _ title: String) -> StepResult {
        while true {
            let first = ask(.password, "\(title) · Root password", "Root password (blank: automatic login on the "
                + "console; at least 5 characters, no spaces)", state: &state, secret: true)
            guard first == .next else { return first }
            if state[.password].isEmpty { return .next }
            guard let again = prompter.input("\(title) · Root password", "Verify the root password",
                                             defaultValue: "", secret: true).text else { continue }
            if again == state[.password] { return .next }
            prompter.show("Passwords do not match", "The two entries differ; enter the password again.")
        }
    }

    private func bridge(_ state: inout WizardState, _ title: String) -> StepResult {
        guard !context.bridges.isEmpty else {
            return ask(.bridge, "\(title) · Network bridge", "Bridge name (e.g. vmbr0)", state: &state)
        }
        let items = context.bridges.map { bridge in
            MenuItem(tag: bridge.isVNet ? "sdn:" + bridge.name : bridge.name,
                     label: bridge.comment ?? (bridge.isVNet ? "SDN VNet" : "bridge"))
        }
        let current = state[.sdnVnet].isEmpty ? state[.bridge] : "sdn:" + state[.sdnVnet]
        guard let tag = prompter.menu("\(title) · Network bridge", "Choose the bridge", items: items,
                                      defaultTag: current).text else { return .back }
        if tag.hasPrefix("sdn:") {
            state[.sdnVnet] = String(tag.dropFirst(4))
        } else {
            state[.bridge] = tag
            state[.sdnVnet] = ""
        }
        return .next
    }

    private func ipv4(_ state: inout WizardState, _ title: String) -> StepResult {
        let net = state[.net]
        let current = net == "dhcp" || net.isEmpty ? "dhcp" : net.contains("-") ? "range" : "static"
        var choice = current
        while true {
            let items = [MenuItem(tag: "dhcp", label: "Automatic (DHCP)"), MenuItem(tag: "static", label: "Static address"),
                         MenuItem(tag: "range", label: "First free address of a range (ping scan)")]
            guard let tag = prompter.menu("\(title) · IPv4", "How does the container get its IPv4 address?",
                                          items: items, defaultTag: choice).text else { return .back }
            choice = tag
            if tag == "dhcp" {
                state[.net] = "dhcp"
                state[.gateway] = ""
                return .next
            }
            let example = tag == "range" ? "10.0.0.20/24-10.0.0.30/24" : "10.0.0.5/24"
            let prefill = tag == current ? net : ""
            guard ask(.net, "\(title) · IPv4", "Address with prefix, e.g. \(example)", state: &state,
                      defaultValue: prefill) == .next else { continue }
            if ask(.gateway, "\(title) · IPv4 gateway", "Gateway (inside the subnet)", state: &state) == .next { return .next }
        }
    }

    private func ipv6(_ state: inout WizardState, _ title: String) -> StepResult {
        let items = [MenuItem(tag: "auto", label: "SLAAC (automatic)"), MenuItem(tag: "dhcp", label: "DHCPv6"),
                     MenuItem(tag: "static", label: "Static address"), MenuItem(tag: "none", label: "None"),
                     MenuItem(tag: "disable", label: "Disable IPv6 (breaks some services)")]
        while true {
            guard let tag = prompter.menu("\(title) · IPv6", "IPv6 configuration", items: items,
                                          defaultTag: state[.ipv6Method].isEmpty ? "auto" : state[.ipv6Method]).text
            else { return .back }
            state[.ipv6Method] = tag
            guard tag == "static" else { return .next }
            guard let address = askIPv6("\(title) · IPv6 address", "IPv6 address with prefix, e.g. 2001:db8::5/64",
                                        state.ipv6Address, optional: false) else { continue }
            state.ipv6Address = address
            guard let gateway = askIPv6("\(title) · IPv6 gateway", "IPv6 gateway (blank: none)", state.ipv6Gateway,
                                        optional: true) else { continue }
            state.ipv6Gateway = gateway
            return .next
        }
    }

    /// An IPv6 address, with a prefix, or (`optional`) a gateway without one, by the rule `--ipv6-address` and
    /// `--ipv6-gateway` follow (``BuildOverrides/checkIPv6(address:gateway:)``); `nil` on Back.
    private func askIPv6(_ title: String, _ text: String, _ current: String, optional: Bool) -> String? {
        var value = current
        while true {
            guard let answer = prompter.input(title, text, defaultValue: value).text else { return nil }
            if answer.isEmpty && optional { return "" }
            do throws(BuildError) {
                try BuildOverrides.checkIPv6(address: optional ? nil : answer, gateway: optional ? answer : nil)
                return answer
            } catch {
                prompter.show("Invalid value", answer.isEmpty ? "An address is required."
                    : optional ? "Not an IPv6 address without a prefix (fd00::1)." : "Not an IPv6 address with a prefix (fd00::5/64).")
            }
            value = answer
        }
    }
}
