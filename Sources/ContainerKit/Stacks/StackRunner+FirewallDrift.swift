import ProxmoxAPI

/// What an existing container's firewall and HA resource differ in from the stack file, and the requests that change
/// them in place (``StackExisting/changes``); what no request can change goes to ``StackExisting/rebuild``.
struct InPlaceDrift: Sendable, Equatable {
    var drift: [StackDrift] = []
    var changes: [APIRequest] = []
    var unchangeable: [StackDrift] = []
}

extension StackRunner {
    /// The firewall and HA drift of each of `existing` (the stack's proved containers) whose member has `firewall:` or
    /// `ha:`, by name. Read only for those: `GET .../firewall/options` and `.../firewall/rules` of each container with
    /// `firewall:`; `GET /cluster/ha/resources` once when one has `ha:`, and `GET /cluster/ha/rules` once when one
    /// names a `rule`. A file without these keys costs no read.
    /// - Throws: ``BuildError`` when a read fails (the drift cannot be decided then).
    func firewallAndHADrift(_ stack: Stack, existing: [StackMarkedContainer]) async throws(BuildError) -> [String: InPlaceDrift] {
        let found = existing.compactMap { container -> (member: StackMember, container: StackMarkedContainer)? in
            guard let member = stack.members.first(where: { $0.name == container.name }),
                member.spec.firewall != nil || member.spec.ha != nil
            else { return nil }
            return (member, container)
        }
        guard !found.isEmpty else { return [:] }
        let withHA = found.filter { $0.member.spec.ha != nil }
        let resources = withHA.isEmpty ? [] : try await read("reading the cluster's HA resources") { () throws(ProxmoxError) in
            try await self.client.call(APIRequest(.get, "/cluster/ha/resources")).arrayValue ?? []
        }
        let rules = try await haRules(naming: withHA.compactMap { item in item.member.spec.ha?.rule.map { (item.container.name, $0) } })
        let firewalls = await bounded(found.filter { $0.member.spec.firewall != nil }.map(\.container)) { container in
            (container.name, await self.result { () throws(ProxmoxError) in try await self.readFirewall(container) })
        }
        var drifts: [String: InPlaceDrift] = [:]
        for (name, read) in firewalls {
            guard let wanted = found.first(where: { $0.container.name == name })?.member.spec.firewall,
                let container = found.first(where: { $0.container.name == name })?.container
            else { continue }
            switch read {
            case .success(let current):
                drifts[name, default: InPlaceDrift()].add(Self.firewallDrift(wanted, options: current.options, rules: current.rules,
                                                                             guest: Self.guestPath(container)))
            case .failure(let error):
                throw BuildError.api(error, during: "reading the firewall of container \(container.ctid) (\(name))")
            }
        }
        for (member, container) in withHA {
            guard let ha = member.spec.ha else { continue }
            drifts[container.name, default: InPlaceDrift()].add(Self.haDrift(ha, ctid: container.ctid, resources: resources, rules: rules))
        }
        return drifts
    }

    /// The cluster's HA rules (`GET /cluster/ha/rules`), read only when some of `named` (each container's name and the
    /// rule its member names) is there; none otherwise.
    /// - Throws: ``BuildError``: 64 naming each container and its rule when the cluster has no rules (PVE 8, which has HA
    ///   groups: the path is unknown there), as a create refuses a rule on PVE 8; the API's error for another failure.
    func haRules(naming named: [(container: String, rule: String)]) async throws(BuildError) -> [JSONValue] {
        guard !named.isEmpty else { return [] }
        do throws(ProxmoxError) {
            return try await client.call(APIRequest(.get, "/cluster/ha/rules")).arrayValue ?? []
        } catch where error.code == .notFound {
            let listed = named.map { "ha rule '\($0.rule)' of container \($0.container)" }.joined(separator: "; ")
            throw BuildError(exitCode: BuildExitCode.usage,
                             message: listed + ": this cluster has no HA rules (PVE 8, which has HA groups); accepted there: ha: {group: NAME}",
                             hint: "Name the container's HA group instead of a rule, or upgrade the cluster to PVE 9 (where groups became rules).")
        } catch {
            throw BuildError.api(error, during: "reading the cluster's HA rules")
        }
    }

