extension FleetUpdate.Options {
    /// Refuses a bound of no updates at a time (`--parallel` below 1), then what ``ContainerUpdate/Options/validate()``
    /// refuses in each container's options.
    /// - Throws: ``BuildError`` (64) naming the option and the value.
    public func validate() throws(BuildError) {
        if let parallel, parallel < 1 {
            throw BuildError(exitCode: BuildExitCode.usage, message: "--parallel \(parallel): give 1 or more")
        }
        try update.validate()
    }
}
