import ContainerKit
import Foundation
import Logging
import ProxmoxAPI

/// Creates a Debian container with a static address on the Proxmox VE named by `PROXMOX_VE_ENDPOINT`
/// (credentials and trust from the other `PROXMOX_VE_*` variables), printing progress as it goes.
@main
struct CreateContainer {
    static func main() async {
        var logger = Logger(label: "create-container")
        logger.logLevel = .notice
        do {
            let client = try ConnectionSettings(environment: ProcessInfo.processInfo.environment).makeClient(logger: logger)

            var spec = ContainerSpec(app: "debian", hostname: "example-web")
            spec.osVersion = ProcessInfo.processInfo.environment["EXAMPLE_OS_VERSION"] ?? "13"
            spec.cores = 2
            spec.memoryMiB = 1024
            spec.network.ipv4 = .fixed("10.44.0.10/24")
            spec.network.gateway = "10.44.0.1"
            spec.tags = ["example"]

            var options = ContainerBuilder.Options()
            options.ipTimeout = .seconds(30)
            let builder = ContainerBuilder(client: client, options: options) { event in
                switch event {
                case .finished(let step, let detail): print("done: \(step.title): \(detail)")
                case .decided(let text): print("decided: \(text)")
                case .warning(let text): print("warning: \(text)")
                case .failed(let step, let text): print("failed: \(step.title): \(text)")
                case .started: break
                }
            }

            let plan = try await builder.plan(spec)
            print("plan: CT \(plan.ctid) on \(plan.node) from \(plan.template.volid)")
            let result = try await builder.execute(plan)
            print("created: CT \(result.ctid) \(result.hostname) at \(result.ip ?? "?") on \(result.node)")

            let config = try await client.node(result.node).container(result.ctid).config()
            print("read back: net0 = \(try config.options.networks[0]?.encoded() ?? "-")")
        } catch let error as BuildError {
            print("error (exit \(error.exitCode), \(error.explanation)): \(error)")
            exit(error.exitCode.rawValue)
        } catch {
            print("error: \(error)")
            exit(1)
        }
    }
}