    /// `/nodes/{node}/lxc/{ctid}` of `container`.
    static func guestPath(_ container: StackMarkedContainer) -> String {
        APIPath.make("nodes", container.node, "lxc", container.ctid)
    }

    /// The container's firewall options and rules as `GET` answers them (each with its digest).
    private func readFirewall(_ container: StackMarkedContainer) async throws(ProxmoxError) -> (options: JSONValue, rules: [JSONValue]) {
        let guest = Self.guestPath(container)
        let options = try await client.call(APIRequest(.get, guest + "/firewall/options"))
        let rules = try await client.call(APIRequest(.get, guest + "/firewall/rules")).arrayValue ?? []
        return (options, rules)
    }

    /// The firewall's drift: each option the file sets that the container has otherwise (`firewall OPTION`), fixed by
    /// one `PUT .../firewall/options` locked to the options' digest; the rules (`firewall rules`), compared in order by the
    /// keys a stack file's rule has, replaced when they differ: each rule the container has is deleted, last first, the
    /// first delete locked to the rules' digest as read (a list changed since is refused before any change), then the
    /// file's rules are added as a create adds them. Replacing the whole list is simpler and as correct as moving rules
    /// by position: PVE's rule create always inserts at the top, so keeping an unchanged prefix would need a move per rule.
    static func firewallDrift(_ wanted: ContainerFirewall, options: JSONValue, rules: [JSONValue], guest: String) -> InPlaceDrift {
        var result = InPlaceDrift()
        var changed = ContainerFirewall()
        for name in StackFile.firewallOptions.map(\.name) {
            guard let want = wanted.options[name] else { continue }
            let have = options[name]?.stringValue
            if have != want {
                result.drift.append(StackDrift(option: "firewall \(name)", wanted: want, actual: have ?? "(not set)"))
                changed.options[name] = want
            }
        }
        if let request = changed.optionsRequest(guest: guest, digest: options["digest"]?.stringValue) { result.changes.append(request) }
        let have = rules.sorted { ($0["pos"]?.intValue ?? 0) < ($1["pos"]?.intValue ?? 0) }
        let same = have.count == wanted.rules.count && zip(have, wanted.rules).allSatisfy { sameRule($1, $0) }
        guard !same else { return result }
        result.drift.append(StackDrift(option: "firewall rules", wanted: describe(wanted.rules.map(\.parameters)),
                                       actual: describe(have.map { rule in ruleText(rule) })))
        let digest = have.first?["digest"]?.stringValue
        for (index, rule) in have.enumerated().reversed() {
            let position = rule["pos"]?.intValue ?? index
            let first = index == have.count - 1
            result.changes.append(APIRequest(.delete, guest + "/firewall/rules/\(position)",
                                             parameters: first ? digest.map { [APIParameter("digest", .string($0))] } ?? [] : []))
        }
        result.changes += wanted.ruleRequests(guest: guest)
        return result
    }

    /// Whether the container's rule (as `GET` answers it) is the file's: the same value for each key a stack file's rule
    /// has (PVE writes a macro under its own spelling, and a protocol as given: both compared whatever their case).
    static func sameRule(_ wanted: ContainerFirewall.Rule, _ have: JSONValue) -> Bool {
        let actual = ruleText(have)
        return StackFile.firewallRuleKeys.allSatisfy { key in
            let (want, value) = (wanted.parameters[key], actual[key])
            return ["macro", "proto"].contains(key) ? want?.lowercased() == value?.lowercased() : want == value
        }
    }

