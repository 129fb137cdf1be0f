import ConfigResolution

extension ContainerUpdate.Options {
    /// Refuses options that cannot go together or cannot name an app, before anything is read or changed: a reboot
    /// without an OS update (`--reboot` without `--os`), an app named for an OS update (`--os` with `--app`), keeping
    /// a snapshot without taking one, a health URL without a health check, an app name that is not one (it becomes a
    /// path in the catalog).
    /// - Throws: ``BuildError`` (64) naming the option and the value.
    public func validate() throws(BuildError) {
        if rebootIfRequired && target != .os {
            throw BuildError(exitCode: BuildExitCode.usage, message: "--reboot goes with --os (a restart the OS update asks for)")
        }
        if target == .os && app != nil {
            throw BuildError(exitCode: BuildExitCode.usage, message: "--os updates the OS packages: --app names an app's update")
        }
        if keepSnapshot {
            switch protection {
            case .snapshot, .automatic: break
            case .none, .backup:
                throw BuildError(exitCode: BuildExitCode.usage, message: "--keep-snapshot needs a snapshot: leave out --no-snapshot and --backup")
            }
        }
        if !healthCheck && health.url != nil {
            throw BuildError(exitCode: BuildExitCode.usage, message: "--health-url names the URL of the health check, and --no-health-check turns it off: give one of them")
        }
        try health.validate()
        if let app, app.wholeMatch(of: #/[A-Za-z0-9][A-Za-z0-9._\-]*/#) == nil {
            throw BuildError(exitCode: BuildExitCode.usage,
                             message: "--app \(BuildError.quoted(app)): an app name is letters, digits, '.', '_' and '-'")
        }
    }

    /// The protection the command line's `--snapshot`/`--no-snapshot` (`snapshot`) and `--backup STORAGE` ask for:
    /// a backup replaces the snapshot, so both together are refused.
    /// - Throws: ``BuildError`` (64).
    public static func protection(snapshot: Bool?, backup: String?) throws(BuildError) -> ContainerUpdate.Protection {
        switch (snapshot, backup) {
        case (_?, _?):
            throw BuildError(exitCode: BuildExitCode.usage,
                             message: "--backup replaces the snapshot: give --backup or --snapshot/--no-snapshot, not both")
        case (nil, let storage?): .backup(storage: storage)
        case (false?, nil): .none
        case (true?, nil): .snapshot
        case (nil, nil): .automatic
        }
    }

    /// Takes the environment's `var_ignore_os_mismatch` (build.func's control variable, the settings' yes/no rule)
    /// into ``ignoreOSMismatch``; a flag already set stays set.
    /// - Throws: ``BuildError`` (64) for a value that is not yes/no.
    public mutating func readEnvironment(_ environment: [String: String]) throws(BuildError) {
        do throws(ConfigError) {
            if try ControlVariable.flag("var_ignore_os_mismatch", in: environment) == true { ignoreOSMismatch = true }
        } catch {
            throw BuildError.from(error)
        }
    }
}
