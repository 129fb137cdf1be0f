import Crypto
import Foundation
import ProxmoxAPI

/// A stack's plan as `apply --plan --out PLAN.json` writes it and `apply PLAN.json` carries it out: the stack file's
/// digest, and for each container what the plan decided (node, id, storages, template, the run mark and the plan's
/// time the notes carry) and the requests it sends, secrets masked. ``StackRunner/plan(_:following:pruneBackup:)`` makes the same
/// plan again from these decisions and refuses, before any write, when the cluster or the file changed in a way the
/// plan depends on.
public struct SavedStackPlan: Codable, Sendable, Equatable {
    /// What the document is: always ``formatName``.
    public var format: String
    /// The document's version: ``currentVersion``; another is refused.
    public var version: Int
    /// The stack's id.
    public var stack: String
    /// The stack file, as an absolute path.
    public var file: String
    /// `sha256:` and the hex SHA-256 of the stack file's bytes when the plan was made.
    public var fileDigest: String
    /// One entry per container, in the file's order.
    public var containers: [Container]
    /// Whether the plan changes existing containers in place (`apply --plan --converge --out`): each such container's
    /// ``Container/changes`` are sent as saved. Left out (no) in plans saved without it.
    public var converge: Bool?
    /// What the plan does with the stack's orphans (`apply --plan --prune --out`); left out in plans saved without it.
    public var prune: Prune?

    /// The orphans a saved plan removes, and their backup.
    public struct Prune: Codable, Sendable, Equatable {
        /// The ids of the orphans it removes, in order.
        public var remove: [Int]
        /// The ids of the orphans it refuses (protection set).
        public var refused: [Int]
        /// The storage their backup goes to; `nil` when they are removed without one.
        public var backupStorage: String?
    }

    /// The value of ``format``.
    public static let formatName = "lxc-build-stack-plan"
    /// The version this lxc-build writes and reads.
    public static let currentVersion = 1
    /// The largest saved plan read: 64 MiB (a stack of 1,000 containers makes a few MiB).
    public static let maximumSize: UInt64 = 64 << 20

    /// One container of the saved plan.
    public struct Container: Codable, Sendable, Equatable {
        /// Its name in the stack.
        public var name: String
        /// `create` (the plan creates it) or `existing` (it exists with the stack's proved marker: left alone).
        public var status: String
        /// Its node: where it is created, or where it is.
        public var node: String
        /// Its container id.
        public var ctid: Int
        /// The root disk's storage (`create`).
        public var storage: String?
        /// The template's storage (`create`).
        public var templateStorage: String?
        /// The template's file name (`create`).
        public var template: String?
        /// The run mark its notes carry (`create`), the one its stack marker's proof is made with.
        public var ownershipMark: String?
        /// The plan's time, in seconds since 1970, that dates its notes (`create`).
        public var madeAt: Int?
        /// The requests the create sends, in order, secrets masked (`create`).
        public var requests: [PlanReport.RequestReport]?
        /// The requests that change it in place (`existing`, with ``SavedStackPlan/converge``; left out when none).
        public var changes: [PlanReport.RequestReport]?
    }

    /// The saved form of `plan`, made from the stack file `fileDigest` was taken of.
    /// - Throws: ``BuildError`` (64) when a container could not be planned (a plan with a failure is not saved), or a
    ///   request cannot be formed.
    public init(plan: StackPlan, fileDigest: String) throws(BuildError) {
        if let failed = plan.entries.first(where: { if case .failed = $0.outcome { true } else { false } }),
            case .failed(let error) = failed.outcome
        {
            throw BuildError(exitCode: error.exitCode, message: "\(failed.name) cannot be planned, so the plan is not saved: \(error.message)",
                             hint: error.hint)
        }
        format = Self.formatName
        version = Self.currentVersion
        stack = plan.stack
        file = Self.absolute(plan.file)
        self.fileDigest = fileDigest
        containers = []
        converge = plan.converge ? true : nil
        prune = plan.prune.map { Prune(remove: $0.removals.map(\.ctid), refused: $0.refused.map(\.ctid), backupStorage: $0.removal.plan?.storage) }
        for entry in plan.entries {
            switch entry.outcome {
            case .create(let created):
                let requests: [PlanReport.RequestReport]
                do throws(ProxmoxError) {
                    requests = try created.requests().map(PlanReport.RequestReport.init)
                } catch {
                    throw BuildError.api(error, during: "forming the requests of \(entry.name)")
                }
                containers.append(Container(
                    name: entry.name, status: "create", node: created.node, ctid: created.ctid, storage: created.containerStorage,
                    templateStorage: created.templateStorage, template: created.template.fileName, ownershipMark: created.ownershipMark,
                    madeAt: Int(created.decisions.madeAt.timeIntervalSince1970.rounded(.down)), requests: requests))
            case .existing(let existing):
                var container = Container(name: entry.name, status: "existing", node: existing.node, ctid: existing.ctid)
                if plan.converge && !existing.changes.isEmpty { container.changes = existing.changes.map(PlanReport.RequestReport.init) }
                containers.append(container)
            case .failed: break
            }
        }
    }

