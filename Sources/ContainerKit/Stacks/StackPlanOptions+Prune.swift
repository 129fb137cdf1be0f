public import ProxmoxAPI

extension StackPlanOptions {
    /// Refuses the prune backup's options where they cannot go together, before anything is read: `--no-backup` or
    /// `--backup-storage` without `--prune`, or both.
    /// - Parameters:
    ///   - prune: Whether orphans are removed (`--prune`).
    ///   - noBackup: Whether they are removed without a backup (`--no-backup`).
    ///   - backupStorage: Where their backups go (`--backup-storage`).
    /// - Throws: ``BuildError`` (64) naming the options.
    public static func checkPrune(prune: Bool, noBackup: Bool, backupStorage: String?) throws(BuildError) {
        if (noBackup || backupStorage != nil) && !prune {
            throw BuildError(exitCode: .usage, message: "--no-backup and --backup-storage go with --prune: give --prune too")
        }
        if noBackup && backupStorage != nil {
            throw BuildError(exitCode: .usage, message: "--no-backup takes no backup; --backup-storage names where it goes: use one")
        }
    }

    /// The options of `apply --converge` and `apply --prune`: with `prune` and not `noBackup`, each orphan is backed up
    /// first to `backupStorage` (`nil`: the only storage that takes backups on its node), its tasks' outcome in `log`.
    /// - Parameters:
    ///   - converge: Change drift in place.
    ///   - prune: Remove the orphans.
    ///   - noBackup: Remove them without a backup.
    ///   - backupStorage: Where their backups go.
    ///   - client: The connection the backup runs through.
    ///   - log: Where the backup tasks' outcome is written.
    ///   - progress: The backup's progress lines.
    /// - Throws: ``BuildError`` (64): ``checkPrune(prune:noBackup:backupStorage:)``'s, or a storage name that cannot be one.
    public init(converge: Bool, prune: Bool, noBackup: Bool, backupStorage: String?, client: ProxmoxClient, log: RunLog?,
                progress: @escaping @Sendable (String) -> Void = { _ in }) throws(BuildError) {
        try Self.checkPrune(prune: prune, noBackup: noBackup, backupStorage: backupStorage)
        self.init(converge: converge, prune: prune)
        if prune && !noBackup {
            let backupOptions = BackupOptions(storage: backupStorage)
            try backupOptions.validate(storageSetting: "--backup-storage")
            pruneBackup = ContainerBackup(client: client, options: backupOptions, log: log, progress: progress)
        }
    }
}

extension SavedStackPlan {
    /// The backup run of the orphans this plan removes, to the storage it names; `nil` when it removes them without one.
    /// - Parameters:
    ///   - client: The connection the backup runs through.
    ///   - log: Where the backup tasks' outcome is written.
    ///   - progress: The backup's progress lines.
    public func pruneBackup(client: ProxmoxClient, log: RunLog?, progress: @escaping @Sendable (String) -> Void = { _ in }) -> ContainerBackup? {
        guard let storage = prune?.backupStorage else { return nil }
        return ContainerBackup(client: client, options: BackupOptions(storage: storage), log: log, progress: progress)
    }

    /// The saved plan in `path`, checked as `apply` carries it out: refused (64) when given with what only goes with a
    /// stack file (`--plan`, `--out`, `--adopt`, `--node`, `--converge`, `--prune`), or when its stack file was edited
    /// since (``checkFile()``); `nil` when `path` is a stack file.
    /// - Parameters:
    ///   - path: The file `apply` was given.
    ///   - withStackFileOptions: Whether options that only go with a stack file were given.
    /// - Throws: ``BuildError`` (64): those, and ``load(_:)``'s.
    public static func load(_ path: String, withStackFileOptions: Bool) throws(BuildError) -> SavedStackPlan? {
        guard let saved = try load(path) else { return nil }
        if withStackFileOptions {
            throw BuildError(exitCode: .usage,
                             message: "\(path) is a saved plan: apply carries it out as written; --plan, --out, --adopt, --node, --converge and --prune go with a stack file",
                             hint: "Make a new plan from the stack file: lxc-build apply \(saved.file) --plan --out \(path)")
        }
        try saved.checkFile()
        return saved
    }
}

extension StackPlan {
    /// How `apply --plan` ends: the first container whose plan failed ends it with that failure's code (``failures``);
    /// else 0, or with `detailed` (`--detailed-exitcode`, Terraform's rule) ``BuildExitCode/changesPending`` (2) when
    /// the plan creates, finds drift or finds orphans (``hasChanges``).
    /// - Parameter detailed: Whether differences end with 2.
    public func exitCode(detailed: Bool) -> BuildExitCode {
        if let first = failures.first { return first.exitCode }
        return detailed && hasChanges ? .changesPending : .success
    }
}

extension StackResult {
    /// How `apply` ends: ``exitCode``, or when that is 0 and `detailed` (`--detailed-exitcode`)
    /// ``BuildExitCode/changesPending`` (2) when the stack still differs from its file (``hasDifferences``).
    /// - Parameter detailed: Whether differences end with 2.
    public func exitCode(detailed: Bool) -> BuildExitCode {
        exitCode.isSuccess && detailed && hasDifferences ? .changesPending : exitCode
    }
}
