/// Why a destroy did not remove a container, or why it ends with an error.
public struct DestroyFailure: Sendable {
    /// The container whose removal failed; `nil` for the run's own error (a backup that failed, claims not proved).
    public let target: DestroyTarget?
    /// Why.
    public let error: BuildError
}

/// How ``ContainerDestruction/execute(_:)`` ended: what was removed, the archive of each backup, what failed.
public struct DestroyResult: Sendable {
    /// The plan carried out.
    public let plan: DestroyPlan
    /// The backup's outcome; `nil` without a backup.
    public let backup: BackupResult?
    /// The archive of each container backed up, by id.
    public let archives: [Int: String]
    /// The containers removed, in order.
    public let removed: [DestroyTarget]
    /// What failed, in order: the backup (87, its containers kept), each removal that failed, each container left alone
    /// because its protection is set (77), then the containers left alone because their claim is not proved (64).
    public let failures: [DestroyFailure]
    /// The run log kept because a backup failed (its tasks' logs); `nil` otherwise.
    public let keptLog: String?

    /// The error the run ends with: the first failure's; `nil` when everything planned was done.
    public var error: BuildError? { failures.first?.error }
    /// The exit code: ``BuildExitCode/success``, or the first failure's (87 a backup failed, 64 claims not proved, 77
    /// protected, the API's).
    public var exitCode: BuildExitCode { error?.exitCode ?? BuildExitCode.success }
}
