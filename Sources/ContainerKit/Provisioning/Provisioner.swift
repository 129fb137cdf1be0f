import ConfigResolution
import Foundation
import ProxmoxAPI

/// build.func's post-create phase (`build_container` after `create_lxc_container`) for one running container, in its
/// order: devices and GPU groups, network checks, bootstrap, SSH keys, the app's install script, the post-install hook.
/// Every step is idempotent: what is in place already is left alone, so a re-run or a prepared template is quick.
struct Provisioner: Sendable {
    let shell: any NodeShell
    let client: ProxmoxClient
    let node: String
    let ctid: Int
    let spec: ContainerSpec
    let options: ProvisioningOptions
    /// The address the network wait found.
    let address: String?
    /// build.func's `SID`: 8 hex digits naming the logs and the failure flag.
    let sessionID: String
    let log: ProvisioningLog
    let events: BuildEventHandler
    let taskTimeout: Duration
    /// The failure of the last run, for the recovery decision.
    let outcome = ProvisioningOutcome()

    init(
        shell: any NodeShell, client: ProxmoxClient, node: String, ctid: Int, spec: ContainerSpec, options: ProvisioningOptions,
        address: String?, events: @escaping BuildEventHandler, taskTimeout: Duration = .seconds(300)
    ) {
        self.shell = shell
        self.client = client
        self.node = node
        self.ctid = ctid
        self.spec = spec
        self.options = options
        self.address = address
        self.sessionID = options.sessionID ?? String(UUID().uuidString.lowercased().prefix(8))
        self.log = ProvisioningLog(redactor: options.redactor.adding(
            [spec.password].compactMap { $0 } + ConfigKey.httpProxy.secretParts(of: options.httpProxy ?? "")))
        self.events = events
        self.taskTimeout = taskTimeout
    }

    /// `os` in lower case; Debian and Ubuntu share the apt steps.
    var osFamily: String { spec.os.lowercased() }
    var usesAPT: Bool { ["debian", "ubuntu", "devuan"].contains(osFamily) }

    /// Runs a `sh` script in the container, logging it; node-shell failures become ``BuildError``s.
    @discardableResult
    func inside(
        _ what: String, _ script: String, arguments: [String] = [], environment: [String: String] = [:], input: Data = Data(),
        timeout: Duration? = .seconds(600)
    ) async throws(BuildError) -> CommandResult {
        do {
            let result = try await shell.script(ctid: ctid, script, arguments: arguments, environment: environment, input: input, timeout: timeout)
            log.record(what, result)
            return result
        } catch {
            throw failure(error, during: what)
        }
    }

    /// Runs a command on the node, logging it.
    @discardableResult
    func onNode(_ what: String, _ arguments: [String], environment: [String: String] = [:], input: Data = Data()) async throws(BuildError) -> CommandResult {
        do {
            let result = try await shell.onNode(arguments, environment: environment, input: input, timeout: .seconds(600))
            log.record(what, result)
            return result
        } catch {
            throw failure(error, during: what)
        }
    }

    func failure(_ error: NodeShellError, during what: String) -> BuildError {
        log.note("\(what): \(error.message)")
        let code = error.kind == .cancelled ? BuildExitCode.interrupted : BuildExitCode.general
        return BuildError(exitCode: code, message: "\(what) in container \(ctid) failed: \(error.message)")
    }

    /// Logs and reports a warning; the build goes on.
    func warn(_ text: String) {
        log.note("warning: \(text)")
        events(.warning(log.redact(text)))
    }
}
