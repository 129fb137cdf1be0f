extension ContainerBuilder {
    /// Token-aware defaults: PVE lets only root@pam set keyctl, fuse, mknod and mount types. With another login
    /// (an API token), such a feature that did not come from this command line (a built-in, a derived value, the
    /// environment, a `.vars` file, the app) is dropped as a ``Substitution``, shown by the plan and the summary
    /// before anything is written; one given on the command line (``PinnedValue/rootOnlyFeatures``) is kept, and
    /// the create request then stops with 77 naming it.
    func droppingRootOnlyFeatures(
        _ spec: ContainerSpec, identity: String, substitutions: inout [Substitution]
    ) -> ContainerSpec {
        guard identity != "root@pam", !spec.pinned.contains(.rootOnlyFeatures) else { return spec }
        var built = spec
        func drop(_ variable: String, _ requested: String, feature: String) {
            let source = spec.sources[variable].map { " (\($0))" } ?? ""
            substitutions.append(Substitution(
                kind: .rootOnlyFeature, variable: variable, requested: requested, used: variable == "var_mount_fs" ? "" : "0",
                message: "\(variable)=\(requested)\(source) can only be set by root@pam, and this run logs in as \(identity): "
                    + "the container is built without \(feature). To require it, give --set \(variable.dropFirst(4))=\(requested) "
                    + "(the run then stops with 77) or log in as root@pam"))
        }
        if spec.features.keyctl ?? spec.unprivileged {
            drop("var_keyctl", "1", feature: "keyctl (Docker inside needs it)")
            built.features.keyctl = false
        }
        if spec.features.fuse {
            drop("var_fuse", "yes", feature: "fuse")
            built.features.fuse = false
        }
        if spec.features.mknod {
            drop("var_mknod", "1", feature: "mknod")
            built.features.mknod = false
        }
        if !spec.features.mountTypes.isEmpty {
            drop("var_mount_fs", spec.features.mountTypes.joined(separator: ","), feature: "the mount types")
            built.features.mountTypes = []
        }
        return built
    }
}
