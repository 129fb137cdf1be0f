/// How `lxc-build destroy` (or a Swift tool through ``ContainerDestruction``) backs containers up before it removes
/// them: a backup first unless ``backUp`` is off, to ``backupStorage`` or the only storage that takes backups.
public struct DestroyOptions: Sendable, Equatable {
    /// Whether a backup is taken first (`--no-backup` turns it off).
    public let backUp: Bool
    /// The storage the backups go to (`--backup-storage`); `nil` takes the only one that takes backups on the nodes.
    public let backupStorage: String?
    /// The setting that names ``backupStorage``, for messages (`--backup-storage` on the command line).
    public let storageSetting: String
    /// Each container's lock on this machine, checked by ``ContainerDestruction/plan(ctid:node:)`` and held while it is
    /// stopped and destroyed: one that another lxc-build run updates or restores meanwhile is kept; `nil` takes none.
    public let operationLock: ContainerOperationLock?

    /// Options; see the properties.
    public init(backUp: Bool = true, backupStorage: String? = nil, storageSetting: String = "--backup-storage",
                operationLock: ContainerOperationLock? = .standard) {
        self.backUp = backUp
        self.backupStorage = backupStorage
        self.storageSetting = storageSetting
        self.operationLock = operationLock
    }

    /// The options of the backup taken first; `nil` when none is (``backUp`` off).
    public var backupOptions: BackupOptions? { backUp ? BackupOptions(storage: backupStorage) : nil }

    /// Checks the options before anything is read.
    /// - Throws: ``BuildError`` (64): no backup and a backup storage both given, or a storage that is not a storage id
    ///   (named by ``storageSetting``, with the value and what is accepted).
    public func validate() throws(BuildError) {
        if !backUp && backupStorage != nil {
            throw BuildError(exitCode: BuildExitCode.usage, message: "--no-backup and \(storageSetting): give one of them")
        }
        try BackupOptions(storage: backupStorage).validate(storageSetting: storageSetting)
    }
}
