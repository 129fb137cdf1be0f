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
            Container(ctid: exported.ctid, node: exported.node, name: exported.name, app: exported.app,
                      settings: Dictionary(exported.settings.map { ($0.key, $0.value) }, uniquingKeysWith: { $1 }), notExported: exported.notExported)
        }
        self.file = file
    }
}
