import ConfigResolution
public import HostProbe

extension BuildOverrides {
    /// Refuses overrides that cannot be built, before any request, naming the flag and the value: an IPv6 address
    /// without a prefix, a gateway with one. (A GPU choice is a `GPUChoice` (HostProbe), valid by construction.)
    /// - Throws: ``BuildError`` (64).
    public func validate() throws(BuildError) {
        try Self.checkIPv6(address: ipv6Address, gateway: ipv6Gateway)
    }

    /// The IPv6 rule of ``validate()`` for values not yet in an override (the command line's flags).
    /// - Throws: ``BuildError`` (64) naming `--ipv6-address` or `--ipv6-gateway`.
    public static func checkIPv6(address: String?, gateway: String?) throws(BuildError) {
        if let address, !(address.contains("/") && SettingValidator.isIPv6Address(address)) {
            throw BuildError(exitCode: BuildExitCode.usage,
                             message: "--ipv6-address \(BuildError.quoted(address)): not an IPv6 address with a prefix (fd00::5/64)")
        }
        if let gateway, gateway.contains("/") || !SettingValidator.isIPv6Address(gateway) {
            throw BuildError(exitCode: BuildExitCode.usage,
                             message: "--ipv6-gateway \(BuildError.quoted(gateway)): not an IPv6 address without a prefix (fd00::1)")
        }
    }

    /// The GPU a `--gpu` value names: `intel`, `amd`, `nvidia` or a PCI address (HostProbe's `GPUChoice(parsing:)`).
    /// - Parameters:
    ///   - text: The value given.
    ///   - setting: Where it came from, for the message.
    /// - Throws: ``BuildError`` (64) naming the setting, the value and what is accepted.
    public static func gpuChoice(parsing text: String, setting: String = "--gpu") throws(BuildError) -> GPUChoice {
        guard let choice = GPUChoice(parsing: text) else {
            throw BuildError(exitCode: .usage, message: "\(setting) \(BuildError.quoted(text)): not \(GPUChoice.accepted)")
        }
        return choice
    }

    /// Refuses a negative wait for the container's address (``ipTimeout``; 0 skips the wait).
    /// - Parameters:
    ///   - seconds: The seconds given.
    ///   - setting: Where they came from, for the message.
    /// - Throws: ``BuildError`` (64).
    public static func checkIPTimeout(_ seconds: Int, setting: String = "--ip-timeout") throws(BuildError) {
        guard seconds >= 0 else { throw BuildError(exitCode: .usage, message: "\(setting) \(seconds): must be 0 or more seconds") }
    }
}
