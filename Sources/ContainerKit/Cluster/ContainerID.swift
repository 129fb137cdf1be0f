import ProxmoxAPI

/// The rule for a container id given on a command line or by a Swift tool: Proxmox VE's guest ids, 100 to 999999999.
public enum ContainerID {
    /// The ids a container may have: 100 to 999999999 (Proxmox VE's guest id range, `pve-vmid`).
    public static let accepted: ClosedRange<Int> = ProxmoxClient.validIDs

    /// Refuses an id outside ``accepted`` before it reaches a request path, naming the setting and the value.
    /// - Parameters:
    ///   - ctid: The id given.
    ///   - setting: Where it came from, for the message (`CTID`, the positional argument, by default).
    /// - Throws: ``BuildError`` (64): `CTID 99: container ids start at 100`, `CTID 1000000000: container ids end at
    ///   999999999`.
    public static func validate(_ ctid: Int, setting: String = "CTID") throws(BuildError) {
        guard ctid >= accepted.lowerBound else {
            throw BuildError(exitCode: .usage, message: "\(setting) \(ctid): container ids start at \(accepted.lowerBound)")
        }
        guard ctid <= accepted.upperBound else {
            throw BuildError(exitCode: .usage, message: "\(setting) \(ctid): container ids end at \(accepted.upperBound)")
        }
    }
}
