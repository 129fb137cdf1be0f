import ProxmoxAPI

extension ContainerBuilder {
    /// How many container configurations the address check reads at a time.
    static let configReadLimit = 8

    /// The static addresses configured on the cluster's containers (``NetworkConflicts/holders(_:)``), read beside the
    /// cluster reads when `spec` has a static address: `GET /cluster/resources?type=vm`, then one configuration read
    /// per container; `nil` when nothing is checked (DHCP, or ``Options/checksNetworkConflicts`` off).
    func readAddressHoldersAhead(_ spec: ContainerSpec) async -> Result<[String: [AddressHolder]], BuildError>? {
        guard options.checksNetworkConflicts, !NetworkConflicts.staticAddresses(of: spec).isEmpty else { return nil }
        return await result { () throws(BuildError) in
            let guests = try await self.api("reading the cluster's guests") { () throws(ProxmoxError) in
                try await self.client.clusterResources(type: "vm")
            }
            let configs = try await NetworkConflicts.configs(
                of: NetworkConflicts.containers(in: guests), client: self.client, limit: Self.configReadLimit,
                during: "reading the addresses of the cluster's containers")
            return NetworkConflicts.holders(configs)
        }
    }

    /// Refuses (64) a static address another container of the cluster has configured, naming both; a read that failed
    /// is a warning (the check could not be made), a stopped run stops.
    func checkAddresses(_ spec: ContainerSpec, read: Result<[String: [AddressHolder]], BuildError>?, warnings: inout [String])
        throws(BuildError)
    {
        guard let read else { return }
        let holders: [String: [AddressHolder]]
        switch read {
        case .success(let found): holders = found
        case .failure(let error) where error.exitCode == BuildExitCode.interrupted: throw error
        case .failure(let error):
            warnings.append("the static address was not checked against the cluster's containers: \(error.message)")
            return
        }
        let problems = NetworkConflicts.addressProblems(spec, holders: holders)
        guard !problems.isEmpty else { return }
        throw BuildError(exitCode: BuildExitCode.usage, message: problems.joined(separator: "; ") + "; nothing was created",
                         hint: NetworkConflicts.addressHint)
    }

    /// `GET /nodes/{node}/network?type=any_bridge`, read with the node's other reads when conflicts are checked.
    func readBridges(_ handle: NodeHandle) async -> Result<[HostNetworkInterface], ProxmoxError>? {
        guard options.checksNetworkConflicts else { return nil }
        return await result { () throws(ProxmoxError) in try await handle.network(type: "any_bridge") }
    }

    /// Refuses (64) a bridge or vnet the node does not list, or a VLAN tag its bridge cannot carry
    /// (``NetworkConflicts/bridgeProblem(_:node:interfaces:)``); a read that failed is a warning.
    func checkBridge(_ spec: ContainerSpec, reads: NodeReads, warnings: inout [String]) throws(BuildError) {
        guard let read = reads.network else { return }
        switch read {
        case .success(let interfaces):
            guard let problem = NetworkConflicts.bridgeProblem(spec, node: reads.node, interfaces: interfaces) else { return }
            throw BuildError(exitCode: BuildExitCode.usage, message: problem + "; nothing was created", hint: NetworkConflicts.bridgeHint)
        case .failure(let error) where error.code == .cancelled:
            throw BuildError.api(error, during: "reading the bridges of \(reads.node)")
        case .failure(let error):
            warnings.append("the bridge was not checked: reading the bridges of \(reads.node) failed: \(error.message)")
        }
    }
}
