extension ResolvedConfiguration {
    /// The mount points of `var_mounts`, in order (`mp0` first); empty when unset.
    public var mounts: [MountPointSetting] {
        (list(.mounts) ?? []).compactMap { try? MountPointSetting.parse($0) }
    }
}
