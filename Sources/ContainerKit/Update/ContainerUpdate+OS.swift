import Foundation
import ProxmoxAPI

/// What `update` updates: the app (the catalog's `update_script`, the default) or the OS packages.
public enum UpdateTarget: String, Sendable, Equatable, CaseIterable {
    /// The app, as the catalog's `ct/<app>.sh` updates it.
    case app
    /// The distribution's packages, with its own package manager, unattended (`update --os`).
    case os
}

extension ContainerUpdate {
    /// The OS update run inside: the first package manager found, unattended, in the order Debian/Ubuntu/Devuan (apt),
    /// Alpine (apk), Fedora/Rocky/Alma/CentOS (dnf, else yum), Arch (pacman), openSUSE (zypper); 127 when none is
    /// there. POSIX sh, so it runs where bash is not installed (Alpine). apt keeps changed configuration files.
    static let osUpdateScript = """
        set -e
        if command -v apt-get >/dev/null 2>&1; then
          export DEBIAN_FRONTEND=noninteractive
          apt-get update
          apt-get -y -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold dist-upgrade
          apt-get -y autoremove
        elif command -v apk >/dev/null 2>&1; then
          apk -U upgrade
        elif command -v dnf >/dev/null 2>&1; then
          dnf -y upgrade
        elif command -v yum >/dev/null 2>&1; then
          yum -y update
        elif command -v pacman >/dev/null 2>&1; then
          pacman -Syu --noconfirm
        elif command -v zypper >/dev/null 2>&1; then
          zypper --non-interactive refresh
          zypper --non-interactive update
        else
          echo "no package manager found (apt-get, apk, dnf, yum, pacman, zypper)" >&2
          exit 127
        fi
        """

    /// Whether the OS asks for a restart after its update: `/var/run/reboot-required` (Debian, Ubuntu), or
    /// `needs-restarting -r` exiting 1 (Fedora and its kin); prints `yes`, `no` or `unknown`.
    static let rebootRequiredScript = """
        if [ -f /var/run/reboot-required ] || [ -f /run/reboot-required ]; then echo yes; exit 0; fi
        if command -v needs-restarting >/dev/null 2>&1; then
          if needs-restarting -r >/dev/null 2>&1; then echo no; else echo yes; fi; exit 0
        fi
        if command -v apt-get >/dev/null 2>&1; then echo no; else echo unknown; fi
        """

    /// The package manager `update --os` will use for an OS named by os-release's `ID` (and `ID_LIKE`), for the plan.
    static func packageManager(osID: String?) -> String? {
        switch osID?.lowercased() {
        case "debian", "ubuntu", "devuan": "apt-get (update, dist-upgrade, autoremove)"
        case "alpine": "apk (-U upgrade)"
        case "fedora", "rocky", "rockylinux", "almalinux", "centos", "rhel": "dnf (upgrade)"
        case "arch", "archlinux": "pacman (-Syu)"
        case "opensuse", "opensuse-leap", "opensuse-tumbleweed", "sles": "zypper (refresh, update)"
        default: nil
        }
    }

    /// Decides the OS update of `ctid` (``Options/target`` `.os`), reads only: the container, its protection, its
    /// OS through the node shell (no catalog is read), and its health baseline (services; a URL only with
    /// `--health-url`). The plan runs ``osUpdateScript`` with the same snapshot or backup, health gate and rollback as
    /// an app's update.
    /// - Throws: ``BuildError`` as ``plan(ctid:)`` does, without the catalog's and the OS guard's codes.
    func planOS(ctid: Int) async throws(BuildError) -> UpdatePlan {
        guard let shell else {
            throw BuildError(exitCode: BuildExitCode.usage, message: "update --os runs the package manager inside container \(ctid) and --node-shell is none",
                             hint: "Run lxc-build on the node, or give --node-shell ssh://root@NODE.")
        }
        let (node, config, status) = try await ContainerLookup.read(ctid, given: options.node, client: client)
        try refuseUnupdatable(ctid, config: config, status: status)
        var plan = UpdatePlan.Draft(
            ctid: ctid, node: node, app: "os", appSource: "--os", appName: "the OS packages", target: .os,
            script: Self.osUpdateScript, functions: "", notes: config.options.description ?? "")
        if !status.isRunning { planStart(&plan) }
        try await protect(&plan, config: config)
        if NodeInspection.checksNode(of: shell) {
            try await NodeInspection(shell: shell, timeout: options.commandTimeout, leftUndone: "nothing was changed").verify(node: node)
        }
        if status.isRunning { try await checkOS(&plan, shell: shell) }
        let manager = Self.packageManager(osID: plan.containerOS?.split(separator: " ").first.map(String.init))
        plan.actions.append(.updateOS(ctid: ctid, shell: shell.name, manager: manager, os: plan.containerOS))
        try await planHealth(&plan, catalogDirectory: nil, shell: shell)
        planRollback(&plan)
        plan.actions.append(.rebootIfRequired(reboot: options.rebootIfRequired))
        planRestore(&plan)
        return UpdatePlan(plan)
    }

    /// After a successful OS update: whether the OS asks for a restart, and with ``Options/rebootIfRequired`` the
    /// reboot (PVE's reboot task) and the health check again.
    func afterOSUpdate(_ result: inout UpdateResult, shell: any NodeShell) async {
        guard case .rebootIfRequired(let reboot)? = result.plan.actions(.rebootIfRequired).first else { return }
        result.performed.append(.rebootIfRequired(reboot: reboot))
        let answer = try? await shell.exec(ctid: result.plan.ctid, ["sh", "-c", Self.rebootRequiredScript], timeout: options.commandTimeout)
        let text = answer.map { $0.output.trimmingCharacters(in: .whitespacesAndNewlines) }
        result.rebootRequired = text == "yes" ? true : (text == "no" ? false : nil)
        guard reboot, result.rebootRequired == true else { return }
        progress("rebooting container \(result.plan.ctid): its OS asks for a restart")
        let container = client.node(result.plan.node).container(result.plan.ctid)
        if let error = await taskToItsEnd({ () throws(ProxmoxError) in try await container.reboot() }) {
            result.warnings.append("the OS asks for a restart and the reboot failed (\(error.message)): pct reboot \(result.plan.ctid)")
            return
        }
        result.rebooted = true
        if let baseline = result.health?.baseline {
            result.health = await healthCheck(shell).check(baseline, waitUpTo: options.healthWait)
            if result.health?.healthy == false {
                result.warnings.append("after the reboot the container is unhealthy: \(result.health?.summary ?? "")")
            }
        }
    }
}
