import ConfigResolution
import Foundation
import ProxmoxAPI

/// The two kinds of storage a container needs.
enum StorageRole: Sendable {
    case container, template

    var content: String { self == .container ? "rootdir" : "vztmpl" }
    var setting: String { self == .container ? "var_container_storage" : "var_template_storage" }
    var missingCode: BuildExitCode { self == .container ? BuildExitCode.noRootdirStorage : BuildExitCode.noTemplateStorage }
    var noun: String { self == .container ? "container storage" : "template storage" }
}

extension ContainerBuilder {
    /// Container storage (content `rootdir`) and template storage (content `vztmpl`) on `node`, from the node's
    /// storage list in `reads`.
    func chooseStorages(_ spec: ContainerSpec, node: String, reads: NodeReads, warnings: inout [String]) async throws(BuildError)
        -> (container: String, template: String)
    {
        let all = try unwrap(reads.storages, step: "listing the storages of \(node)")
        let container = try await choose(.container, preset: spec.containerStorage, among: all, node: node)
        try await checkSpaceAndHealth(container, neededGiB: spec.diskGiB, warnings: &warnings)
        let template = try await choose(.template, preset: spec.templateStorage, among: all, node: node)
        events(.finished(.storage, "\(container.storage) for the disk, \(template.storage) for templates"))
        return (container.storage, template.storage)
    }

    private func choose(_ role: StorageRole, preset: String?, among all: [StorageSummary], node: String) async throws(BuildError)
        -> StorageSummary
    {
        if let preset {
            let storage = try Self.validatePreset(preset, role: role, among: all, node: node)
            events(.decided("\(role.noun) \(storage.storage): set by \(role.setting)"))
            return storage
        }
        let candidates = Self.candidates(role, among: all)
        guard let mostFree = candidates.max(by: { ($0.available ?? 0) < ($1.available ?? 0) }) else {
            throw BuildError(
                exitCode: role.missingCode,
                message: "no active storage on \(node) holds '\(role.content)' content",
                hint: "Enable '\(role.content)' on a storage under Datacenter → Storage → Edit → Content.")
        }
        if candidates.count == 1 {
            events(.decided("\(role.noun) \(mostFree.storage): the only one with '\(role.content)' content"))
            return mostFree
        }
        if options.interactive, let chooser = options.chooser {
            let sorted = candidates.sorted { ($0.available ?? 0) > ($1.available ?? 0) }
            let labels = sorted.map { "\($0.storage) (\($0.type)) free \(Self.formatBytes($0.available)) used \(Self.formatBytes($0.used))" }
            guard let index = await chooser.choose("Which \(role.noun)?", options: labels, defaultIndex: 0), sorted.indices.contains(index) else {
                throw BuildError(exitCode: BuildExitCode.interrupted, message: "storage choice cancelled")
            }
            return sorted[index]
        }
        events(.decided(
            "\(role.noun) \(mostFree.storage): most free space (\(Self.formatBytes(mostFree.available))) of \(candidates.count) "
                + "(\(candidates.map(\.storage).sorted().joined(separator: ", "))); set \(role.setting) to choose"))
        return mostFree
    }

    /// The enabled, active storages that hold the role's content and whose type can.
    static func candidates(_ role: StorageRole, among all: [StorageSummary]) -> [StorageSummary] {
        all.filter { $0.enabled && $0.active && $0.content.contains(role.content) && !refusal(for: $0.type, role: role).refuses }
    }

    /// build.func's refusals for a preset storage, with their exit codes; messages name `setting` (default: the
    /// role's variable).
    static func validatePreset(
        _ name: String, role: StorageRole, among all: [StorageSummary], node: String, setting: String? = nil
    ) throws(BuildError) -> StorageSummary {
        let setting = setting ?? role.setting
        guard let storage = all.first(where: { $0.storage == name }) else {
            throw missingStorage(name, role: role, among: all, node: node, setting: setting)
        }
        let refusal = refusal(for: storage.type, role: role)
        if refusal.refuses {
            throw BuildError(exitCode: refusal.code, message: "\(setting)=\(name): \(refusal.reason)")
        }
        guard storage.enabled else {
            throw BuildError(exitCode: BuildExitCode.storageNotAccessible, message: "\(setting)=\(name): the storage is disabled on \(node)")
        }
        guard storage.active else {
            throw BuildError(
                exitCode: BuildExitCode.storageNotAccessible, message: "\(setting)=\(name): the storage is not active (not accessible) on \(node)",
                hint: "Check that its server or device is reachable: pvesm status.")
        }
        guard storage.content.contains(role.content) else {
            throw BuildError(
                exitCode: role == .container ? BuildExitCode.storageUnsupported : BuildExitCode.noTemplateStorage,
                message: "\(setting)=\(name): the storage does not hold '\(role.content)' content (it holds: \(storage.content.joined(separator: ", ")))",
                hint: "Add '\(role.content)' under Datacenter → Storage → Edit → Content, or choose another storage.")
        }
        return storage
    }

