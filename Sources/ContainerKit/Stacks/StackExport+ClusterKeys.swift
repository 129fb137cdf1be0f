import ProxmoxAPI

extension StackExport {
    /// Adds to `containers` what the cluster keeps outside their configurations: `pool` (from one
    /// `GET /cluster/resources?type=vm`), `firewall` (`GET .../firewall/options` and `.../firewall/rules` of each) and `ha`
    /// (`GET /cluster/ha/resources` and `GET /cluster/ha/rules`, once each). A read that fails leaves its key out and says
    /// so in ``ExportedContainer/notExported``: the rest of the file is still right.
    static func addClusterKeys(_ containers: inout [ExportedContainer], client: ProxmoxClient) async {
        guard !containers.isEmpty else { return }
        let guests = try? await client.clusterResources(type: "vm")
        let resources = try? await client.call(APIRequest(.get, "/cluster/ha/resources")).arrayValue ?? []
        // PVE 8 has no HA rules (its groups are on the resources): a failed read means none.
        let rules = (try? await client.call(APIRequest(.get, "/cluster/ha/rules")).arrayValue) ?? []
        for index in containers.indices {
            let (ctid, node) = (containers[index].ctid, containers[index].node)
            if let guests {
                containers[index].pool = guests.first { $0.vmid == ctid }?.raw["pool"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 }
            } else {
                containers[index].notExported.append("pool (the cluster's resources could not be read)")
            }
            let guest = APIPath.make("nodes", node, "lxc", ctid)
            do throws(ProxmoxError) {
                let options = try await client.call(APIRequest(.get, guest + "/firewall/options"))
                let rules = try await client.call(APIRequest(.get, guest + "/firewall/rules")).arrayValue ?? []
                containers[index].firewall = firewall(options: options, rules: rules)
            } catch {
                containers[index].notExported.append("firewall (its options and rules could not be read: \(error.message))")
            }
            if let resources {
                containers[index].ha = ha(ctid: ctid, resources: resources, rules: rules, notExported: &containers[index].notExported)
            } else {
                containers[index].notExported.append("ha (the cluster's HA resources could not be read)")
            }
        }
    }

    /// The firewall as `firewall:` writes it: the options a stack file has (``StackFile/firewallOptions``) and the rules
    /// in position order by a stack file's rule keys; `nil` when it has neither.
    static func firewall(options: JSONValue, rules: [JSONValue]) -> ContainerFirewall? {
        var firewall = ContainerFirewall()
        for name in StackFile.firewallOptions.map(\.name) { firewall.options[name] = options[name]?.stringValue }
        firewall.rules = rules.sorted { ($0["pos"]?.intValue ?? 0) < ($1["pos"]?.intValue ?? 0) }
            .map { ContainerFirewall.Rule(parameters: StackRunner.ruleText($0)) }
        return firewall.options.isEmpty && firewall.rules.isEmpty ? nil : firewall
    }

    /// Container `ctid`'s HA resource as `ha:` writes it, with the first HA rule that lists it (another is noted in
    /// `notExported`: `ha:` names one); `nil` when it is no resource.
    static func ha(ctid: Int, resources: [JSONValue], rules: [JSONValue], notExported: inout [String]) -> ContainerHA? {
        let sid = "ct:\(ctid)"
        guard let row = resources.first(where: { $0["sid"]?.stringValue == sid }) else { return nil }
        var ha = ContainerHA(state: row["state"]?.stringValue, maxRestart: row["max_restart"]?.intValue, maxRelocate: row["max_relocate"]?.intValue,
                             group: row["group"]?.stringValue, comment: row["comment"]?.stringValue)
        let listing = rules.filter { rule in
            (rule["resources"]?.stringValue ?? "").split(separator: ",").contains { $0.trimmingCharacters(in: .whitespaces) == sid }
        }.compactMap { $0["rule"]?.stringValue }.sorted()
        ha.rule = listing.first
        if listing.count > 1 { notExported.append("ha rules \(listing.dropFirst().joined(separator: ", ")) (ha: names one rule)") }
        return ha
    }

    /// The lines of a container's `startup`, `pool`, `depends_on`, `firewall` and `ha` keys (indented for a container),
    /// each value quoted as the settings are.
    static func clusterKeyLines(_ container: ExportedContainer) -> [String] {
        var lines: [String] = []
        func mapping(_ pairs: [(String, String)]) -> String {
            "{" + pairs.map { "\($0.0): \(quoted($0.1))" }.joined(separator: ", ") + "}"
        }
        if let startup = container.startup, let parsed = try? PropertyString(parsing: startup, defaultKey: "order") {
            let pairs = parsed.entries.filter { ["order", "up", "down"].contains($0.key) }.map { ($0.key, $0.value) }
            if !pairs.isEmpty { lines.append("    startup: \(mapping(pairs))") }
        }
        if let pool = container.pool { lines.append("    pool: \(quoted(pool))") }
        if !container.dependsOn.isEmpty { lines.append("    depends_on: [\(container.dependsOn.map(quoted).joined(separator: ", "))]") }
        if let firewall = container.firewall {
            lines.append("    firewall:")
            for name in StackFile.firewallOptions.map(\.name) {
                if let value = firewall.options[name] { lines.append("      \(name): \(quoted(value))") }
            }
            if !firewall.rules.isEmpty {
                lines.append("      rules:")
                for rule in firewall.rules {
                    lines.append("        - " + mapping(StackFile.firewallRuleKeys.compactMap { key in rule.parameters[key].map { (key, $0) } }))
                }
            }
        }
        if let ha = container.ha {
            lines.append("    ha: \(mapping(ha.stackFileFields.map { ($0.key, $0.value) }))")
        }
        return lines
    }
}
