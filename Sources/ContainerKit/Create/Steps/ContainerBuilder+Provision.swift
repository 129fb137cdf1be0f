import ConfigResolution
import Foundation
import ProxmoxAPI
import Synchronization

extension ContainerBuilder {
    /// Refuses, before anything is created, a build whose provisioning needs a node shell when there is none
    /// (`--node-shell none`). The hint names how to leave out exactly what needs it: `--no-install` for the
    /// install script, `--unset KEY` for a setting, the flag for a device.
    func checkProvisioning(_ spec: ContainerSpec) throws(BuildError) {
        guard let provisioning = options.provisioning, provisioning.shell == nil else { return }
        var needs: [(what: String, without: String)] = []
        func unset(_ keys: [ConfigKey]) -> String { keys.map { "--unset " + $0.variableName.dropFirst(4) }.joined(separator: " ") }
        if provisioning.runInstallScript, provisioning.catalogDirectory != nil { needs.append(("the app's install script", "--no-install")) }
        if spec.devices.contains(where: { Provisioner.gpuGroup(of: $0.path) != nil }) { needs.append(("GPU group ids", "no --gpu, " + unset([.gpu]))) }
        if provisioning.usbPassthrough { needs.append(("USB passthrough lines", "no --usb-serial or --coral")) }
        // SSH keys go with the create request; only enabling root login (var_ssh=yes) changes sshd inside.
        if provisioning.sshRoot { needs.append(("root login over SSH (var_ssh=yes)", unset([.ssh]))) }
        if provisioning.postInstallHook != nil { needs.append(("the post-install hook", unset([.postInstall]))) }
        var proxyKeys: [ConfigKey] = []
        if provisioning.httpProxy != nil { proxyKeys.append(.httpProxy) }
        if provisioning.aptCacher { proxyKeys.append(.aptCacher) }
        if provisioning.inheritHostCA { proxyKeys.append(.inheritHostCA) }
        if !proxyKeys.isEmpty {
            needs.append(("proxy, APT cacher and CA settings", unset(proxyKeys)))
        }
        guard !needs.isEmpty else { return }
        throw BuildError(
            exitCode: .usage,
            message: "\(needs.map(\.what).joined(separator: ", ")) must run inside the container, which needs a node shell, and --node-shell is none",
            hint: "Run lxc-build on the node (--node-shell local), reach it with --node-shell ssh://root@NODE, or leave "
                + (needs.count == 1 ? "it" : "them") + " out: " + needs.map(\.without).joined(separator: "; ") + ".")
    }

    /// The provisioner for the container the run made; it lives for the run's provisioning actions.
    func makeProvisioner(_ plan: CreatePlan, ctid: Int, address: String?) -> Provisioner? {
        guard let provisioning = plan.provisioning, let shell = provisioning.shell else { return nil }
        let provisioner = Provisioner(
            shell: shell, client: client, node: plan.node, ctid: ctid, spec: plan.spec, options: provisioning, address: address,
            events: events, taskTimeout: options.taskTimeout)
        provisioner.log.note("provisioning container \(ctid) on \(plan.node) through \(shell.name), session \(provisioner.sessionID)")
        return provisioner
    }

    /// One provisioning action of the plan. A failed install goes through the recovery policy (menu or
    /// `--on-failure`): repaired in place, or remembered for the cleanup and the rebuild.
    func provision(_ action: PlannedAction, with provisioner: Provisioner?, state: BuildState) async throws(BuildError) {
        guard let provisioner else { return }
        switch action.kind {
        case .configureDevices:
            try await provisioner.configureDevices(planned: action.requests)
        case .checkNetwork:
            events(.started(.provision))
            try await provisioner.checkNetwork()
            if !provisioner.options.bootstrap { events(.finished(.provision, "network checked")) }
        case .bootstrap:
            if !provisioner.options.checkNetwork { events(.started(.provision)) }
            try await provisioner.bootstrap()
            events(.finished(.provision, provisioner.options.checkNetwork ? "network checked, bootstrap done" : "bootstrap done"))
        case .installSSHKeys:
            try await provisioner.installSSHKeys()
        case .runInstallScript:
            do {
                try await provisioner.runInstallScript()
            } catch {
                guard let failure = provisioner.outcome.installFailure else { throw error }
                var error = error
                let action = await recoveryAction(for: failure, policy: provisioner.options.onFailure)
                if let repaired = try await repairInPlace(action, provisioner: provisioner, error: &error), repaired { return }
                await state.recover(action)
                throw error
            }
        case .postInstallHook:
            await provisioner.runPostInstallHook()
        default:
            return
        }
    }

