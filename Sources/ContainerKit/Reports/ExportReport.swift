/// What `export --json` prints: each container as the stack file would hold it, and the file's text.
public struct ExportReport: Codable, Sendable, Equatable {
    /// One exported container.
    public struct Container: Codable, Sendable, Equatable {
        /// Its id.
        public var ctid: Int
        /// Its node.
        public var node: String
        /// Its name in the stack file.
        public var name: String
        /// Its app.
        public var app: String
        /// Its settings, by variable name.
        public var settings: [String: String]
        /// What could not be exported.
        public var notExported: [String]
        /// `startup:` as PVE's property string; left out when none.
        public var startup: String?
        /// `pool:`; left out when none.
        public var pool: String?
        /// `depends_on:`, as the notes recorded it; left out when none.
        public var dependsOn: [String]?
        /// `firewall:`'s options, by PVE's names; left out when the container has no firewall of its own.
        public var firewallOptions: [String: String]?
        /// `firewall:`'s rules in order, each by PVE's names; left out when the container has no firewall of its own.
        public var firewallRules: [[String: String]]?
        /// `ha:` by the stack file's keys (`state`, `max_restart`, `rule`, ...); left out when it is no HA resource.
        public var ha: [String: String]?
    }

    /// The stack's name.
    public var name: String
    /// The containers, in the file's order.
    public var containers: [Container]
    /// The stack file's text.
    public var file: String

    /// The report of `containers` exported as stack `name` with `file`'s text.
    public init(name: String, containers: [ExportedContainer], file: String) {
        self.name = name
        self.containers = containers.map { exported in
            var container = Container(ctid: exported.ctid, node: exported.node, name: exported.name, app: exported.app,
                                      settings: Dictionary(exported.settings.map { ($0.key, $0.value) }, uniquingKeysWith: { $1 }),
                                      notExported: exported.notExported)
            container.startup = exported.startup
            container.pool = exported.pool
            container.dependsOn = exported.dependsOn.isEmpty ? nil : exported.dependsOn
            container.firewallOptions = exported.firewall?.options
            container.firewallRules = exported.firewall?.rules.map(\.parameters)
            container.ha = exported.ha.map { Dictionary($0.stackFileFields.map { ($0.key, $0.value) }, uniquingKeysWith: { first, _ in first }) }
            return container
        }
        self.file = file
    }
}
