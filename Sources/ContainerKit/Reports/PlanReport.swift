public import ConfigResolution
public import ProxmoxAPI

/// What `plan --json` prints: the decisions, then the requests `create` would send, secrets masked.
public struct PlanReport: Codable, Sendable, Equatable {
    /// The node and why it was chosen.
    public var node: String
    /// Why that node.
    public var nodeReason: String
    /// The container ID it would get.
    public var ctid: Int
    /// The storage of the root filesystem.
    public var storage: String
    /// The storage of the template.
    public var templateStorage: String
    /// The template's file name.
    public var template: String
    /// Whether the template is downloaded first.
    public var templateDownload: Bool
    /// Who the API sees (`root@pam`, a token's id).
    public var identity: String
    /// The node's Proxmox VE version.
    public var pveVersion: String
    /// Substitutions, then other warnings.
    public var warnings: [WarningReport]
    /// The OS version.
    public var osVersion: String
    /// What was checked of the node shell, `null` when nothing needs it.
    @ExplicitNull public var nodeShellCheck: String?
    /// What the app's script does as root on the node.
    public var hostSideActions: [HostSideActionReport]
    /// Values the app's script asks for beyond the built-in container.
    public var appEscalations: [AppEscalationReport]
    /// The requests, in order (``CreatePlan/requests()``).
    public var requests: [RequestReport]
    /// What create does, in order.
    public var actions: [ActionReport]

    /// The report of `plan`.
    /// - Throws: `ProxmoxError` when a request cannot be formed from the plan.
    public init(plan: CreatePlan) throws(ProxmoxError) {
        node = plan.node
        nodeReason = plan.nodeReason
        ctid = plan.ctid
        storage = plan.containerStorage
        templateStorage = plan.templateStorage
        template = plan.template.fileName
        templateDownload = plan.template.needsDownload
        identity = plan.identity
        pveVersion = plan.pveVersion
        warnings = WarningReport.list(plan.substitutions, plan.warnings)
        osVersion = plan.spec.osVersion
        nodeShellCheck = plan.nodeShellCheck
        hostSideActions = plan.hostSideActions.map(HostSideActionReport.init)
        appEscalations = plan.spec.appEscalations.map(AppEscalationReport.init)
        requests = try plan.requests().map(RequestReport.init)
        actions = plan.actions.map(ActionReport.init)
    }

    /// An API request: method, path and parameters, secrets masked.
    public struct RequestReport: Codable, Sendable, Equatable {
        /// `GET`, `POST`, `PUT` or `DELETE`.
        public var method: String
        /// The API path.
        public var path: String
        /// Each parameter's value as text, a secret's masked.
        public var parameters: [String: String]

        /// The report of `request`; a parameter given twice keeps its last value.
        public init(_ request: APIRequest) {
            method = request.method.rawValue
            path = request.path
            parameters = Dictionary(request.parameters.map { ($0.name, $0.value.description) }, uniquingKeysWith: { $1 })
        }
    }

    /// One thing create does: its kind, step, reason, exit code, requests and node-shell commands.
    public struct ActionReport: Codable, Sendable, Equatable {
        /// The action's kind (``PlannedAction/Kind``).
        public var kind: String
        /// The build step it belongs to (``BuildStep``).
        public var step: String
        /// Why it is done.
        public var reason: String
        /// The exit code when it fails.
        public var exitCode: BuildExitCode
        /// Its requests.
        public var requests: [RequestReport]
        /// The commands it runs through the node shell.
        public var nodeShell: [String]
        /// The names of the environment variables it passes (never their values).
        public var environment: [String]

        /// The report of `action`.
        public init(_ action: PlannedAction) {
            kind = action.kind.rawValue
            step = action.step.rawValue
            reason = action.reason
            exitCode = action.exitCode
            requests = action.requests.map(RequestReport.init)
            nodeShell = action.nodeShell
            environment = action.environmentNames
        }
    }

    /// Something the app's script does as root on the node.
    public struct HostSideActionReport: Codable, Sendable, Equatable {
        /// Its kind (``HostSideAction/Kind``).
        public var kind: String
        /// What it does.
        public var detail: String
        /// Where the script says it.
        public var source: String

        /// The report of `action`.
        public init(_ action: HostSideAction) {
            kind = action.kind.rawValue
            detail = action.detail
            source = action.source
        }
    }

    /// A value the app's script asks for beyond the built-in container.
    public struct AppEscalationReport: Codable, Sendable, Equatable {
        /// The setting (`var_unprivileged`...).
        public var variable: String
        /// The value asked for.
        public var value: String
        /// What it means for the container.
        public var meaning: String
        /// Where it came from.
        public var source: String

        /// The report of `escalation`.
        public init(_ escalation: AppEscalation) {
            variable = escalation.key.variableName
            value = escalation.value
            meaning = escalation.meaning
            source = escalation.source.description
        }
    }
}
