public import ProxmoxAPI

/// Everything ``ContainerBuilder/plan(_:)`` decided, and the requests ``ContainerBuilder/create(_:)`` would send.
public struct CreatePlan: Sendable {
    /// The spec as it will be built: the one asked for, with the substituted OS version (``substitutions``)
    /// and the devices the node's probe chose.
    public var spec: ContainerSpec
    /// The node, and why it was chosen.
    public var node: String
    /// Why that node was chosen.
    public var nodeReason: String
    /// PVE version of the node answering.
    public var pveVersion: String
    /// Who the calls run as.
    public var identity: String
    /// Storages chosen.
    public var containerStorage: String
    /// Storage for templates (content `vztmpl`).
    public var templateStorage: String
    /// The template, and whether it must be downloaded first.
    public var template: TemplateChoice
    /// The container id.
    public var ctid: Int
    /// The create request (secrets masked when printed).
    public var createRequest: ContainerCreateRequest
    /// The notes sent as the container's description with the create.
    public var notes: String
    /// The root password is set inside the container through the node shell after the start, because the
    /// transport cannot carry it (pvesh on the node).
    public var setsPasswordInside = false
    /// What the device passthrough plan says (renumbering advice, skipped GPUs).
    public var deviceNotes: [String] = []
    /// Values used instead of those asked for (nearest template version, next free id); ``spec`` and ``ctid``
    /// already carry the values used. Not repeated in ``warnings``.
    public var substitutions: [Substitution] = []
    /// Warnings met while planning, other than ``substitutions``.
    public var warnings: [String]
    /// This run's mark, written into the container's notes with the create (`lxc-build run: <random id>`): after a
    /// create whose answer was lost, a container is this run's only when its notes carry the mark; a container
    /// without it (another admin's, with the same id and host name) is never destroyed.
    public var ownershipMark = CreatePlan.makeOwnershipMark()
    /// The work inside the container and on the node, as this build does it (``ContainerBuilder/Options/provisioning``
    /// with what the plan decided, such as whether the node has a Coral TPU); `nil` without provisioning.
    public var provisioning: ProvisioningOptions?
    /// What the run does, in order: the list ``ContainerBuilder/execute(_:)`` carries out and nothing else.
    public var actions: [PlannedAction] = []
    /// What the build does on the node itself (devices, mount types, the post-install hook), with sources.
    public var hostSideActions: [HostSideAction] = []
    /// What planning proved about the node shell (`ssh root@pve2:22 reaches pve2: ...`), checked before any write;
    /// `nil` without a node shell, or for a plain-LXC shell, which is not checked.
    public var nodeShellCheck: String?

    /// A new mark: `lxc-build run: ` and 128 random bits in hex.
    public static func makeOwnershipMark() -> String {
        var generator = SystemRandomNumberGenerator()
        let bits = (0..<4).map { _ in String(generator.next() as UInt32, radix: 16) }.map { String(repeating: "0", count: 8 - $0.count) + $0 }
        return "lxc-build run: " + bits.joined()
    }

    /// The requests create would send, in order (reads excluded), with secrets masked in their descriptions: those
    /// of ``actions``.
    public func requests() throws(ProxmoxError) -> [APIRequest] {
        actions.flatMap(\.requests)
    }
}

/// The template a build uses.
public struct TemplateChoice: Sendable, Equatable {
    /// Template file name.
    public var fileName: String
    /// Storage it is (or will be) on.
    public var storage: String
    /// `true` when it comes from the appliance catalog and must be downloaded.
    public var needsDownload: Bool

    /// `storage:vztmpl/file`.
    public var volid: String { "\(storage):vztmpl/\(fileName)" }
}

/// What a successful build made.
public struct BuildResult: Sendable, Equatable {
    /// Container id.
    public var ctid: Int
    /// Node the container is on.
    public var node: String
    /// Host name.
    public var hostname: String
    /// IPv4 (or global IPv6) address without prefix, when one was seen.
    public var ip: String?
    /// Template file name.
    public var template: String
    /// Storage of the root disk.
    public var containerStorage: String
    /// Storage for templates (content `vztmpl`).
    public var templateStorage: String
    /// `running` after a successful build.
    public var status: String
    /// Everything worth a second look: planning and task warnings, other than ``substitutions``.
    public var warnings: [String]
    /// Values used instead of those asked for, decided by the plan (``CreatePlan/substitutions``).
    public var substitutions: [Substitution] = []
}
