public import Foundation

extension ContainerBackup {
    /// The run log a backup run writes each task's outcome to, and a failed task's whole log: a new file in
    /// `LXC_BUILD_LOG_DIR` (or the state folder), its lines cleared of the environment's secrets. It is kept only
    /// when a backup fails (``BackupResult/settle(_:)``).
    /// - Parameters:
    ///   - environment: Where the log folder and the secrets to hide are read (by default the process's).
    ///   - escaping: How a line is made safe to show (the CLI's terminal escaping of control characters).
    /// - Throws: ``BuildError`` for a log folder lxc-build will not write into.
    public static func runLog(environment: [String: String] = ProcessInfo.processInfo.environment,
                              escaping: @escaping @Sendable (String) -> String = { $0 }) throws(BuildError) -> RunLog {
        do throws(LogFileError) {
            return try RunLog(redactor: Redactor(environment: environment), environment: environment, escaping: escaping)
        } catch {
            throw error.buildError
        }
    }
}

extension BackupResult {
    /// Ends the run's `log`: when a backup failed, the run's exit is written to it and it is kept (its path is in the
    /// error's hint); when every backup succeeded it is removed.
    /// - Parameter log: The run log the backups wrote to.
    /// - Returns: The run's error (``failure(logPath:)``: 87, or 130 when interrupted), `nil` when every backup succeeded.
    public func settle(_ log: RunLog) -> BuildError? {
        guard let failure = failure(logPath: log.path) else {
            log.discard()
            return nil
        }
        log.write(.error, "exit \(failure.exitCode) (\(failure.explanation)): \(failure.message)")
        log.keep()
        return failure
    }
}
