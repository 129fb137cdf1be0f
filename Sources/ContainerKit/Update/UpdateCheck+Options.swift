extension UpdateCheck.Options {
    /// The environment variable naming the GitHub API's base URL when `--github-api` is not given.
    public static let githubAPIVariable = "LXC_BUILD_GITHUB_API"
    /// The environment variables a GitHub token is read from, the first set one taken.
    public static let githubTokenVariables = ["var_github_token", "GITHUB_TOKEN"]

    /// The options of `update --check` around `update`'s: the GitHub API from `githubAPI` (`--github-api`), else
    /// `LXC_BUILD_GITHUB_API` when set, else ``UpdateCheck/defaultGitHubAPI``; the token from `var_github_token`,
    /// else `GITHUB_TOKEN` (empty values are not set).
    /// - Parameters:
    ///   - update: The update's options (catalog, `--app`, `--node`, bounds).
    ///   - githubAPI: The `--github-api` given, `nil` when left out.
    ///   - environment: Where the API's and the token's variables are read.
    /// - Throws: ``BuildError`` (64) when the API is not an `https://` URL, naming `--github-api` or
    ///   `LXC_BUILD_GITHUB_API` and the value.
    public init(update: ContainerUpdate.Options, githubAPI: String?, environment: [String: String]) throws(BuildError) {
        self.init(update: update)
        if let githubAPI {
            guard githubAPI.hasPrefix("https://") else {
                throw BuildError(exitCode: BuildExitCode.usage, message: "--github-api \(githubAPI): an https:// URL")
            }
            self.githubAPI = githubAPI
        } else if let fromEnvironment = environment[Self.githubAPIVariable], !fromEnvironment.isEmpty {
            guard fromEnvironment.hasPrefix("https://") else {
                throw BuildError(exitCode: BuildExitCode.usage, message: "\(Self.githubAPIVariable) \(BuildError.quoted(fromEnvironment)): an https:// URL")
            }
            self.githubAPI = fromEnvironment
        }
        githubToken = Self.githubTokenVariables.compactMap { environment[$0] }.first { !$0.isEmpty }
    }

    /// Refuses what `--check` cannot go with: an OS update (`--check` already says whether OS updates are pending),
    /// an API that is not `https://`, then what ``ContainerUpdate/Options/validate()`` refuses.
    /// - Throws: ``BuildError`` (64) naming the option and the value.
    public func validate() throws(BuildError) {
        if update.target == .os {
            throw BuildError(exitCode: BuildExitCode.usage, message: "--os and --check: --check already says whether OS updates are pending")
        }
        guard githubAPI.hasPrefix("https://") else {
            throw BuildError(exitCode: BuildExitCode.usage, message: "the GitHub API \(BuildError.quoted(githubAPI)): an https:// URL")
        }
        try update.validate()
    }
}