    /// A preset storage the node does not have: a setting that is wrong (64), not a storage that cannot hold the
    /// content (213), with the nearest name and the node's storages that hold the role's content.
    static func missingStorage(
        _ name: String, role: StorageRole, among all: [StorageSummary], node: String, setting: String? = nil
    ) -> BuildError {
        let names = all.map(\.storage).sorted()
        let holding = all.filter { $0.content.contains(role.content) && !refusal(for: $0.type, role: role).refuses }.map(\.storage).sorted()
        let accepted = holding.isEmpty
            ? "none there holds '\(role.content)' content (storages: \(names.isEmpty ? "none" : names.joined(separator: ", ")))"
            : "accepted: a storage holding '\(role.content)' content: " + holding.joined(separator: ", ")
        return BuildError(
            exitCode: BuildExitCode.usage,
            message: "\(setting ?? role.setting)=\(name): no storage of that name on \(node)\(Spelling.hint(for: name, among: names)); \(accepted)",
            hint: "`lxc-build storage` lists the storages of each node and what they hold.")
    }

    /// Storage types that can never hold containers or templates.
    static func refusal(for type: String, role: StorageRole) -> (refuses: Bool, code: BuildExitCode, reason: String) {
        switch type {
        case "pbs": return (true, BuildExitCode.storagePBS, "Proxmox Backup Server storage holds backups only")
        case "cephfs" where role == .container:
            return (true, BuildExitCode.storageCephFS, "CephFS cannot hold container disks; use an RBD storage")
        case "iscsidirect": return (true, BuildExitCode.storageISCSIDirect, "iSCSI direct storage holds VM disks only")
        case "iscsi", "zfs": return (true, BuildExitCode.storageUnsupported, "storage type '\(type)' cannot hold containers")
        default: return (false, 0, "")
        }
    }

    /// Free space (214) and usage by ``StorageHealth`` (≥85% warns, ≥95% asks or warns unattended, ≥98% refuses unattended).
    private func checkSpaceAndHealth(_ storage: StorageSummary, neededGiB: Int, warnings: inout [String]) async throws(BuildError) {
        let needed = Int64(neededGiB) * 1_073_741_824
        if let available = storage.available, available > 0, available < needed {
            throw BuildError(
                exitCode: BuildExitCode.notEnoughSpace,
                message: "not enough space on '\(storage.storage)': required \(Self.formatBytes(needed)), available \(Self.formatBytes(available))")
        }
        guard let fraction = storage.usedFraction else { return }
        let percent = Int((fraction * 100).rounded(.down))
        let health = StorageHealth(usedFraction: fraction)
        if health == .critical || health == .full {
            if options.interactive, let chooser = options.chooser {
                guard await chooser.confirm("Storage '\(storage.storage)' is \(percent)% full. Continue anyway?", defaultAnswer: false) else {
                    throw BuildError(exitCode: BuildExitCode.notEnoughSpace, message: "storage '\(storage.storage)' is \(percent)% full; stopped at your request")
                }
            } else if health == .full {
                throw BuildError(
                    exitCode: BuildExitCode.notEnoughSpace,
                    message: "storage '\(storage.storage)' is \(percent)% full; unattended runs stop at 98%",
                    hint: "Free space, or set var_container_storage to another storage.")
            }
        }
        if health != .ok {
            warnings.append("storage '\(storage.storage)' is \(percent)% full")
        }
    }

    /// Bytes in IEC units (`12.3 GiB`), `?` when unknown.
    public static func formatBytes(_ bytes: Int64?) -> String {
        guard let bytes else { return "?" }
        let units = ["B", "KiB", "MiB", "GiB", "TiB", "PiB"]
        var value = Double(bytes)
        var unit = 0
        while value >= 1024 && unit < units.count - 1 {
            value /= 1024
            unit += 1
        }
        return unit == 0 ? "\(bytes) B" : String(format: "%.1f %@", value, units[unit])
    }
}
