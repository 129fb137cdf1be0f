public import ProxmoxAPI

/// Everything ``ContainerBuilder/plan(_:)`` decided, and the actions ``ContainerBuilder/execute(_:)`` carries out as
/// written. A plan does not change once made: what differs (a retry with another id, a rebuild after a failed
/// install) is a new plan, made by the same planning step.
public struct CreatePlan: Sendable {
    /// The spec as it will be built: the one asked for, with the substituted OS version (``substitutions``)
    /// and the devices the node's probe chose.
    public let spec: ContainerSpec
    /// The node, and why it was chosen.
    public let node: String
    /// Why that node was chosen.
    public let nodeReason: String
    /// PVE version of the node answering.
    public let pveVersion: String
    /// Who the calls run as.
    public let identity: String
    /// Storages chosen.
    public let containerStorage: String
    /// Storage for templates (content `vztmpl`).
    public let templateStorage: String
    /// The template, and whether it must be downloaded first.
    public let template: TemplateChoice
    /// The container id.
    public let ctid: Int
    /// The create request (secrets masked when printed); its description is ``notes``.
    public let createRequest: ContainerCreateRequest
    /// The notes sent as the container's description with the create, dated by the plan's time.
    public let notes: String
    /// The root password is set inside the container through the node shell after the start, because the
    /// transport cannot carry it (pvesh on the node).
    public let setsPasswordInside: Bool
    /// Whether the run waits for an address after the start (not for Alpine, nor with `--ip-timeout 0`).
    public let waitsForAddress: Bool
    /// What the device passthrough plan says (renumbering advice, skipped GPUs).
    public let deviceNotes: [String]
    /// Values used instead of those asked for (nearest template version, next free id); ``spec`` and ``ctid``
    /// already carry the values used. Not repeated in ``warnings``.
    public let substitutions: [Substitution]
    /// Warnings met while planning, other than ``substitutions``.
    public let warnings: [String]
    /// This run's mark, written into the container's notes with the create (`lxc-build run: <random id>`): after a
    /// create whose answer was lost, a container is this run's only when its notes carry the mark; a container
    /// without it (another admin's, with the same id and host name) is never destroyed. Made once, while planning.
    public let ownershipMark: String
    /// The work inside the container and on the node, as this build does it (``ContainerBuilder/Options/provisioning``
    /// with what the plan decided, such as whether the node has a Coral TPU); `nil` without provisioning.
    public let provisioning: ProvisioningOptions?
    /// What the run does, in order: the list ``ContainerBuilder/execute(_:)`` carries out as written and nothing else.
    public let actions: [PlannedAction]
    /// What the build does on the node itself (devices, mount types, the post-install hook), with sources.
    public let hostSideActions: [HostSideAction]
    /// What planning proved about the node shell (`ssh root@pve2:22 reaches pve2: ...`), checked before any write;
    /// `nil` without a node shell, or for a plain-LXC shell, which is not checked.
    public let nodeShellCheck: String?
    /// What the plan was made from, for a new plan that differs in a few values (another id, a rebuild).
    let decisions: PlanDecisions

    /// Stands in the notes of the ``PlannedAction/Kind/writeNotes`` action for the address learned by DHCP: the one
    /// value the run fills in.
    public static let learnedAddress = "<learned after start>"

    /// A plan from what planning decided and what follows from it; only the planning step makes one.
    init(
        _ decisions: PlanDecisions, createRequest: ContainerCreateRequest, notes: String, waitsForAddress: Bool,
        hostSideActions: [HostSideAction], actions: [PlannedAction]
    ) {
        spec = decisions.spec
        node = decisions.node
        nodeReason = decisions.nodeReason
        pveVersion = decisions.pveVersion
        identity = decisions.identity
        containerStorage = decisions.containerStorage
        templateStorage = decisions.templateStorage
        template = decisions.template
        ctid = decisions.ctid
        self.createRequest = createRequest
        self.notes = notes
        setsPasswordInside = decisions.setsPasswordInside
        self.waitsForAddress = waitsForAddress
        deviceNotes = decisions.deviceNotes
        substitutions = decisions.substitutions
        warnings = decisions.warnings
        ownershipMark = decisions.ownershipMark
        provisioning = decisions.provisioning
        self.actions = actions
        self.hostSideActions = hostSideActions
        nodeShellCheck = decisions.nodeShellCheck
        self.decisions = decisions
    }

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
