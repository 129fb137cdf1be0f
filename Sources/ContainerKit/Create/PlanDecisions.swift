import Foundation
import ProxmoxAPI

/// What planning decided, before what follows from it (the notes, the actions): the input of
/// ``ContainerBuilder/makePlan(_:)``, the one place a ``CreatePlan`` is made. A retry with another id or a rebuild
/// changes a few of these values and makes a new plan from them.
struct PlanDecisions: Sendable {
    var spec: ContainerSpec
    var node: String
    var nodeReason: String
    var pveVersion: String
    var identity: String
    var containerStorage: String
    var templateStorage: String
    var template: TemplateChoice
    var ctid: Int
    /// The create request without its description (the notes are made from these values).
    var createRequest: ContainerCreateRequest
    var setsPasswordInside: Bool
    var deviceNotes: [String]
    var substitutions: [Substitution]
    var warnings: [String]
    /// One mark per run, made while planning.
    var ownershipMark: String
    var provisioning: ProvisioningOptions?
    var nodeShellCheck: String?
    /// The plan's time: the notes are dated by it.
    var madeAt: Date
}
