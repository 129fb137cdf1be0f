/// What `templates --json` prints: a node's local templates and its catalog's, newest first.
public struct TemplatesReport: Codable, Sendable, Equatable {
    /// The node.
    public var node: String
    /// Why that node (``NodeSelection``).
    public var nodeReason: String
    /// The templates, in the order given.
    public var templates: [Template]

    /// The report of `templates` on `node`.
    public init(node: String, nodeReason: String, templates: [Template]) {
        self.node = node
        self.nodeReason = nodeReason
        self.templates = templates
    }

    /// One template and where it is.
    public struct Template: Codable, Sendable, Equatable {
        /// Its file name.
        public var template: String
        /// Its OS (`debian`...).
        public var os: String
        /// The OS's version.
        public var version: String
        /// `amd64`, `arm64`...
        public var arch: String
        /// The storage that holds it, or `catalog` for the node's appliance catalog.
        public var source: String

        /// `template`, found in `source`.
        public init(_ template: TemplateName, source: String) {
            self.template = template.fileName
            os = template.os
            version = template.osVersion
            arch = template.arch
            self.source = source
        }
    }
}