    /// The unattended policy, or the interactive menu with a 60 s timeout that falls back to remove.
    func recoveryAction(for failure: InstallFailure, policy: RecoveryPolicy) async -> RecoveryAction {
        guard options.interactive, let chooser = options.chooser else { return RecoveryAction(policy) }
        var choices: [(String, RecoveryAction)] = [
            ("Remove the container and exit", .remove), ("Keep the container for debugging", .keep),
            ("Retry in verbose mode (full rebuild)", .retryVerbose),
        ]
        for repair in failure.repairs {
            switch repair {
            case .repairAPT: choices.append(("Repair APT/DPKG and re-run the install in place", .repair(.repairAPT)))
            case .dnsOverride: choices.append(("Retry with a DNS override (8.8.8.8 / 1.1.1.1)", .repair(.dnsOverride)))
            case .moreResources: choices.append(("Retry with twice the RAM and cores", .repair(.moreResources)))
            case .moreDisk: choices.append(("Retry with twice the disk", .repair(.moreDisk)))
            }
        }
        let question = "Installation failed (exit code \(failure.exitCode)). Select option (default: 1, auto-remove in 60s)"
        let titles = choices.map(\.0)
        // A chooser reading the terminal may ignore cancellation: race it without waiting for the loser.
        let pending = Mutex<CheckedContinuation<Int?, Never>?>(nil)
        let index = await withCheckedContinuation { (continuation: CheckedContinuation<Int?, Never>) in
            pending.withLock { $0 = continuation }
            let answer: @Sendable (Int?) -> Void = { value in
                pending.withLock { waiting in
                    waiting?.resume(returning: value)
                    waiting = nil
                }
            }
            Task { answer(await chooser.choose(question, options: titles, defaultIndex: 0)) }
            Task { try? await self.sleep(.seconds(60)); answer(nil) }
        }
        return index.flatMap { choices.indices.contains($0) ? choices[$0].1 : nil } ?? .remove
    }

    /// APT repair and DNS override re-run the install in the same container; `true` when it then succeeded.
    private func repairInPlace(_ action: RecoveryAction, provisioner: Provisioner, error: inout BuildError) async throws(BuildError) -> Bool? {
        guard case .repair(let repair) = action, repair == .repairAPT || repair == .dnsOverride else { return nil }
        let script = repair == .repairAPT
            ? "export DEBIAN_FRONTEND=noninteractive; dpkg --configure -a; apt-get -f install -y; apt-get clean; apt-get update"
            : "printf 'nameserver 8.8.8.8\\nnameserver 1.1.1.1\\n' > /etc/resolv.conf"
        try await provisioner.inside("repair: \(repair.rawValue)", script, timeout: .seconds(1800))
        do {
            try await provisioner.runInstallScript()
            return true
        } catch let again {
            error = again
            return false
        }
    }

    /// After removal: builds once more with a new CTID and verbose output, or with more resources or disk.
    func rebuild(_ plan: CreatePlan, after action: RecoveryAction) async throws(BuildError) -> BuildResult? {
        // A new plan from the decisions of the one that failed, not planned again from the start: the same node,
        // storages, template and run mark; a new id, the plan's time now, and only what the recovery changes.
        guard var provisioning = plan.provisioning else { return nil }
        var decided = plan.decisions
        switch action {
        case .retryVerbose: provisioning.verbose = true
        case .repair(.moreResources):
            decided.spec.memoryMiB *= 2
            decided.spec.cores *= 2
        case .repair(.moreDisk): decided.spec.diskGiB *= 2
        default: return nil
        }
        provisioning.onFailure = .remove
        decided.provisioning = provisioning
        decided.ctid = try await api("finding a free container id", exitCode: BuildExitCode.noFreeCTID) { () throws(ProxmoxError) in
            try await client.nextID()
        }
        decided.madeAt = now()
        var options = self.options
        options.provisioning = provisioning
        options.interactive = false
        let builder = ContainerBuilder(client: client, options: options, events: events, sleep: sleep, now: now)
        // The request is made again from the decided values, as the plan made it: nothing patched field by field.
        var warnings: [String] = []
        (decided.createRequest, decided.setsPasswordInside) = try builder.plannedCreateRequest(
            decided.spec, ctid: decided.ctid, templateVolid: decided.template.volid, containerStorage: decided.containerStorage,
            identity: decided.identity, warnings: &warnings)
        let next = try builder.makePlan(decided)
        events(.decided("building again as container \(next.ctid) (\(action))"))
        return try await builder.execute(next)
    }
}

/// What happens after a failed install.
enum RecoveryAction: Sendable, Equatable, CustomStringConvertible {
    case remove, keep, retryVerbose
    case repair(RepairOption)

    init(_ policy: RecoveryPolicy) {
        switch policy {
        case .remove: self = .remove
        case .keep: self = .keep
        case .retryVerbose: self = .retryVerbose
        }
    }

    /// Whether the failed container stays.
    var keepsContainer: Bool { self == .keep }

    var description: String {
        switch self {
        case .remove: return "remove"
        case .keep: return "keep"
        case .retryVerbose: return "verbose retry"
        case .repair(let option): return option.rawValue
        }
    }
}
