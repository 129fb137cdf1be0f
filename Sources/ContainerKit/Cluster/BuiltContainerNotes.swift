public import ProxmoxAPI

/// Who built a container, and what it recorded about itself: read from its notes (the description) and tags, never
/// from anything inside it. Server text is data: it is only compared and copied, and printed escaped by the CLI.
public struct BuiltContainerNotes: Sendable, Equatable {
    /// Who built the container.
    public enum Origin: String, Sendable, Equatable {
        /// lxc-build: its notes carry a `lxc-build run: <mark>` line.
        case lxcBuild = "lxc-build"
        /// community-scripts' build.func: the `community-script` tag (or the earlier scripts' `proxmox-helper-scripts`),
        /// or its notes' HTML.
        case communityScripts = "community-scripts"
    }

    /// Who built it.
    public var origin: Origin
    /// The app id (`## app` of lxc-build's notes; the script page slug or `<h2>APP LXC</h2>` of build.func's).
    public var app: String?
    /// The template file the notes record (lxc-build's `- Template:` line); build.func records none.
    public var template: String?
    /// When it was created, as the notes record it (lxc-build's `- Created by lxc-build on` line).
    public var created: String?
    /// The app version the notes record (`- Version:`, written by `lxc-build update`).
    public var version: String?
    /// The address the notes record (`- Address:`).
    public var address: String?
    /// The stack whose marker the notes carry (`lxc-build stack: <stack> <container>`), proved or not: `list` has no
    /// stack key to check the proof with.
    public var stack: String?
    /// What the stack file said the container depends on when it was created (`lxc-build depends_on: db, cache`,
    /// ``dependsOnLine(_:)``): a hint for `export`, never a proof; `[]` when the notes have no such line.
    public var dependsOn: [String] = []

    /// The notes of `config`, or `nil` for a container neither lxc-build nor the community scripts built.
    public init?(config: ContainerConfig) {
        self.init(description: config.options.description ?? "", tags: config.options.tags)
    }

    /// The notes of a container with `description` and `tags`, or `nil` for one neither lxc-build nor the community
    /// scripts built.
    public init?(description: String, tags: [String]) {
        let lines = description.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
        if lines.contains(where: Self.isMarkLine) {
            origin = .lxcBuild
            app = lines.first { $0.hasPrefix("## ") }.map { String($0.dropFirst(3)).trimmingCharacters(in: .whitespaces) }
            template = Self.value(of: "- Template:", in: lines)
            created = Self.value(of: "- Created by lxc-build on", in: lines)
            version = Self.value(of: "- Version:", in: lines)
            address = Self.value(of: "- Address:", in: lines)
            stack = StackMarker.stack(in: description)
            dependsOn = Self.dependsOn(in: lines)
            return
        }
        let tagged = Self.hasBuildTag(tags)
        let page = description.firstMatch(of: #/community-scripts\.org/scripts/(?:\?id=)?([A-Za-z0-9._\-]+)/#).map { String($0.1) }
        let heading = description.firstMatch(of: #/<h2[^>]*>\s*([^<]{1,80}?)\s+LXC\s*</h2>/#).map { String($0.1) }
        guard tagged || page != nil else { return nil }
        origin = .communityScripts
        app = (page ?? heading.map { $0.lowercased().replacingOccurrences(of: " ", with: "") })?.lowercased()
        template = nil
        created = nil
        version = Self.value(of: "- Version:", in: lines)
        address = nil
        stack = nil
    }

    /// The tags the community scripts give every container they create: `community-script`, and
    /// `proxmox-helper-scripts` of the scripts' earlier releases (tteck's), which containers built then still carry.
    public static let buildTags = ["community-script", "proxmox-helper-scripts"]

    /// Whether `tags` hold one of ``buildTags`` (a whole tag, any case: `community-scripts-old` is not one).
    public static func hasBuildTag(_ tags: [String]) -> Bool {
        tags.contains { buildTags.contains($0.lowercased()) }
    }

    /// `- lxc-build run: ` and 32 hex digits (``CreatePlan/makeOwnershipMark()``).
    static func isMarkLine(_ line: String) -> Bool {
        line.wholeMatch(of: #/(-\s*)?lxc-build run: [0-9a-f]{32}/#) != nil
    }

    private static func value(of prefix: String, in lines: [String]) -> String? {
        guard let line = lines.last(where: { $0.hasPrefix(prefix) }) else { return nil }
        let value = line.dropFirst(prefix.count).trimmingCharacters(in: .whitespaces)
        return value.isEmpty ? nil : value
    }
}
