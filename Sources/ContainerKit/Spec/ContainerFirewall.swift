/// The container's own firewall, as PVE's API names it (`/nodes/{node}/lxc/{vmid}/firewall/options` and
/// `.../firewall/rules`), from a stack file's `firewall:`. The run sends the options, then each rule in order, and
/// creates the container with `firewall=1` on its interface so that the rules apply to it.
public struct ContainerFirewall: Sendable, Equatable {
    /// The options, each under PVE's name (`enable`, `policy_in`, `policy_out`, `log_level_in`, `dhcp`, ...), as sent.
    public var options: [String: String]
    /// The rules, in the file's order (the first is the first PVE checks).
    public var rules: [Rule]

    /// A firewall.
    public init(options: [String: String] = [:], rules: [Rule] = []) {
        self.options = options
        self.rules = rules
    }

    /// One rule: its parameters under PVE's names (`type`, `action`, `proto`, `dport`, `source`, `macro`, ...), as sent.
    public struct Rule: Sendable, Equatable {
        /// The parameters, as sent.
        public var parameters: [String: String]

        /// A rule.
        public init(parameters: [String: String]) {
            self.parameters = parameters
        }
    }
}

/// The container as a high-availability resource (`POST /cluster/ha/resources`, `sid` `ct:<id>`), from a stack
/// file's `ha:`: PVE 8 puts it in a `group`; PVE 9 replaced groups by rules (`/cluster/ha/rules`), which name their
/// resources, so a `rule` is joined by adding the container to the rule's `resources`.
public struct ContainerHA: Sendable, Equatable {
    /// `started`, `stopped`, `enabled`, `disabled` or `ignored` (PVE's default: `started`).
    public var state: String?
    /// How often PVE restarts it on a failed start before relocating it.
    public var maxRestart: Int?
    /// How often PVE relocates it on a failed start.
    public var maxRelocate: Int?
    /// The PVE 8 HA group.
    public var group: String?
    /// The PVE 9 HA rule it joins.
    public var rule: String?
    /// The resource's comment.
    public var comment: String?

    /// A resource.
    public init(state: String? = nil, maxRestart: Int? = nil, maxRelocate: Int? = nil, group: String? = nil, rule: String? = nil,
                comment: String? = nil) {
        self.state = state
        self.maxRestart = maxRestart
        self.maxRelocate = maxRelocate
        self.group = group
        self.rule = rule
        self.comment = comment
    }
}
