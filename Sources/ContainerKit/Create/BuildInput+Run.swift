public import HostProbe

extension BuildOverrides {
    /// Overrides for a run in `environment` through `connection`, as `create` and `apply` make them: the combined
    /// install logs go to the run log's folder (``RunLog/folder(environment:isRoot:)``) and the connection's secrets
    /// are masked in them.
    /// - Parameters:
    ///   - environment: The process environment.
    ///   - connection: How Proxmox VE is reached.
    public init(environment: [String: String], connection: ConnectionSettings) {
        self.init()
        logDirectory = RunLog.folder(environment: environment)
        connectionSecrets = connection.secrets
    }
}

extension BuildInput {
    /// Builder options (``builderOptions(shell:)``) for a run through `connection`: on the node itself (no endpoint) its
    /// hardware is read directly (``ContainerBuilder/Options/hostReport``), else through the API.
    /// - Parameters:
    ///   - shell: The node shell provisioning runs through; `nil` for `--node-shell none`.
    ///   - connection: How Proxmox VE is reached.
    ///   - hostReport: How the node's hardware is read on the node (HostProbe's prober by default).
    public func builderOptions(shell: (any NodeShell)?, connection: ConnectionSettings,
                               hostReport: @escaping @Sendable () async -> HostReport = { await HostProber().report() }) -> ContainerBuilder.Options {
        var options = builderOptions(shell: shell)
        if connection.isOnNode { options.hostReport = hostReport }
        return options
    }

    /// What the run warns about before planning: overrides the settings leave without effect (``ignoredOverrides``) and
    /// SSH keys that cannot be installed without a node shell.
    /// - Parameter shell: The node shell provisioning runs through; `nil` for `--node-shell none`.
    public func warnings(shell: (any NodeShell)?) -> [String] {
        var warnings = ignoredOverrides
        if shell == nil, !overrides.sshKeys.isEmpty {
            warnings.append("the \(overrides.sshKeys.count) SSH key(s) chosen in the wizard are not installed: work inside the "
                + "container needs a node shell (--node-shell)")
        }
        return warnings
    }
}
