import Foundation
import HostProbe
import ProxmoxAPI

extension ContainerBuilder {
    /// The plan from what planning decided: the notes (dated by the plan's time), the create request carrying
    /// them, whether the run waits for an address, and the actions. The one place a ``CreatePlan`` is made.
    func makePlan(_ decided: PlanDecisions) throws(BuildError) -> CreatePlan {
        var request = decided.createRequest
        let notes = notes(for: decided, address: decided.spec.network.staticAddress)
        request.options.description = notes
        let waitsForAddress = options.ipTimeout > .zero && decided.spec.os.lowercased() != "alpine"
        let actions = try actions(for: decided, request: request, notes: notes, waitsForAddress: waitsForAddress)
        return CreatePlan(
            decided, createRequest: request, notes: notes, waitsForAddress: waitsForAddress,
            hostSideActions: hostSideActions(spec: decided.spec, request: request, provisioning: decided.provisioning), actions: actions)
    }

    /// The ordered list of what ``execute(_:)`` does, derived from the plan's values and this builder's options
    /// only: the same list `plan` and the summary print, and the one the run carries out as written. The create
    /// request that cannot be encoded is a planning error.
    private func actions(
        for decided: PlanDecisions, request: ContainerCreateRequest, notes: String, waitsForAddress: Bool
    ) throws(BuildError) -> [PlannedAction] {
        let nodePath = APIPath.make("nodes", decided.node)
        let guest = nodePath + APIPath.make("lxc", decided.ctid)
        var actions: [PlannedAction] = []
        if decided.template.needsDownload {
            actions.append(PlannedAction(
                .downloadTemplate, step: .download,
                reason: "\(decided.template.fileName) is only in the appliance catalog; it goes to \(decided.templateStorage)",
                requests: [APIRequest(.post, nodePath + "/aplinfo", parameters: [
                    APIParameter("storage", .string(decided.templateStorage)), APIParameter("template", .string(decided.template.fileName)),
                ])],
                exitCode: BuildExitCode.templateDownloadFailed))
        }
        actions.append(PlannedAction(
            .createContainer, step: .create,
            reason: "container \(decided.ctid) on \(decided.node) (\(decided.nodeReason)), root disk on \(decided.containerStorage), "
                + "template \(decided.template.volid)",
            requests: [APIRequest(.post, nodePath + "/lxc", parameters: try createParameters(request))],
            exitCode: BuildExitCode.createFailed))
        if let mapIDs = try idMappingAction(for: decided) {
            actions.append(mapIDs)
            actions.append(PlannedAction(
                .startContainer, step: .start, reason: "the first start, with the ids mapped; then wait until it runs",
                requests: [APIRequest(.post, guest + "/status/start")], exitCode: BuildExitCode.notRunning))
        } else {
            actions.append(PlannedAction(
                .startContainer, step: .start,
                reason: "the create task starts it (start=1: nothing has to happen in between); then wait until it runs",
                exitCode: BuildExitCode.notRunning))
        }
        actions.append(PlannedAction(
            .waitForAddress, step: .network,
            reason: !waitsForAddress
                ? (decided.spec.os.lowercased() == "alpine" ? "skipped for Alpine, as build.func does" : "skipped (--ip-timeout 0)")
                : decided.spec.network.staticAddress.map { "until eth0 shows \($0), at most \(options.ipTimeout)" }
                    ?? "until eth0 gets an address by DHCP, at most \(options.ipTimeout)",
            exitCode: BuildExitCode.noIP))
        if decided.setsPasswordInside, let shell = decided.provisioning?.shell {
            let chpasswd: [String]
            do {
                chpasswd = try type(of: shell).attachArguments(ctid: decided.ctid, ["chpasswd"], environment: [:])
            } catch {
                throw BuildError(exitCode: BuildExitCode.general, message: "the password command cannot be made: \(error.message)")
            }
            actions.append(PlannedAction(
                .setPasswordInside, step: .provision,
                reason: "pvesh would show the password in the process list, so it is not sent with the create",
                nodeShell: ["chpasswd in container \(decided.ctid), the password on its standard input"],
                commands: [PlannedNodeCommand(chpasswd, input: "root:<var_pw>, then a newline", timeout: .seconds(60))],
                exitCode: BuildExitCode.general))
        }
        actions += provisioningActions(for: decided, guest: guest)
        actions += try firewallAndHAActions(for: decided, guest: guest)
        if decided.spec.network.staticAddress == nil, waitsForAddress {
            actions.append(PlannedAction(
                .writeNotes, step: .notes, reason: "a second write of the notes, with the address learned by DHCP in place of \(CreatePlan.learnedAddress); "
                    + "a failure is a warning",
                requests: [APIRequest(.put, guest + "/config", parameters: [APIParameter("description", .string(
                    self.notes(for: decided, address: CreatePlan.learnedAddress)))])],
                exitCode: .success))
        }
        return actions
    }

