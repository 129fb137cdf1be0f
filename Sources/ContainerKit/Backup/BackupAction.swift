public import ProxmoxAPI

/// One thing a backup run does, in the order of ``BackupPlan/actions``: what ``ContainerBackup/execute(_:)`` carries
/// out, and nothing else.
public enum BackupAction: Sendable, Equatable {
    /// Back container `target` up on its node with vzdump: `request` is the call sent (its storage, mode, compression,
    /// protection and notes); `neededBytes` the room the archive can take at most (the container's used disk),
    /// `archivePattern` the archive's volume id as it will be named (`local:backup/vzdump-lxc-101-<time>.tar.zst`).
    case backUp(target: BackupTarget, request: VzdumpRequest, neededBytes: Int64, archivePattern: String)
    /// Remove `archive`, an older archive of container `target` that `--keep-last keepLast` lets go, once the backup
    /// of `target` earlier in the same run wrote its new archive (never a protected one).
    case prune(archive: BackupArchive, of: BackupTarget, keepLast: Int)

    /// The container the action is about.
    public var target: BackupTarget {
        switch self {
        case .backUp(let target, _, _, _), .prune(_, let target, _): target
        }
    }

    /// The action in words, as `lxc-build backup` prints it in its plan.
    public var words: String {
        switch self {
        case .backUp(let target, let request, let neededBytes, let archivePattern):
            "back up container \(target.ctid)\(target.hostname.map { " (\($0))" } ?? "") on \(target.node) to \(archivePattern)"
                + " (mode \(request.mode.rawValue), up to \(ContainerBuilder.formatBytes(neededBytes)))" + (request.isProtected ? ", protected" : "")
        case .prune(let archive, _, let keepLast):
            "then remove its older archive \(archive.volid) (--keep-last \(keepLast))"
        }
    }
}
