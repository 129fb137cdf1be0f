import ConfigResolution
import Foundation
import Yams

extension StackFile {
    /// The options `firewall:` accepts besides `rules`, each under PVE's name, with what each accepts (PVE 9.1's
    /// `PUT /nodes/{node}/lxc/{vmid}/firewall/options`).
    static let firewallOptions: [(name: String, accepted: [String])] = [
        ("enable", booleanWords), ("policy_in", policies), ("policy_out", policies), ("log_level_in", logLevels),
        ("log_level_out", logLevels), ("dhcp", booleanWords), ("ipfilter", booleanWords), ("macfilter", booleanWords),
        ("ndp", booleanWords), ("radv", booleanWords),
    ]
    /// The keys a rule accepts, as PVE's `POST .../firewall/rules` names them.
    static let firewallRuleKeys = ["type", "action", "proto", "dport", "sport", "source", "dest", "macro", "iface", "log", "enable", "comment"]
    /// The keys of a `type: group` rule: PVE takes no match of its own for it (the group's rules match).
    static let firewallGroupRuleKeys = ["type", "action", "iface", "enable", "comment"]
    static let policies = ["ACCEPT", "REJECT", "DROP"]
    static let logLevels = ["emerg", "alert", "crit", "err", "warning", "notice", "info", "debug", "nolog"]
    static let booleanWords = ["true", "false"]
    /// The protocols `dport` and `sport` go with (PVE refuses ports with any other).
    static let portProtocols = ["tcp", "udp", "dccp", "sctp"]

    /// `firewall: {enable: true, policy_in: DROP, rules: [...]}` as a ``ContainerFirewall``; `nil`, with a problem
    /// for each value PVE's 9.1 schema does not accept (naming the file, the line, the container, the key, the value
    /// and what is accepted), when it is not one.
    static func firewall(_ node: Node, path: String, context: String, line: Int, into problems: inout [StackFileProblem]) -> ContainerFirewall? {
        let before = problems.count
        func problem(_ at: Node?, _ text: String) {
            let where_ = at?.mark?.line ?? node.mark?.line ?? line
            problems.append(StackFileProblem(line: where_, error: BuildError(
                exitCode: BuildExitCode.usage, message: "stack file \(path) line \(where_): firewall \(context): \(text)",
                hint: "See Docs/stacks.md, firewall: the keys and values are those of PVE's firewall options and rules.")))
        }
        guard let mapping = node.mapping else {
            problem(node, "must be a mapping of " + (firewallOptions.map(\.name) + ["rules"]).joined(separator: ", "))
            return nil
        }
        var firewall = ContainerFirewall()
        for (key, value) in mapping {
            let name = key.string ?? "?"
            if name == "rules" { continue }
            guard let option = firewallOptions.first(where: { $0.name == name }) else {
                let names = firewallOptions.map(\.name) + ["rules"]
                problem(key, "unknown key '\(shown(name))'; accepted: \(names.joined(separator: ", "))" + Spelling.hint(for: name, among: names))
                continue
            }
            guard let text = value.scalar?.string else {
                problem(value, "\(name) must be a single value; accepted: \(option.accepted.joined(separator: ", "))")
                continue
            }
            if option.accepted == booleanWords {
                guard let flag = booleanValue(text) else {
                    problem(value, "\(name): '\(shown(text))' is not accepted; accepted: true or false (also yes/no, 1/0)")
                    continue
                }
                firewall.options[name] = flag
            } else if option.accepted.contains(text) {
                firewall.options[name] = text
            } else {
                problem(value, "\(name): '\(shown(text))' is not accepted; accepted: \(option.accepted.joined(separator: ", "))")
            }
        }
        if let rules = mapping["rules"] {
            if let list = rules.sequence {
                for (index, rule) in list.enumerated() {
                    if let parsed = firewallRule(rule, number: index + 1, problem: problem) { firewall.rules.append(parsed) }
                }
            } else {
                problem(rules, "rules must be a list of rules ({type: in, action: ACCEPT, proto: tcp, dport: 443})")
            }
        }
        return problems.count == before ? firewall : nil
    }

    /// One rule of `rules:`, checked against PVE 9.1's schema; `nil` after `problem` for each value it refuses.
    private static func firewallRule(_ node: Node, number: Int, problem: (Node?, String) -> Void) -> ContainerFirewall.Rule? {
        guard let mapping = node.mapping else {
            problem(node, "rule \(number) must be a mapping of \(firewallRuleKeys.joined(separator: ", "))")
            return nil
        }
        var failed = false
        func refuse(_ at: Node?, _ text: String) {
            failed = true
            problem(at, "rule \(number): \(text)")
        }
        var parameters: [String: String] = [:]
        var nodes: [String: Node] = [:]
        for (key, value) in mapping {
            let name = key.string ?? "?"
            guard firewallRuleKeys.contains(name) else {
                refuse(key, "unknown key '\(shown(name))'; accepted: \(firewallRuleKeys.joined(separator: ", "))"
                    + Spelling.hint(for: name, among: firewallRuleKeys))
                continue
            }
            guard let text = value.scalar?.string else {
                refuse(value, "\(name) must be a single value, not a list or mapping")
                continue
            }
            nodes[name] = value
            if let why = firewallRuleRefusal(name, text) {
                refuse(value, "\(name): '\(shown(text))' is not accepted; accepted: \(why)")
            } else {
                parameters[name] = name == "enable" ? (booleanValue(text) ?? text) : text
            }
        }
        guard !failed else { return nil }
        // PVE's API turns a rule without `enable` off; a rule in a stack file is meant to apply.
        if parameters["enable"] == nil { parameters["enable"] = "1" }
        guard let type = parameters["type"], let action = parameters["action"] else {
            refuse(node, "type and action must be given (type: in, out or group; action: ACCEPT, DROP, REJECT, or the group's name)")
            return nil
        }
        if type == "group" {
            if let extra = parameters.keys.sorted().first(where: { !firewallGroupRuleKeys.contains($0) }) {
                refuse(nodes[extra], "\(extra) is not accepted in a group rule; accepted: \(firewallGroupRuleKeys.joined(separator: ", "))")
            } else if action.wholeMatch(of: /[A-Za-z][A-Za-z0-9_-]{1,19}/) == nil {
                refuse(nodes["action"], "action: '\(shown(action))' is not a security group's name; accepted: 2-20 letters, digits, '-' "
                    + "or '_', starting with a letter")
            }
        } else if !policies.contains(action) {
            refuse(nodes["action"], "action: '\(shown(action))' is not accepted in an \(type) rule; accepted: \(policies.joined(separator: ", ")) "
                + "(a security group is a rule of type: group)")
        }
        for port in ["dport", "sport"] where parameters[port] != nil && parameters["macro"] == nil {
            guard let proto = parameters["proto"], portProtocols.contains(proto.lowercased()) else {
                refuse(nodes[port], "\(port) needs proto \(portProtocols.joined(separator: ", ")) (PVE refuses ports with any other protocol)")
                break
            }
        }
        return failed ? nil : ContainerFirewall.Rule(parameters: parameters)
    }