    /// The work inside the container and on the node, through the node shell, in build.func's order.
    private func provisioningActions(for decided: PlanDecisions, guest: String) -> [PlannedAction] {
        guard let provisioning = decided.provisioning, let shell = provisioning.shell else { return [] }
        var actions: [PlannedAction] = []
        let spec = decided.spec
        let gpuPaths = spec.devices.map(\.path).filter { Provisioner.gpuGroup(of: $0) != nil }
        let usbLines = provisioning.usbPassthrough && !spec.unprivileged
        let coralPassed = spec.devices.contains { $0.path.hasPrefix("/dev/apex_") }
        // Planning decided whether the node has a Coral TPU (``provisioningDecided()``).
        let coralLine = !coralPassed && provisioning.coralOnNode == true
        if !gpuPaths.isEmpty || usbLines || coralLine {
            var steps: [String] = []
            var requests: [APIRequest] = []
            if !gpuPaths.isEmpty { steps.append("read the container's video and render group ids") }
            requests.append(APIRequest(.post, guest + "/status/stop"))
            if usbLines { steps.append("append build.func's USB serial lines to /etc/pve/lxc/\(decided.ctid).conf") }
            if coralLine { steps.append("append the Coral line (/dev/apex_0) to /etc/pve/lxc/\(decided.ctid).conf") }
            if !gpuPaths.isEmpty {
                requests.append(APIRequest(.put, guest + "/config", parameters: [
                    APIParameter("dev<N>", .string("<GPU node>,gid=<the container's video or render gid>")),
                ]))
            }
            requests.append(APIRequest(.post, guest + "/status/start"))
            if !gpuPaths.isEmpty && !spec.unprivileged { steps.append("chgrp and chmod 660 the GPU device nodes inside") }
            var what: [String] = []
            if !gpuPaths.isEmpty { what.append("GPU \(gpuPaths.joined(separator: ", "))") }
            if usbLines { what.append("USB serial (--usb-passthrough)") }
            if coralLine { what.append("the node's Coral TPU (/dev/apex_0), as build.func binds it whenever it is there") }
            actions.append(PlannedAction(
                .configureDevices, step: .devices,
                reason: what.joined(separator: ", ")
                    + ": device changes need the container stopped; 117 when it cannot be configured or started again",
                requests: requests, nodeShell: steps, exitCode: BuildExitCode.general))
        }
        if provisioning.checkNetwork {
            actions.append(PlannedAction(
                .checkNetwork, step: .provision, reason: "the container must reach the network before anything is installed",
                nodeShell: ["network check inside container \(decided.ctid) through \(shell.name)"], exitCode: BuildExitCode.general))
        }
        if provisioning.bootstrap {
            actions.append(PlannedAction(
                .bootstrap, step: .provision, reason: "build.func's base setup: the locale, the time zone and the base packages",
                nodeShell: ["locale, time zone and base packages inside container \(decided.ctid)"], exitCode: BuildExitCode.general))
        }
        let keys = ([spec.sshAuthorizedKey].compactMap { $0 } + provisioning.sshKeys).filter { !$0.isEmpty }
        if !keys.isEmpty || provisioning.sshRoot {
            actions.append(PlannedAction(
                .installSSHKeys, step: .provision,
                reason: "\(keys.count) key source(s) for root" + (provisioning.sshRoot ? "; root login enabled (var_ssh=yes)" : ""),
                nodeShell: ["merge the keys into /root/.ssh/authorized_keys (keys on standard input)"], exitCode: BuildExitCode.general))
        }
        if provisioning.runInstallScript, let catalog = provisioning.catalogDirectory {
            let probe = Provisioner(
                shell: shell, client: client, node: decided.node, ctid: decided.ctid, spec: spec, options: provisioning, address: nil,
                events: { _ in })
            actions.append(PlannedAction(
                .runInstallScript, step: .install,
                reason: "install/\(spec.app.lowercased())-install.sh from \(catalog); a failure exits with the script's code",
                nodeShell: ["bash inside container \(decided.ctid) with the app's install script and install.func"],
                environmentNames: probe.installEnvironment(functions: "").keys.sorted(), exitCode: BuildExitCode.general))
        }
        if let hook = provisioning.postInstallHook {
            actions.append(PlannedAction(
                .postInstallHook, step: .hook,
                reason: "var_post_install (\(provisioning.postInstallHookSource ?? "library")); a failure is a warning",
                nodeShell: ["\(hook) on the node, as root"], exitCode: .success))
        }
        return actions
    }

    /// The create request's parameters; one that cannot be encoded stops the planning.
    private func createParameters(_ request: ContainerCreateRequest) throws(BuildError) -> [APIParameter] {
        do {
            return try request.parameters()
        } catch {
            throw BuildError(
                exitCode: BuildExitCode.usage, message: "the create request for container \(request.vmid) cannot be encoded: \(error.message); nothing was created")
        }
    }
}

extension ContainerBuilder {
    /// ``Options/provisioning`` with what planning decides: whether the node has a Coral TPU (build.func binds one
    /// in whenever the node has it), from the node's probe or, without one, a `test -e /dev/apex_0` through the node
    /// shell, which also proves the shell works before anything is written.
    func provisioningDecided() async throws(BuildError) -> ProvisioningOptions? {
        guard var provisioning = options.provisioning, let shell = provisioning.shell, provisioning.coralOnNode == nil else {
            return options.provisioning
        }
        if let probe = options.hostReport {
            provisioning.coralOnNode = await probe().devices.coral.contains { $0.path == "/dev/apex_0" }
        } else if let nodeInspection {
            // The snapshot planning already took (the node check or the probe): no further round trip.
            provisioning.coralOnNode = SnapshotFileSystem(try await nodeInspection.snapshot(.check)).exists(at: "/dev/apex_0")
        } else {
            do {
                provisioning.coralOnNode = try await shell.onNode(["test", "-e", "/dev/apex_0"], timeout: .seconds(60)).succeeded
            } catch {
                throw BuildError(
                    exitCode: error.kind == .cancelled ? BuildExitCode.interrupted : BuildExitCode.general,
                    message: "the node shell (\(shell.name)) does not work: \(error.message); nothing was created",
                    hint: "Check --node-shell (ssh://root@NODE needs a key the node accepts), or use --node-shell none with --no-install.")
            }
        }
        return provisioning
    }
}
