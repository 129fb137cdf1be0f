/// A value the build uses instead of the one the settings asked for, decided while planning (build.func's
/// substitute-with-a-warning rule), so the plan and the summary show what will be built before anything is
/// written. A value given on this command line is never substituted (``ContainerSpec/pinned``).
public struct Substitution: Sendable, Equatable, CustomStringConvertible {
    /// What was substituted. The raw value is the stable code `--json` output carries.
    public enum Kind: String, Sendable, CaseIterable {
        /// No template for the OS version asked for: the nearest version that has one.
        case templateVersion = "template-version-substituted"
        /// The container id asked for is in use: the next free one.
        case ctid = "ctid-substituted"
        /// A feature only root@pam may set (keyctl, fuse, mknod, mount types), not given on the command line, with
        /// a login that is not root@pam (an API token): the container is built without it.
        case rootOnlyFeature = "feature-dropped-for-login"
    }

    /// What was substituted.
    public var kind: Kind
    /// The setting it concerns (`var_version`, `var_ctid`).
    public var variable: String
    /// The value asked for.
    public var requested: String
    /// The value the build uses.
    public var used: String
    /// One line for the user: what was asked for, why it cannot be used, and what is used instead.
    public var message: String

    /// A substitution with its message.
    public init(kind: Kind, variable: String, requested: String, used: String, message: String) {
        self.kind = kind
        self.variable = variable
        self.requested = requested
        self.used = used
        self.message = message
    }

    /// The stable code of ``kind``, such as `template-version-substituted`.
    public var code: String { kind.rawValue }

    /// The message.
    public var description: String { message }
}
