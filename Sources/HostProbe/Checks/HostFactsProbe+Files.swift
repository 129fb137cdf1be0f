/// The checks and facts read from files only.
extension HostFactsProbe {
    /// `root_check`: effective uid 0 and a parent process other than `sudo`, else 104.
    func checkRoot(_ scan: inout HostScan) {
        let fileSystem = context.fileSystem
        let status = ProcessStatus.parse(fileSystem.text(at: "/proc/self/status") ?? "")
        guard let uid = status.effectiveUID else {
            scan.unknowns.append(UnknownFact(fact: "root", reason: "/proc/self/status is not readable"))
            scan.checks.append(
                HostCheck(name: .root, status: .unknown, exitCode: 104, message: "the user id could not be read",
                          remedy: "Run lxc-build as root")
            )
            return
        }
        scan.facts.root = uid == 0
        let parent = status.parentPID.flatMap { fileSystem.trimmedText(at: "/proc/\($0)/comm") }
        if uid != 0 {
            scan.checks.append(
                HostCheck(name: .root, status: .failed, exitCode: 104, message: "not running as root (uid \(uid))",
                          remedy: "Please run lxc-build as root")
            )
        } else if parent == "sudo" {
            scan.checks.append(
                HostCheck(name: .root, status: .failed, exitCode: 104, message: "started through sudo",
                          remedy: "Log in as root (e.g. the Proxmox shell) instead of using sudo")
            )
        } else {
            scan.checks.append(HostCheck(name: .root, status: .passed, message: "running as root"))
        }
    }

    /// `maxkeys_check`: limits readable (else 107) and uid 100000 below the thresholds (else 108).
    func checkKeyLimits(_ scan: inout HostScan) {
        guard let limits = KeyLimits.read(context.fileSystem) else {
            scan.unknowns.append(
                UnknownFact(fact: "keyLimits", reason: "/proc/sys/kernel/keys/maxkeys or maxbytes is not readable")
            )
            scan.checks.append(
                HostCheck(name: .maxkeys, status: .failed, exitCode: 107,
                          message: "Unable to read kernel key parameters (/proc/sys/kernel/keys/maxkeys, maxbytes)",
                          remedy: "Run on the Proxmox VE host itself, with /proc readable")
            )
            return
        }
        scan.facts.keyLimits = limits
        let usage = "uid \(KeyLimits.containerRootUID) uses \(limits.usedKeys) of \(limits.maxKeys) keys "
            + "and \(limits.usedBytes) of \(limits.maxBytes) bytes"
        if limits.isExceeded {
            scan.checks.append(
                HostCheck(name: .maxkeys, status: .failed, exitCode: 108, message: "kernel key limits nearly exceeded: \(usage)",
                          remedy: "Add \(limits.suggestedSysctl.joined(separator: " and ")) to "
                            + "/etc/sysctl.d/98-community-scripts.conf, then run `sysctl --system`")
            )
        } else {
            scan.checks.append(HostCheck(name: .maxkeys, status: .passed, message: usage))
        }
    }

    /// Bridges from `/etc/network/interfaces` and `interfaces.d/*`, then SDN vnets; the check fails
    /// with 116 when there is none and `/sys/class/net/vmbr0` does not exist either.
    func readBridges(_ scan: inout HostScan) {
        let fileSystem = context.fileSystem
        let (bridges, readable) = Bridge.declared(in: fileSystem)
        if !readable {
            scan.unknowns.append(UnknownFact(fact: "bridges", reason: "/etc/network/interfaces is not readable"))
        }
        scan.facts.bridges = bridges

        if !bridges.isEmpty {
            let names = bridges.map(\.menuName).joined(separator: ", ")
            scan.checks.append(HostCheck(name: .bridge, status: .passed, message: "bridges: \(names)"))
        } else if fileSystem.exists(at: "/sys/class/net/vmbr0/bridge") {
            scan.checks.append(
                HostCheck(name: .bridge, status: .passed, message: "vmbr0 exists, though no interfaces file declares it")
            )
        } else {
            scan.checks.append(
                HostCheck(name: .bridge, status: .failed, exitCode: 116, message: "Default bridge 'vmbr0' not found",
                          remedy: "Create a Linux bridge (vmbr0) under Node → System → Network")
            )
        }
    }

    /// `/etc/timezone`, else the zone named by the `/etc/localtime` link.
    func timezone() -> String? {
        let fileSystem = context.fileSystem
        if let zone = fileSystem.trimmedText(at: "/etc/timezone") { return zone }
        guard let target = fileSystem.symlinkDestination(at: "/etc/localtime"),
            let marker = target.range(of: "zoneinfo/")
        else { return nil }
        return String(target[marker.upperBound...])
    }
}

/// The fields of `/proc/<pid>/status` the root check needs.
struct ProcessStatus: Sendable, Equatable {
    /// The second value of the `Uid:` line (real, effective, saved, fs).
    var effectiveUID: Int?
    /// The `PPid:` value.
    var parentPID: Int?

    /// Parses `Uid:\t0\t0\t0\t0` and `PPid:\t4242` lines.
    static func parse(_ text: String) -> ProcessStatus {
        var status = ProcessStatus()
        for line in text.split(whereSeparator: \.isNewline) {
            let fields = line.split(whereSeparator: \.isWhitespace)
            switch fields.first {
            case "Uid:" where fields.count > 2: status.effectiveUID = Int(fields[2])
            case "PPid:" where fields.count > 1: status.parentPID = Int(fields[1])
            default: continue
            }
        }
        return status
    }
}
