import ProxmoxAPI

extension ContainerFirewall {
    /// `PUT {guest}/firewall/options` setting the options (in ``StackFile/firewallOptions``' order), with `digest` when
    /// given; `nil` when there are none. `guest` is the container's path (`/nodes/pve1/lxc/100`).
    func optionsRequest(guest: String, digest: String? = nil) -> APIRequest? {
        guard !options.isEmpty else { return nil }
        var parameters = StackFile.firewallOptions.map(\.name).compactMap { name in options[name].map { APIParameter(name, .string($0)) } }
        if let digest { parameters.append(APIParameter("digest", .string(digest))) }
        return APIRequest(.put, guest + "/firewall/options", parameters: parameters)
    }

    /// One `POST {guest}/firewall/rules` per rule, last first: PVE puts each new rule at the top (its create has no
    /// position), so sent so they end in the file's order.
    func ruleRequests(guest: String) -> [APIRequest] {
        rules.reversed().map { rule in
            APIRequest(.post, guest + "/firewall/rules", parameters: StackFile.firewallRuleKeys.compactMap { name in
                rule.parameters[name].map { APIParameter(name, .string($0)) }
            })
        }
    }
}

extension ContainerHA {
    /// The values set, under the stack file's keys (the order of a stack file's `ha:` keys: state, max_restart, max_relocate, group, rule, comment), as text.
    public var stackFileFields: [(key: String, value: String)] {
        let pairs: [(String, String?)] = [("state", state), ("max_restart", maxRestart.map(String.init)),
                                          ("max_relocate", maxRelocate.map(String.init)), ("group", group), ("rule", rule), ("comment", comment)]
        return pairs.compactMap { pair in pair.1.map { (pair.0, $0) } }
    }

    /// The parameters of `POST /cluster/ha/resources` for container `ctid`: `sid` `ct:<id>` and the values set.
    func resourceParameters(ctid: Int) -> [APIParameter] {
        [APIParameter("sid", .string("ct:\(ctid)"))] + changedParameters(from: nil)
    }

    /// The values this resource sets (`state`, `max_restart`, `max_relocate`, `group`, `comment`) that `current` (a row
    /// of `GET /cluster/ha/resources`; `nil`: none) does not have, as parameters of PVE's names. A value `current`
    /// leaves out is PVE's default (`started`, 1, 1).
    func changedParameters(from current: JSONValue?) -> [APIParameter] {
        let wanted: [(name: String, value: ParameterValue?, default: String?)] = [
            ("state", state.map(ParameterValue.string), "started"), ("max_restart", maxRestart.map(ParameterValue.integer), "1"),
            ("max_relocate", maxRelocate.map(ParameterValue.integer), "1"), ("group", group.map(ParameterValue.string), nil),
            ("comment", comment.map(ParameterValue.string), nil),
        ]
        return wanted.compactMap { item in
            guard let value = item.value else { return nil }
            if let current, (current[item.name]?.stringValue ?? item.default) == value.wireText { return nil }
            return APIParameter(item.name, value)
        }
    }
}
