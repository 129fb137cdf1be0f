public import ProxmoxAPI

/// One container of a stack as `apply --json`, `apply --plan --json` print it: its name and status, and what goes
/// with that status. `create` (a plan): ``plan``, ``warnings`` (the stack's own, left out when none). `created`:
/// ``ctid``, ``node``, ``hostname``, ``ip`` (`null` when not known yet), ``template``, ``warnings``. `existing`:
/// ``ctid``, ``node``, ``drift``. `failed`: ``error``. Keys that do not go with the status are left out.
public struct StackContainerReport: Codable, Sendable, Equatable {
    /// Its name in the stack file.
    public var name: String
    /// `create`, `created`, `existing` or `failed`.
    public var status: String
    /// Its container ID (`created`, `existing`).
    public var ctid: Int?
    /// Its node (`created`, `existing`).
    public var node: String?
    /// Its host name (`created`).
    public var hostname: String?
    /// Its IPv4 address (`created`: `null` when not known yet).
    public var ip: String?
    /// The template's file name (`created`).
    public var template: String?
    /// Substitutions, then other warnings (`created`); the stack's warnings about it, such as a host name another
    /// container of the cluster has (`create`, left out when none; its plan's own are in ``plan``).
    public var warnings: [WarningReport]?
    /// The settings that differ from the stack file (`existing`).
    public var drift: [StackDrift]?
    /// The requests `--converge` sends (a plan) or sent (`converged` true) to change in place what of ``drift`` can be
    /// (`existing`, left out when none).
    public var changes: [PlanReport.RequestReport]?
    /// What of ``drift`` only a rebuild changes (`existing`, left out when none).
    public var rebuild: [StackDrift]?
    /// Whether ``changes`` were sent (`existing`, after `apply --converge`; left out otherwise).
    public var converged: Bool?
    /// What creating it would do (`create`).
    public var plan: PlanReport?
    /// The containers it is created after, each running first (`create`, from `depends_on:`; left out when none).
    public var dependsOn: [String]?
    /// Why it failed (`failed`).
    public var error: ErrorReport?

    /// A report with only a name and a status.
    public init(name: String, status: String) {
        self.name = name
        self.status = status
    }

    /// The entry of a container ``StackRunner/plan(_:options:)`` decided.
    /// - Throws: `ProxmoxError` when a request cannot be formed from a container's plan.
    public init(_ entry: StackPlan.Entry) throws(ProxmoxError) {
        switch entry.outcome {
        case .create(let plan):
            self.init(name: entry.name, status: "create")
            self.plan = try PlanReport(plan: plan)
            dependsOn = entry.dependsOn.isEmpty ? nil : entry.dependsOn
            if !entry.warnings.isEmpty { warnings = WarningReport.list([], entry.warnings) }
        case .existing(let existing): self.init(name: entry.name, existing: existing)
        case .failed(let error): self.init(name: entry.name, error: error)
        }
    }

    /// The entry of a container ``StackRunner/apply(_:)`` dealt with.
    public init(_ entry: StackResult.Entry) {
        switch entry.outcome {
        case .created(let built):
            self.init(name: entry.name, status: "created")
            (ctid, node, hostname, ip, template) = (built.ctid, built.node, built.hostname, built.ip, built.template)
            warnings = WarningReport.list(built.substitutions, built.warnings)
        case .existing(let existing): self.init(name: entry.name, existing: existing)
        case .failed(let error): self.init(name: entry.name, error: error)
        }
    }

    private init(name: String, existing: StackExisting) {
        self.init(name: name, status: "existing")
        (ctid, node, drift) = (existing.ctid, existing.node, existing.drift)
        if !existing.changes.isEmpty { changes = existing.changes.map(PlanReport.RequestReport.init) }
        if !existing.rebuild.isEmpty { rebuild = existing.rebuild }
        if existing.converged { converged = true }
    }

    private init(name: String, error: BuildError) {
        self.init(name: name, status: "failed")
        self.error = ErrorReport(error)
    }

    private enum CodingKeys: String, CodingKey {
        case name, status, ctid, node, hostname, ip, template, warnings, drift, plan, error
        case changes, rebuild, converged
        case dependsOn = "depends_on"
    }

    /// Encodes the keys that go with the status; a created container's ``ip`` is `null` when not known.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .name)
        try container.encode(status, forKey: .status)
        try container.encodeIfPresent(ctid, forKey: .ctid)
        try container.encodeIfPresent(node, forKey: .node)
        try container.encodeIfPresent(hostname, forKey: .hostname)
        if status == "created" { try container.encode(ip, forKey: .ip) } else { try container.encodeIfPresent(ip, forKey: .ip) }
        try container.encodeIfPresent(template, forKey: .template)
        try container.encodeIfPresent(warnings, forKey: .warnings)
        try container.encodeIfPresent(drift, forKey: .drift)
        try container.encodeIfPresent(changes, forKey: .changes)
        try container.encodeIfPresent(rebuild, forKey: .rebuild)
        try container.encodeIfPresent(converged, forKey: .converged)
        try container.encodeIfPresent(plan, forKey: .plan)
        try container.encodeIfPresent(dependsOn, forKey: .dependsOn)
        try container.encodeIfPresent(error, forKey: .error)
    }
}
