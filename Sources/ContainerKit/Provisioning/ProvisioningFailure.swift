import Foundation
import Synchronization

/// A failed bootstrap or install: build.func's install-failure recovery without its menu (``ContainerBuilder`` shows
/// that).
struct ProvisioningFailure: Sendable {
    var exitCode: BuildExitCode
    var message: String
    /// What the container side printed or logged (`INSTALL_LOG`).
    var containerLog: String
    /// The pulled `.errinfo` file, if the script wrote one.
    var errorInfo: Data?

    /// Writes the combined log (and the `.errinfo` copy), records the failure for the recovery decision and
    /// makes the error: the install's exit code, build.func's explanation and hints, the log's path.
    func buildError(provisioner: Provisioner) -> BuildError {
        let containerPhase = provisioner.log.redact(containerLog)
        let path = "\(provisioner.options.logDirectory)/\(provisioner.spec.app.lowercased())-\(provisioner.ctid)-\(provisioner.sessionID).log"
        let header = """
            ================================================================
            lxc-build combined log: \(provisioner.spec.app) in container \(provisioner.ctid) on \(provisioner.node)
            session \(provisioner.sessionID), exit code \(exitCode) (\(exitCode.explanation))
            ================================================================

            """
        let text = header + "=== PHASE 1: CONTAINER CREATION (Host) ===\n" + provisioner.log.text
            + "\n=== PHASE 2: APPLICATION INSTALLATION (Container) ===\n" + containerPhase + "\n"
        var written: String? = path
        do throws(LogFileError) {
            try LogFile.prepareFolder(provisioner.options.logDirectory)
            try LogFile.write(Data(text.utf8), to: path)
            if let errorInfo {
                try? LogFile.write(
                    Data(provisioner.log.redact(String(decoding: errorInfo, as: UTF8.self)).utf8),
                    to: "\(provisioner.options.logDirectory)/.errinfo-\(provisioner.sessionID)")
            }
            CombinedLogFolder.prune(provisioner.options.logDirectory, keeping: path)
        } catch {
            written = nil
            provisioner.warn("could not write the combined log: \(error)")
        }
        let scan = LogScan(containerPhase)
        let hints = Self.hints(exitCode: exitCode.rawValue, log: containerPhase, scan: scan)
        var hint = hints.joined(separator: "\n  ")
        if let written { hint += (hint.isEmpty ? "" : "\n  ") + "Full log: \(written)" }
        provisioner.outcome.record(InstallFailure(exitCode: exitCode, logPath: written, repairs: Self.repairs(exitCode: exitCode.rawValue, scan: scan)))
        return BuildError(exitCode: exitCode, message: message, hint: hint.isEmpty ? nil : hint)
    }

    /// build.func's hints after a failed install: explanations by exit code and by what the log shows.
    static func hints(exitCode code: Int32, log: String) -> [String] {
        hints(exitCode: code, log: log, scan: LogScan(log))
    }

    /// ``hints(exitCode:log:)`` with the log's scan made once for both this and ``repairs(exitCode:scan:)``.
    static func hints(exitCode code: Int32, log: String, scan lower: LogScan) -> [String] {
        var hints: [String] = []
        if code == 10 { hints.append("This app needs a privileged container or nesting (var_unprivileged=0 or var_nesting=1).") }
        if code == 125 || code == 126 { hints.append("A command could not be executed: a permission problem inside the container.") }
        if [228, 23].contains(code) || lower.contains("no space left on device") {
            hints.append("The disk is full: try again with twice the disk (var_disk).")
        }
        let commandNotFound = lower.contains("command not found")
        if code == 127 || commandNotFound {
            // The regular expression only runs when the phrase is there: on a long log without it, it would read it all.
            let missing = commandNotFound ? log.firstMatch(of: #/([A-Za-z0-9_.\-]+): command not found/#).map { " (\($0.1))" } ?? "" : ""
            hints.append("A command was not found\(missing): the script expects a package that is not installed.")
        }
        if [134, 137, 243].contains(code) || lower.contains("out of memory") || lower.contains("heap limit") {
            hints.append("Out of memory: try again with more RAM (var_ram).")
        }
        if (100...102).contains(code) || (code == 255 && Self.showsAPTTrouble(lower)) {
            hints.append("APT/dpkg failed: a dependency conflict, a broken mirror or an interrupted dpkg; repairing APT and retrying may help.")
        }
        let networkCodes: Set<Int32> = [6, 7, 22, 28, 35, 52, 56, 57, 75, 78]
        if networkCodes.contains(code) || ([100, 128].contains(code) && Self.showsNetworkTrouble(lower)) {
            hints.append("A download failed: check the container's network, DNS and proxy.")
        }
        return hints
    }

    /// The in-place repairs of build.func's recovery menu that the log gives a reason for.
    static func repairs(exitCode code: Int32, log: String) -> [RepairOption] {
        repairs(exitCode: code, scan: LogScan(log))
    }

    /// ``repairs(exitCode:log:)`` on a scan made once.
    static func repairs(exitCode code: Int32, scan lower: LogScan) -> [RepairOption] {
        var options: [RepairOption] = []
        if (100...102).contains(code) || showsAPTTrouble(lower) { options.append(.repairAPT) }
        if [134, 137, 243].contains(code) || lower.contains("out of memory") { options.append(.moreResources) }
        if [228, 23].contains(code) || lower.contains("no space left on device") { options.append(.moreDisk) }
        if showsNetworkTrouble(lower) { options.append(.dnsOverride) }
        return options
    }

    static func showsAPTTrouble(_ lower: LogScan) -> Bool {
        lower.containsAny([
            "dpkg was interrupted", "unmet dependencies", "broken packages", "could not get lock", "hash sum mismatch",
            "e: unable to locate package",
        ])
    }

    static func showsNetworkTrouble(_ lower: LogScan) -> Bool {
        lower.containsAny([
            "could not resolve", "temporary failure resolving", "name or service not known", "network is unreachable", "connection timed out",
        ])
    }
}

/// A repair build.func's recovery menu offers when the log shows its cause.
public enum RepairOption: String, Sendable, Equatable, CaseIterable {
    /// `dpkg --configure -a`, `apt-get -f install`, clean, update, then the install again in place.
    case repairAPT = "repair-apt"
    /// Rebuild with twice the RAM and cores.
    case moreResources = "more-resources"
    /// Rebuild with twice the disk.
    case moreDisk = "more-disk"
    /// 8.8.8.8 and 1.1.1.1 in the container's resolv.conf, then the install again in place.
    case dnsOverride = "dns-override"
}

/// What a failed install left for the recovery decision.
struct InstallFailure: Sendable, Equatable {
    var exitCode: BuildExitCode
    var logPath: String?
    var repairs: [RepairOption]
}

/// Where the provisioner leaves its failure for ``ContainerBuilder``.
final class ProvisioningOutcome: Sendable {
    private let failure = Mutex<InstallFailure?>(nil)
    func record(_ value: InstallFailure) { failure.withLock { $0 = value } }
    var installFailure: InstallFailure? { failure.withLock { $0 } }
}
