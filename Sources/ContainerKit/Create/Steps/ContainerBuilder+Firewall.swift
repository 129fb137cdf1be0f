import ProxmoxAPI

extension ContainerBuilder {
    /// Stands in the PVE 9 rule request for what the run reads from the rule just before it writes it: its resources
    /// (the container is added to them), its type (PVE asks for it with every change) and its digest (a change made
    /// meanwhile makes PVE refuse the write, and the run reads again).
    static let ruleResources = "<the rule's resources>"
    static let ruleType = "<the rule's type>"
    static let ruleDigest = "<the rule's digest>"

    /// The actions of the spec's firewall and HA resource (``ContainerSpec/firewall``, ``ContainerSpec/ha``): after
    /// the install, so that the rules cannot cut the install off the network.
    /// - Throws: ``BuildError`` (64) for an HA group on PVE 9 (groups became rules) or a rule on PVE 8.
    func firewallAndHAActions(for decided: PlanDecisions, guest: String) throws(BuildError) -> [PlannedAction] {
        var actions: [PlannedAction] = []
        if let firewall = decided.spec.firewall {
            let requests = [firewall.optionsRequest(guest: guest)].compactMap { $0 } + firewall.ruleRequests(guest: guest)
            actions.append(PlannedAction(
                .configureFirewall, step: .provision,
                reason: "firewall: \(firewall.options.isEmpty ? "PVE's default options" : "options") and \(firewall.rules.count) rule(s), sent last "
                    + "first so that they end in the file's order; net0 is created with firewall=1 so they apply",
                requests: requests, exitCode: BuildExitCode.general))
        }
        if let ha = decided.spec.ha {
            let major = Int(decided.pveVersion.prefix { $0.isNumber }) ?? 0
            if ha.group != nil, major >= 9 {
                throw BuildError(exitCode: BuildExitCode.usage,
                                 message: "ha group '\(ha.group!)' of container \(decided.spec.hostname): node \(decided.node) runs PVE \(decided.pveVersion), "
                                     + "where HA groups became rules; accepted there: ha: {rule: NAME}",
                                 hint: "Name the HA rule the group was migrated to (Datacenter > HA > Affinity Rules).")
            }
            if ha.rule != nil, major < 9 {
                throw BuildError(exitCode: BuildExitCode.usage,
                                 message: "ha rule '\(ha.rule!)' of container \(decided.spec.hostname): node \(decided.node) runs PVE \(decided.pveVersion), "
                                     + "which has HA groups, not rules; accepted there: ha: {group: NAME}")
            }
            let sid = "ct:\(decided.ctid)"
            var requests = [APIRequest(.post, "/cluster/ha/resources", parameters: ha.resourceParameters(ctid: decided.ctid))]
            if let rule = ha.rule {
                requests.append(APIRequest(.put, APIPath.make("cluster", "ha", "rules", rule), parameters: [
                    APIParameter("type", .string(Self.ruleType)), APIParameter("resources", .string(Self.ruleResources + "," + sid)),
                    APIParameter("digest", .string(Self.ruleDigest)),
                ]))
            }
            actions.append(PlannedAction(
                .addToHA, step: .provision,
                reason: "HA resource \(sid)" + (ha.group.map { " in group \($0)" } ?? "") + (ha.rule.map { ", added to rule \($0) (its resources, type and digest read just before)" } ?? ""),
                requests: requests, exitCode: BuildExitCode.general))
        }
        return actions
    }

    /// Sends the firewall action's requests, in order.
    func configureFirewall(_ action: PlannedAction, ctid: Int) async throws(BuildError) {
        events(.started(.provision))
        for request in action.requests {
            _ = try await api("configuring the firewall of container \(ctid) (\(request.method.rawValue) \(request.path))", exitCode: action.exitCode) {
                () throws(ProxmoxError) in try await client.call(request)
            }
        }
        events(.finished(.provision, "firewall: \(action.requests.count) request(s)"))
    }

    /// Sends the HA action's requests: the resource, then (PVE 9) the rule with the values read just before in place of
    /// ``ruleResources``, ``ruleType`` and ``ruleDigest``; a rule changed meanwhile is read again (at most 5 times).
    func addToHA(_ action: PlannedAction, ctid: Int) async throws(BuildError) {
        events(.started(.provision))
        for request in action.requests {
            let step = "adding container \(ctid) to HA (\(request.method.rawValue) \(request.path))"
            guard request.parameters.contains(where: { $0.value.description == Self.ruleDigest }) else {
                _ = try await api(step, exitCode: action.exitCode) { () throws(ProxmoxError) in try await client.call(request) }
                continue
            }
            for attempt in 1...5 {
                let rule = try await api(step, exitCode: action.exitCode) { () throws(ProxmoxError) in
                    try await client.call(APIRequest(.get, request.path))
                }
                let current = (rule["resources"]?.stringValue ?? "").split(separator: ",").map(String.init).filter { !$0.isEmpty }
                var filled = request
                filled.parameters = request.parameters.map { parameter in
                    let text = parameter.value.description
                        .replacingOccurrences(of: Self.ruleResources + ",", with: current.isEmpty ? "" : current.joined(separator: ",") + ",")
                        .replacingOccurrences(of: Self.ruleType, with: rule["type"]?.stringValue ?? "")
                        .replacingOccurrences(of: Self.ruleDigest, with: rule["digest"]?.stringValue ?? "")
                    return APIParameter(parameter.name, .string(text))
                }
                do throws(ProxmoxError) {
                    _ = try await client.call(filled)
                    break
                } catch where attempt < 5 && Self.isModifiedMeanwhile(error) {
                    continue  // another writer changed the rule between the read and the write
                } catch {
                    throw BuildError.api(error, during: step, exitCode: action.exitCode)
                }
            }
        }
        events(.finished(.provision, "HA resource ct:\(ctid)"))
    }

    /// PVE's answer to a write whose digest is no longer the configuration's: "detected modified configuration - file
    /// changed by other user? Try again."
    static func isModifiedMeanwhile(_ error: ProxmoxError) -> Bool {
        let text = error.message.lowercased()
        return text.contains("detected modified configuration") || text.contains("digest")
    }
}
