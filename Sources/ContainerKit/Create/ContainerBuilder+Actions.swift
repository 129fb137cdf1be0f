import Foundation
import HostProbe
import ProxmoxAPI

extension ContainerBuilder {
    /// The ordered list of what ``execute(_:)`` does for `plan`, derived from the plan's values and this builder's
    /// options only: the same list `plan` and the summary print, and the one the run carries out.
    func actions(for plan: CreatePlan) -> [PlannedAction] {
        let nodePath = APIPath.make("nodes", plan.node)
        let guest = nodePath + APIPath.make("lxc", plan.ctid)
        var actions: [PlannedAction] = []
        if plan.template.needsDownload {
            actions.append(PlannedAction(
                .downloadTemplate, step: .download,
                reason: "\(plan.template.fileName) is only in the appliance catalog; it goes to \(plan.templateStorage)",
                requests: [APIRequest(.post, nodePath + "/aplinfo", parameters: [
                    APIParameter("storage", .string(plan.templateStorage)), APIParameter("template", .string(plan.template.fileName)),
                ])],
                exitCode: ExitCodes.templateDownloadFailed))
        }
        actions.append(PlannedAction(
            .createContainer, step: .create,
            reason: "container \(plan.ctid) on \(plan.node) (\(plan.nodeReason)), root disk on \(plan.containerStorage), "
                + "template \(plan.template.volid)",
            requests: [APIRequest(.post, nodePath + "/lxc", parameters: (try? plan.createRequest.parameters()) ?? [])],
            exitCode: ExitCodes.createFailed))
        actions.append(PlannedAction(
            .startContainer, step: .start,
            reason: "the create task starts it (start=1: nothing has to happen in between); then wait until it runs",
            exitCode: ExitCodes.notRunning))
        let waitsForAddress = options.ipTimeout > .zero && plan.spec.os.lowercased() != "alpine"
        actions.append(PlannedAction(
            .waitForAddress, step: .network,
            reason: !waitsForAddress
                ? (plan.spec.os.lowercased() == "alpine" ? "skipped for Alpine, as build.func does" : "skipped (--ip-timeout 0)")
                : plan.spec.network.staticAddress.map { "until eth0 shows \($0), at most \(options.ipTimeout)" }
                    ?? "until eth0 gets an address by DHCP, at most \(options.ipTimeout)",
            exitCode: ExitCodes.noIP))
        if plan.setsPasswordInside {
            actions.append(PlannedAction(
                .setPasswordInside, step: .provision,
                reason: "pvesh would show the password in the process list, so it is not sent with the create",
                nodeShell: ["chpasswd in container \(plan.ctid), the password on its standard input"], exitCode: ExitCodes.general))
        }
        actions += provisioningActions(for: plan, guest: guest)
        if plan.spec.network.staticAddress == nil, waitsForAddress {
            actions.append(PlannedAction(
                .writeNotes, step: .notes, reason: "the notes gain the address learned by DHCP; a failure is a warning",
                requests: [APIRequest(.put, guest + "/config", parameters: [APIParameter("description", .string(
                    plan.notes.replacingOccurrences(
                        of: "\n- \(plan.ownershipMark)", with: "\n- Address: <learned after start>\n- \(plan.ownershipMark)")))])],
                exitCode: 0))
        }
        return actions
    }

    /// The work inside the container and on the node, through the node shell, in build.func's order.
    private func provisioningActions(for plan: CreatePlan, guest: String) -> [PlannedAction] {
        guard let provisioning = plan.provisioning, let shell = provisioning.shell else { return [] }
        var actions: [PlannedAction] = []
        let spec = plan.spec
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
            if usbLines { steps.append("append build.func's USB serial lines to /etc/pve/lxc/\(plan.ctid).conf") }
            if coralLine { steps.append("append the Coral line (/dev/apex_0) to /etc/pve/lxc/\(plan.ctid).conf") }
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
                requests: requests, nodeShell: steps, exitCode: ExitCodes.general))
        }
        if provisioning.checkNetwork {
            actions.append(PlannedAction(
                .checkNetwork, step: .provision, reason: "the container must reach the network before anything is installed",
                nodeShell: ["network check inside container \(plan.ctid) through \(shell.name)"], exitCode: ExitCodes.general))
        }
        if provisioning.bootstrap {
            actions.append(PlannedAction(
                .bootstrap, step: .provision, reason: "build.func's base setup (§8)",
                nodeShell: ["locale, time zone and base packages inside container \(plan.ctid)"], exitCode: ExitCodes.general))
        }
        let keys = ([spec.sshAuthorizedKey].compactMap { $0 } + provisioning.sshKeys).filter { !$0.isEmpty }
        if !keys.isEmpty || provisioning.sshRoot {
            actions.append(PlannedAction(
                .installSSHKeys, step: .provision,
                reason: "\(keys.count) key source(s) for root" + (provisioning.sshRoot ? "; root login enabled (var_ssh=yes)" : ""),
                nodeShell: ["merge the keys into /root/.ssh/authorized_keys (keys on standard input)"], exitCode: ExitCodes.general))
        }
        if provisioning.runInstallScript, let catalog = provisioning.catalogDirectory {
            let probe = Provisioner(
                shell: shell, client: client, node: plan.node, ctid: plan.ctid, spec: spec, options: provisioning, address: nil,
                events: { _ in })
            actions.append(PlannedAction(
                .runInstallScript, step: .install,
                reason: "install/\(spec.app.lowercased())-install.sh from \(catalog); a failure exits with the script's code",
                nodeShell: ["bash inside container \(plan.ctid) with the app's install script and install.func"],
                environmentNames: probe.installEnvironment(functions: "").keys.sorted(), exitCode: ExitCodes.general))
        }
        if let hook = provisioning.postInstallHook {
            actions.append(PlannedAction(
                .postInstallHook, step: .hook,
                reason: "var_post_install (\(provisioning.postInstallHookSource ?? "library")); a failure is a warning",
                nodeShell: ["\(hook) on the node, as root"], exitCode: 0))
        }
        return actions
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
                    exitCode: error.kind == .cancelled ? ExitCodes.interrupted : ExitCodes.general,
                    message: "the node shell (\(shell.name)) does not work: \(error.message); nothing was created",
                    hint: "Check --node-shell (ssh://root@NODE needs a key the node accepts), or use --node-shell none with --no-install.")
            }
        }
        return provisioning
    }
}
