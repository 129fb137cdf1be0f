/// What `create --json` prints when the container is built.
public struct CreateReport: Codable, Sendable, Equatable {
    /// Container ID.
    public var ctid: Int
    /// The node it runs on.
    public var node: String
    /// Its hostname.
    public var hostname: String
    /// Its IPv4 address, `null` when not known yet.
    @ExplicitNull public var ip: String?
    /// The template's file name.
    public var template: String
    /// The storage of its root filesystem.
    public var storage: String
    /// The storage the template came from.
    public var templateStorage: String
    /// Its status (`running`).
    public var status: String
    /// Substitutions, then other warnings.
    public var warnings: [WarningReport]

    /// The report of a built container.
    public init(result: BuildResult) {
        ctid = result.ctid
        node = result.node
        hostname = result.hostname
        ip = result.ip
        template = result.template
        storage = result.containerStorage
        templateStorage = result.templateStorage
        status = result.status
        warnings = WarningReport.list(result.substitutions, result.warnings)
    }
}
