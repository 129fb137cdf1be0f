public import ProxmoxAPI

/// How `lxc-build backup` (and the backup `destroy` takes first) backs containers up.
public struct BackupOptions: Sendable, Equatable {
    /// The storage the archives go to (`--storage`); `nil` takes the only backup storage of the containers' nodes.
    public var storage: String?
    /// vzdump's mode (`--mode`).
    public var mode: VzdumpRequest.Mode = .snapshot
    /// vzdump's compression (`--compress`).
    public var compression: VzdumpRequest.Compression = .zstd
    /// Notes of each archive (`--notes`); PVE replaces `{{guestname}}`, `{{vmid}}`, `{{node}}`, `{{cluster}}`. `nil`
    /// writes ``defaultNotes``.
    public var notes: String?
    /// Marks each archive protected (`--protected`): never pruned, nor removed until that is lifted.
    public var isProtected = false
    /// Keeps this many newest unprotected archives of each container on the storage, the new one included, and
    /// removes its older ones (`--keep-last N`); `nil` removes nothing.
    public var keepLast: Int?
    /// Longest wait for one backup task, or one removal.
    public var taskTimeout: Duration = .seconds(6 * 3600)

    /// The notes an archive gets when none are given.
    public static let defaultNotes = "{{guestname}} (lxc-build backup)"

    /// The options of the backup another operation takes first (`restore` over a container, `update --backup`): to
    /// `storage`, mode snapshot, zstd, notes naming the operation (`{{guestname}} (before lxc-build restore)`).
    /// - Parameters:
    ///   - operation: The command the backup is taken for (`restore`, `update`).
    ///   - storage: The storage the archive goes to.
    ///   - taskTimeout: Longest wait for the backup task.
    public static func first(of operation: String, storage: String, taskTimeout: Duration) -> BackupOptions {
        var options = BackupOptions(storage: storage, notes: "{{guestname}} (before lxc-build \(operation))")
        options.taskTimeout = taskTimeout
        return options
    }

    /// Options; see the properties.
    public init(storage: String? = nil, mode: VzdumpRequest.Mode = .snapshot, compression: VzdumpRequest.Compression = .zstd,
                notes: String? = nil, isProtected: Bool = false, keepLast: Int? = nil) {
        self.storage = storage
        self.mode = mode
        self.compression = compression
        self.notes = notes
        self.isProtected = isProtected
        self.keepLast = keepLast
    }

    /// Options from the command line's words: `mode` and `compression` by name, checked (``validate()``).
    /// - Parameters:
    ///   - storage: ``storage``.
    ///   - mode: vzdump's mode by name: `snapshot`, `suspend` or `stop` (`--mode`).
    ///   - compression: The compression by name: `zstd`, `gzip`, `lzo` or `none` (`--compress`).
    ///   - notes: ``notes``.
    ///   - isProtected: ``isProtected``.
    ///   - keepLast: ``keepLast``.
    /// - Throws: ``BuildError`` (64) naming the option, its value and what is accepted.
    public init(storage: String?, modeName mode: String, compressionName compression: String, notes: String?, isProtected: Bool,
                keepLast: Int?) throws(BuildError) {
        guard let parsedMode = VzdumpRequest.Mode(rawValue: mode) else {
            throw BuildError(exitCode: BuildExitCode.usage, message: "--mode \(BuildError.quoted(mode)): not a backup mode; accepted: snapshot, suspend, stop")
        }
        guard let parsedCompression = VzdumpRequest.Compression(rawValue: compression) else {
            throw BuildError(exitCode: BuildExitCode.usage, message: "--compress \(BuildError.quoted(compression)): accepted: zstd, gzip, lzo, none")
        }
        self.init(storage: storage, mode: parsedMode, compression: parsedCompression, notes: notes, isProtected: isProtected, keepLast: keepLast)
        try validate()
    }

    /// Checks the options before anything is read.
    /// - Throws: ``BuildError`` (64) naming the option, its value and what is accepted.
    public func validate() throws(BuildError) {
        try validate(storageSetting: "--storage")
    }

    /// Checks the options before anything is read, naming the storage by the caller's setting (`destroy`'s
    /// `--backup-storage`).
    /// - Parameter storageSetting: The setting that names ``storage``, for messages.
    /// - Throws: ``BuildError`` (64) naming the option, its value and what is accepted.
    public func validate(storageSetting: String) throws(BuildError) {
        if let keepLast, keepLast < 1 {
            throw BuildError(exitCode: BuildExitCode.usage, message: "--keep-last \(keepLast): not a count of archives to keep; accepted: 1 or more",
                             hint: "Leave --keep-last out to remove no archive.")
        }
        if let storage, storage.isEmpty || storage.contains(where: { !($0.isLetter || $0.isNumber || "-_.".contains($0)) || !$0.isASCII }) {
            throw BuildError(exitCode: BuildExitCode.usage, message: "\(storageSetting) \(BuildError.quoted(storage)): not a storage id; accepted: letters, digits, - _ .")
        }
        if let notes, VzdumpRequest.notesTemplate(notes).utf8.count > VzdumpRequest.notesTemplateLimit {
            throw BuildError(exitCode: BuildExitCode.usage,
                             message: "--notes: \(notes.utf8.count) bytes, longer than PVE takes; accepted: at most \(VzdumpRequest.notesTemplateLimit) bytes")
        }
    }

    /// The vzdump request for `ctid` to `storage`.
    func request(ctid: Int, storage: String) -> VzdumpRequest {
        VzdumpRequest(vmids: [ctid], storage: storage, mode: mode, compression: compression, notes: notes ?? Self.defaultNotes,
                      isProtected: isProtected)
    }
}
