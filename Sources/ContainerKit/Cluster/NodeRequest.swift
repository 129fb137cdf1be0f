public import ProxmoxAPI

/// The node a command was asked to work on, and the setting that asked: the command line's `--node` first, else
/// the `PROXMOX_VE_NODE` environment variable (the name the Terraform provider and lxc-build's other connection
/// settings use). Messages about the node name the setting the value came from.
public struct NodeRequest: Sendable, Equatable {
    /// The environment variable read when `--node` is not given.
    public static let environmentVariable = "PROXMOX_VE_NODE"

    /// The node's name, `auto`, or `nil` when neither the flag nor the environment names one.
    public let name: String?
    /// Where ``name`` came from: `--node` (or the flag given as `flagName`) or `PROXMOX_VE_NODE`.
    public let setting: String

    /// The request from a flag's value and the environment; an empty `PROXMOX_VE_NODE` names no node.
    public init(flag: String?, environment: [String: String], flagName: String = "--node") {
        if let flag {
            (name, setting) = (flag, flagName)
        } else if let value = environment[Self.environmentVariable], !value.isEmpty {
            (name, setting) = (value, Self.environmentVariable)
        } else {
            (name, setting) = (nil, flagName)
        }
    }

    /// The builder's choice: `auto` is ``ContainerBuilder/NodeChoice/automatic``, another name that node, no name `nil`.
    public var choice: ContainerBuilder.NodeChoice? {
        switch name {
        case "auto"?: .automatic
        case let name?: .named(name)
        case nil: nil
        }
    }

    /// Refuses a name that cannot be a node's (PVE's host-name label rule) before it reaches a request, naming the
    /// setting and the value; `auto` passes where `allowAuto` says the command chooses.
    /// - Throws: ``BuildError`` (64).
    public func validate(allowAuto: Bool) throws(BuildError) {
        guard let name, !(allowAuto && name == "auto") else { return }
        guard APIPath.isNodeName(name) else {
            throw BuildError(exitCode: BuildExitCode.usage,
                             message: "\(setting) \(BuildError.quoted(name)): not a node name (letters, digits and inner '-')"
                                 + (allowAuto ? " or auto" : ""),
                             hint: "Use one of the names `lxc-build nodes` lists.")
        }
    }
}

extension NodeSelection {
    /// The node a listing command (`storage`, `templates`) shows: the requested one checked by
    /// ``named(_:among:setting:)``, or without a request (or with `auto`, which chooses for a create only)
    /// ``unnamed(among:localNode:identity:)``; with why it is that node.
    public static func resolve(_ request: NodeRequest, client: ProxmoxClient) async throws(BuildError)
        -> (name: String, reason: String)
    {
        let nodes: [NodeSummary]
        do throws(ProxmoxError) {
            nodes = try await client.nodes()
        } catch {
            throw BuildError.api(error, during: "listing the nodes")
        }
        if let name = request.name, name != "auto" {
            return (try named(name, among: nodes, setting: request.setting).node, "given with \(request.setting)")
        }
        let local: String?
        do throws(ProxmoxError) {
            local = try await client.clusterStatus().first { $0.type == "node" && $0.isLocal == true }?.name
        } catch {
            throw BuildError.api(error, during: "reading the cluster status")
        }
        return try unnamed(among: nodes, localNode: local, identity: await client.transport.identity)
    }
}
