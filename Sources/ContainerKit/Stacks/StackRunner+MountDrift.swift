import ProxmoxAPI

extension StackRunner {
    /// `mpN` as asked (`local-lvm:4,mp=/cache,backup=0`) against the container's (`local-lvm:vm-100-disk-1,backup=0,
    /// mp=/cache,size=4G`): the same host path, or a volume on the same storage of the same size, and the options the
    /// file sets (`mp`, `ro`, `backup`).
    static func mountDifference(option: String, wanted: String, actual: String) -> StackDrift? {
        guard let want = try? MountPoint(parsing: wanted), let have = try? MountPoint(parsing: actual) else {
            return wanted == actual ? nil : StackDrift(option: option, wanted: wanted, actual: actual)
        }
        var same = want.path == have.path && (want.backup == nil || want.backup == have.backup)
            && (want.common.readOnly == nil || want.common.readOnly == have.common.readOnly)
        if want.isBindMount {
            same = same && want.volume == have.volume
        } else {
            let (storage, size) = (want.volume.split(separator: ":").first, want.volume.split(separator: ":").last)
            same = same && have.volume.split(separator: ":").first == storage && size.map(String.init) == StackExport.gibibytes(have.common.size ?? "")
        }
        return same ? nil : StackDrift(option: option, wanted: wanted, actual: actual)
    }

}
