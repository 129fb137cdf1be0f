import Foundation
import ProxmoxAPI

extension ContainerBuilder {
    /// Where the root password goes. Over HTTPS, with the create. Through pvesh it cannot (every user of the node
    /// would read it in `ps`): it is then left out of the create and set inside the container through the node
    /// shell after the start (`chpasswd`, the password on stdin); without a node shell the run is refused here,
    /// before anything is created.
    /// - Returns: Whether the password is set inside.
    func passwordRoute(_ request: inout ContainerCreateRequest) throws(BuildError) -> Bool {
        guard request.password != nil, !client.transport.carriesSecrets else { return false }
        guard options.provisioning?.shell != nil else {
            throw BuildError(
                exitCode: .usage,
                message: "var_pw cannot be sent through pvesh (its parameters show in the process list) and there is no node shell to set it inside the container",
                hint: "Run with --node-shell local (the default on a node), use the HTTPS API (PROXMOX_VE_ENDPOINT), or leave var_pw unset.")
        }
        request.password = nil
        events(.decided("the root password is set inside the container through the node shell: pvesh would show it in the process list"))
        return true
    }

    /// The plan's `chpasswd` inside the started container, as written, the password on its stdin.
    func setPasswordInside(_ plan: CreatePlan, action: PlannedAction) async throws(BuildError) {
        guard let password = plan.spec.password, let shell = plan.provisioning?.shell, let command = action.commands.first else { return }
        let ctid = plan.ctid
        let result: CommandResult
        do {
            result = try await shell.run(NodeCommand(command.arguments, input: Data("root:\(password)\n".utf8), timeout: command.timeout))
        } catch {
            throw BuildError(exitCode: .general, message: "setting the root password inside container \(ctid) failed: \(error.message)")
        }
        guard result.succeeded else {
            throw BuildError(exitCode: .general, message: "chpasswd inside container \(ctid) failed (exit \(result.exitCode))")
        }
        events(.decided("root password set inside container \(ctid)"))
    }
}
