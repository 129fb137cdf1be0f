import ArgumentParser
import ContainerKit
import Foundation
import ProxmoxAPI

/// How a command reaches Proxmox VE: `--endpoint`, else the `PROXMOX_VE_*` environment, else pvesh on the node.
struct ConnectionOptions: ParsableArguments {
    @Option(help: "Proxmox VE address, https://HOST:8006. [environment: PROXMOX_VE_ENDPOINT; credentials: PROXMOX_VE_API_TOKEN or PROXMOX_VE_USERNAME/PROXMOX_VE_PASSWORD; trust: PROXMOX_VE_FINGERPRINT or PROXMOX_VE_CA_FILE]")
    var endpoint: String?

    /// The connection these options and the environment describe.
    var settings: ConnectionSettings {
        ConnectionSettings(environment: ProcessInfo.processInfo.environment, endpointFlag: endpoint)
    }

    /// The client these options describe.
    func client() throws(BuildError) -> ProxmoxClient {
        try settings.makeClient()
    }
}

/// Runs a command body, turning its errors into build.func exit codes and messages (JSON when asked).
func reportingErrors(json: Bool, _ body: () async throws -> Void) async throws {
    do {
        try await body()
    } catch let error as ExitCode {
        throw error
    } catch {
        try ResultRendering.print(.failure(BuildError.fromCommandLine(error)), json: json)
    }
}