    /// A rule as `GET` answers it, as text by a stack file's rule keys.
    static func ruleText(_ rule: JSONValue) -> [String: String] {
        var text: [String: String] = [:]
        for key in StackFile.firewallRuleKeys { if let value = rule[key]?.stringValue { text[key] = value } }
        return text
    }

    /// Rules for a drift message: `in ACCEPT proto=tcp dport=443; ...`, or `(none)`.
    static func describe(_ rules: [[String: String]]) -> String {
        guard !rules.isEmpty else { return "(none)" }
        return rules.map { rule in
            ([rule["type"] ?? "?", rule["action"] ?? "?"] + StackFile.firewallRuleKeys.dropFirst(2).compactMap { key in
                rule[key].map { "\(key)=\($0)" }
            }).joined(separator: " ")
        }.joined(separator: "; ")
    }

    /// The HA drift of container `ctid`: no resource (`ha resource`: one `POST /cluster/ha/resources`, as a create sends
    /// it), or values that differ (`ha state`, `ha max_restart`, ...: one `PUT /cluster/ha/resources/ct:ID` locked to the
    /// resource's digest), and with `rule`, not in its resources (`ha rule`: one `PUT /cluster/ha/rules/RULE` with its
    /// type, its resources as read and `ct:ID`, locked to its digest). A rule that does not exist is listed, not changed.
    static func haDrift(_ wanted: ContainerHA, ctid: Int, resources: [JSONValue], rules: [JSONValue]) -> InPlaceDrift {
        var result = InPlaceDrift()
        let sid = "ct:\(ctid)"
        if let current = resources.first(where: { $0["sid"]?.stringValue == sid }) {
            let changed = wanted.changedParameters(from: current)
            for parameter in changed {
                result.drift.append(StackDrift(option: "ha \(parameter.name)", wanted: parameter.value.wireText,
                                               actual: current[parameter.name]?.stringValue ?? "(not set)"))
            }
            if !changed.isEmpty {
                result.changes.append(APIRequest(.put, APIPath.make("cluster", "ha", "resources", sid),
                                                 parameters: changed + (current["digest"]?.stringValue.map { [APIParameter("digest", .string($0))] } ?? [])))
            }
        } else {
            result.drift.append(StackDrift(option: "ha resource", wanted: sid, actual: "(not an HA resource)"))
            result.changes.append(APIRequest(.post, "/cluster/ha/resources", parameters: wanted.resourceParameters(ctid: ctid)))
        }
        if let name = wanted.rule {
            if let rule = rules.first(where: { $0["rule"]?.stringValue == name }) {
                let members = (rule["resources"]?.stringValue ?? "").split(separator: ",").map(String.init).filter { !$0.isEmpty }
                if !members.contains(sid) {
                    result.drift.append(StackDrift(option: "ha rule", wanted: "\(name) with \(sid)", actual: "\(name) without it"))
                    var parameters = [APIParameter("type", .string(rule["type"]?.stringValue ?? "")),
                                      APIParameter("resources", .string((members + [sid]).joined(separator: ",")))]
                    if let digest = rule["digest"]?.stringValue { parameters.append(APIParameter("digest", .string(digest))) }
                    result.changes.append(APIRequest(.put, APIPath.make("cluster", "ha", "rules", name), parameters: parameters))
                }
            } else {
                result.unchangeable.append(StackDrift(option: "ha rule", wanted: name, actual: "(no such HA rule: create it first)"))
            }
        }
        return result
    }
}

extension InPlaceDrift {
    mutating func add(_ other: InPlaceDrift) {
        drift += other.drift + other.unchangeable
        changes += other.changes
        unchangeable += other.unchangeable
    }
}

extension StackExisting {
    /// `self` with the firewall and HA drift `other` added: its drift, its requests after the configuration's, and what
    /// no request changes.
    mutating func add(_ other: InPlaceDrift) {
        drift += other.drift
        changes += other.changes
        rebuild += other.unchangeable
    }
}
