import ArgumentParser
import ConfigResolution
import ContainerKit

/// `--node-shell`, `--on-failure` and `--usb-passthrough`: how provisioning inside the container runs.
struct ProvisioningFlags: ParsableArguments {
    @Option(
        name: .customLong("node-shell"),
        help: "How to reach the node for work inside the container: local, ssh://[user@]host[:port] or none (default: local on a Proxmox VE node, else none).")
    var nodeShell: String?

    @Option(name: .customLong("on-failure"), help: "When the install fails unattended: remove (default), keep or retry-verbose.",
            completion: .list(RecoveryPolicy.allCases.map(\.rawValue)))
    var onFailure: String = RecoveryPolicy.remove.rawValue

    @Flag(name: .customLong("usb-passthrough"), help: "Privileged containers: build.func's USB serial block (removes device confinement).")
    var usbPassthrough = false

    func validate() throws {
        try OptionChecks.check { () throws(BuildError) in
            _ = try NodeShellChoice.chosen(nodeShell)
            _ = try RecoveryPolicy(parsing: onFailure)
        }
    }

    /// The node shell this run provisions through (`nil` for `--node-shell none`).
    func shell() throws(BuildError) -> (any NodeShell)? {
        try NodeShellChoice.chosen(nodeShell).makeShell()
    }

    /// The flags' part of the build overrides.
    func apply(to overrides: inout BuildOverrides) {
        overrides.onFailure = RecoveryPolicy(rawValue: onFailure) ?? .remove
        overrides.usbPassthrough = usbPassthrough
    }
}
