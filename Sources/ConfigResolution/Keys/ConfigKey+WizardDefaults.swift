extension ConfigKey {
    /// The hosts that bypass the proxy when `var_http_no_proxy` is unset (build.func's fallback): what the advanced wizard
    /// offers and what the proxy files and the install script get inside the container.
    public static let defaultNoProxy = "localhost,127.0.0.1,.local"
}

extension DerivationRule {
    /// The `var_keyctl` that ``keyctlFromUnprivileged`` gives: `1` for an unprivileged container, `0` for a privileged
    /// one (what the advanced wizard offers for a container made privileged while keyctl still follows the rule).
    /// - Parameter unprivileged: Whether the container is unprivileged.
    public static func keyctl(unprivileged: Bool) -> String {
        unprivileged ? "1" : "0"
    }
}