    /// The saved plan in `path`; `nil` when the file is not one (a stack file).
    /// - Throws: ``BuildError`` (64) for a saved plan of another version, or one that cannot be read.
    public static func load(_ path: String) throws(BuildError) -> SavedStackPlan? {
        // A stack file is not read whole here (its own bound is checked from its size, before it is read): only a file
        // that starts as JSON and is within ``maximumSize`` is.
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        guard let start = try? handle.read(upToCount: 4096), start.first(where: { !$0.isWhitespaceByte }) == UInt8(ascii: "{"),
            let size = try? handle.seekToEnd(), size <= maximumSize, (try? handle.seek(toOffset: 0)) != nil,
            let data = try? handle.readToEnd(),
            let header = try? JSONDecoder().decode(Header.self, from: data), header.format == formatName
        else { return nil }
        guard header.version == currentVersion else {
            throw BuildError(exitCode: BuildExitCode.usage,
                             message: "saved plan \(path): version \(header.version); this lxc-build reads version \(currentVersion)",
                             hint: "Make the plan again with this lxc-build: lxc-build apply STACKFILE --plan --out \(path)")
        }
        do {
            return try JSONDecoder().decode(SavedStackPlan.self, from: data)
        } catch {
            throw BuildError(exitCode: BuildExitCode.usage, message: "saved plan \(path) cannot be read: \(error)",
                             hint: "Make the plan again: lxc-build apply STACKFILE --plan --out \(path)")
        }
    }

    /// Writes the plan to `path` (mode 0600, replacing what is there).
    /// - Throws: ``BuildError`` (1) when it cannot be written.
    public func write(to path: String) throws(BuildError) {
        do {
            let data = Data((try ReportEncoder.text(self) + "\n").utf8)
            try data.write(to: URL(fileURLWithPath: path), options: .atomic)
            try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: path)
        } catch {
            throw BuildError(exitCode: BuildExitCode.general, message: "the plan cannot be written to \(path): \(error.localizedDescription)")
        }
    }

    /// Refuses (64) a stack file whose bytes are not those the plan was made from (``fileDigest``).
    public func checkFile() throws(BuildError) {
        let now = try Self.digest(ofFile: file)
        guard now != fileDigest else { return }
        throw BuildError(exitCode: BuildExitCode.usage,
                         message: "stack file \(file) was edited since the plan was made (its SHA-256 was \(fileDigest.dropFirst(7).prefix(12))…, "
                             + "is \(now.dropFirst(7).prefix(12))…); the saved plan is not carried out and nothing was changed",
                         hint: "Make a new plan: lxc-build apply \(file) --plan --out PLAN.json")
    }

    /// `sha256:` and the hex SHA-256 of the file at `path`.
    /// - Throws: ``BuildError`` (64) when it cannot be read.
    public static func digest(ofFile path: String) throws(BuildError) -> String {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw BuildError(exitCode: BuildExitCode.usage, message: "stack file \(path) cannot be read")
        }
        return "sha256:" + SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
    }

    /// `path` made absolute against the working folder.
    static func absolute(_ path: String) -> String {
        URL(fileURLWithPath: path).standardizedFileURL.path
    }

    /// What is read first, to tell a saved plan from a stack file and its version from others.
    private struct Header: Decodable {
        var format: String
        var version: Int
    }
}

extension UInt8 {
    fileprivate var isWhitespaceByte: Bool { self == 0x20 || self == 0x09 || self == 0x0A || self == 0x0D }
}
