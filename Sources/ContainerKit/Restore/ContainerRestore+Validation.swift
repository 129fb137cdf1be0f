import ProxmoxAPI

extension ContainerRestore.Source {
    /// The source the command line names: `argument` an archive's volume id, or with `latest` a container id whose
    /// newest archive is restored.
    /// - Parameters:
    ///   - argument: The `ARCHIVE|CTID` argument.
    ///   - latest: Whether `--latest` was given.
    /// - Throws: ``BuildError`` (64): `--latest` with what is no container id, or a container id without `--latest`.
    public init(argument: String, latest: Bool) throws(BuildError) {
        if latest {
            guard let id = Int(argument) else {
                throw BuildError(exitCode: BuildExitCode.usage, message: "--latest takes a container id, not '\(argument)'")
            }
            self = .latest(ctid: id)
            return
        }
        guard Int(argument) == nil else {
            throw BuildError(exitCode: BuildExitCode.usage,
                             message: "\(argument) is a container id: add --latest to restore its newest archive, or give an archive's volume id")
        }
        self = .archive(argument)
    }

    /// Checks an archive's volume id before anything is read: a container backup's (`STORAGE:backup/vzdump-lxc-…`).
    /// - Throws: ``BuildError`` (64) naming the value and what is accepted.
    public func validate() throws(BuildError) {
        if case .archive(let volid) = self, volid.wholeMatch(of: #/[A-Za-z][A-Za-z0-9._\-]*:backup/vzdump-lxc-\d+-[^/\s]+/#) == nil {
            throw BuildError(exitCode: BuildExitCode.usage,
                             message: "archive \(BuildError.quoted(volid)) is not a container backup's volume id",
                             hint: "Accepted: STORAGE:backup/vzdump-lxc-CTID-DATE.tar.zst as `lxc-build backups` lists it, or CTID --latest.")
        }
    }
}

extension ContainerRestore.Options {
    /// Checks the options before anything is read: ids in PVE's range, `--replace` and `--ctid` naming one container.
    /// - Throws: ``BuildError`` (64) naming the option, its value and what is accepted.
    public func validate() throws(BuildError) {
        for (name, id) in [("--ctid", ctid), ("--replace", replace)] {
            if let id, !ProxmoxClient.validIDs.contains(id) {
                throw BuildError(exitCode: BuildExitCode.usage,
                                 message: "\(name) \(id): container ids are \(ProxmoxClient.validIDs.lowerBound) to \(ProxmoxClient.validIDs.upperBound)")
            }
        }
        if let replace, let ctid, replace != ctid {
            throw BuildError(exitCode: BuildExitCode.usage, message: "--replace \(replace) and --ctid \(ctid) name different containers",
                             hint: "--replace CTID restores over that container; leave --ctid out.")
        }
    }
}