    /// Why PVE's 9.1 schema refuses `text` for the rule key `name`, as what it accepts; `nil` when it accepts it.
    static func firewallRuleRefusal(_ name: String, _ text: String) -> String? {
        switch name {
        case "type":
            return ["in", "out", "group"].contains(text) ? nil : "in, out, group"
        case "action":
            return text.wholeMatch(of: /[A-Za-z][A-Za-z0-9_-]{1,19}/) != nil ? nil : "ACCEPT, DROP, REJECT, or a security group's name"
        case "proto":
            if let number = Int(text) { return (0...255).contains(number) ? nil : "a protocol name (tcp, udp, icmp, ...) or number 0-255" }
            return text.wholeMatch(of: /[A-Za-z][A-Za-z0-9-]{0,31}/) != nil ? nil : "a protocol name (tcp, udp, icmp, ...) or number 0-255"
        case "dport", "sport":
            return isPortList(text) ? nil : "port numbers 1-65535 or ranges FROM:TO, separated by commas (443, 8000:8080, 80,443)"
        case "source", "dest":
            return isAddressList(text) ? nil
                : "IP addresses, CIDR networks or ranges (FIRST-LAST), separated by commas, an alias name, or +IPSET; at most 512 characters"
        case "macro":
            return text.wholeMatch(of: /[A-Za-z][A-Za-z0-9_-]{0,127}/) != nil ? nil : "a macro's name, such as HTTPS, SSH or DNS (`pvesh get /cluster/firewall/macros`)"
        case "iface":
            return text.wholeMatch(of: /net([0-9]|[12][0-9]|3[01])/) != nil ? nil : "net0 to net31"
        case "log":
            return logLevels.contains(text) ? nil : logLevels.joined(separator: ", ")
        case "enable":
            return booleanValue(text) != nil ? nil : "1 or 0 (true or false)"
        case "comment":
            return text.count <= 4096 && !text.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) ? nil
                : "one line of at most 4096 characters"
        default:
            return "nothing (not a rule key)"
        }
    }

    /// `1` or `0` for YAML's booleans (`true`, `yes`, `on`, `1` and their opposites), `nil` for anything else.
    static func booleanValue(_ text: String) -> String? {
        switch text.lowercased() {
        case "true", "yes", "on", "1": "1"
        case "false", "no", "off", "0": "0"
        default: nil
        }
    }

    /// PVE's `pve-fw-dport-spec` for numbers: ports 1-65535 and ranges `FROM:TO`, separated by commas.
    static func isPortList(_ text: String) -> Bool {
        let items = text.split(separator: ",", omittingEmptySubsequences: false)
        return !items.isEmpty && items.count <= 100 && items.allSatisfy { item in
            let bounds = item.split(separator: ":", omittingEmptySubsequences: false).map { Int($0) }
            guard (1...2).contains(bounds.count), bounds.allSatisfy({ $0.map { (1...65535).contains($0) } ?? false }) else { return false }
            return bounds.count == 1 || bounds[0]! <= bounds[1]!
        }
    }

    /// PVE's `pve-fw-addr-spec`: addresses, networks and ranges separated by commas, or one alias or `+ipset` name.
    static func isAddressList(_ text: String) -> Bool {
        guard !text.isEmpty, text.utf8.count <= 512 else { return false }
        if text.wholeMatch(of: /\+?((dc|guest)\/)?[A-Za-z][A-Za-z0-9_-]+/) != nil { return true }
        return text.split(separator: ",", omittingEmptySubsequences: false).allSatisfy { item in
            let ends = item.split(separator: "-", omittingEmptySubsequences: false)
            if ends.count == 2 { return isAddress(ends[0], prefix: false) && isAddress(ends[1], prefix: false) }
            return ends.count == 1 && isAddress(item, prefix: true)
        }
    }

    private static func isAddress(_ text: Substring, prefix: Bool) -> Bool {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard (1...(prefix ? 2 : 1)).contains(parts.count) else { return false }
        var buffer = [UInt8](repeating: 0, count: 16)
        let family = parts[0].contains(":") ? AF_INET6 : AF_INET
        guard inet_pton(family, String(parts[0]), &buffer) == 1 else { return false }
        guard parts.count == 2 else { return true }
        return Int(parts[1]).map { (0...(family == AF_INET6 ? 128 : 32)).contains($0) } ?? false
    }
}
