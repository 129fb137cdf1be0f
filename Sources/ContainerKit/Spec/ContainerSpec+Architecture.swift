extension ContainerSpec {
    /// Refuses a build the app does not support on the spec's template architecture: an app whose script says
    /// `var_arm64="no"` (``AppDefinition/supportsARM64``) on `arm64`, as build.func's `arch_check` does (exit 106).
    ///
    /// The architecture is the spec's ``arch``, the one the template is chosen for (`amd64` unless a library
    /// caller sets `arm64`); it is checked when planning, before any request that writes.
    /// - Throws: ``BuildError`` (106).
    public func checkArchitecture() throws(BuildError) {
        guard arch == "arm64", appSupportsARM64 == false else { return }
        throw BuildError(exitCode: .unsupportedArchitecture, message: "\(app) does not support arm64 (its script says var_arm64=no); nothing was created",
                         hint: "Build it on an amd64 node, with an amd64 template.")
    }
}
