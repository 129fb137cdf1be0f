import ConfigResolution

extension StackRunner {
    /// 77 when a login other than root@pam (an API token included) would create members with bind mounts of host paths,
    /// which PVE allows root@pam alone: the whole stack stops before any write, rather than the other members being built
    /// without them. Names each member and its host paths.
    static func bindMountRefusal(_ stack: Stack, creating: Set<String>, identity: String) -> BuildError? {
        guard identity != "root@pam" else { return nil }
        let binds = stack.members.filter { creating.contains($0.name) }.compactMap { member -> String? in
            let paths = member.spec.mounts.filter(\.isBindMount).map(\.volumeText)
            return paths.isEmpty ? nil : "\(member.name) (\(paths.joined(separator: ", ")))"
        }
        guard !binds.isEmpty else { return nil }
        return BuildError(
            exitCode: BuildExitCode.permissionDenied,
            message: "stack \(stack.name): bind mounts of host paths (mounts: or var_mounts) can only be set by root@pam, and this run logs in as "
                + "\(identity): \(binds.joined(separator: "; ")); nothing was created",
            hint: ContainerBuilder.bindMountHint)
    }
}
