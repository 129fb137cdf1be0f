import Foundation
public import ProxmoxAPI

/// `lxc-build update --check`: for each selected container, reads only, the app version installed, the latest
/// release of the app's repository, and whether the OS has package updates pending. What cannot be told is unknown,
/// never guessed.
///
/// The installed version is the app's version cache `~/.<app>` inside the container (tools.func writes it; read
/// through the node shell as data, bounded by ``ContainerUpdate/Options/commandTimeout``), else the notes'
/// `- Version:`. The latest release comes from the repository the app's script names in
/// `check_for_gh_release "app" "owner/repo"`, through the GitHub releases API
/// (`GET {api}/repos/{owner}/{repo}/releases/latest`, its `tag_name`).
public struct UpdateCheck: Sendable {
    /// Where and how the releases are read.
    public struct Options: Sendable {
        /// The app catalog (``ContainerUpdate/Options/catalogDirectory`` or ``ContainerUpdate/Options/fetchCatalog``),
        /// `--app`, `--node` and the bound of each read inside a container.
        public var update: ContainerUpdate.Options
        /// The GitHub API's base URL (`LXC_BUILD_GITHUB_API`; a mirror, or a stand-in in tests).
        public var githubAPI = UpdateCheck.defaultGitHubAPI
        /// A GitHub token against the API's rate limit (`var_github_token`, `GITHUB_TOKEN`); sent, never shown.
        public var githubToken: String?
        /// How the API's certificate is checked.
        public var trust: TLSTrust = .system
        /// Longest wait for one release answer.
        public var requestTimeout: Duration = .seconds(30)
        /// How many containers of one node are checked at the same time; the nodes are checked at the same time.
        public var concurrency = 4

        /// Defaults: api.github.com with the system's CAs.
        public init(update: ContainerUpdate.Options = ContainerUpdate.Options()) {
            self.update = update
        }
    }

    /// `https://api.github.com`.
    public static let defaultGitHubAPI = "https://api.github.com"
    /// Largest release answer read (a release with a long changelog is a few hundred KiB).
    static let maximumAnswer = 4 << 20

    /// The API.
    public let client: ProxmoxClient
    /// How commands reach the containers (`nil`: only the notes' versions, OS updates unknown).
    public let shell: (any NodeShell)?
    /// The options.
    public let options: Options

    /// Makes a check.
    public init(client: ProxmoxClient, shell: (any NodeShell)?, options: Options) {
        self.client = client
        self.shell = shell
        var options = options
        options.update = options.update.fetchingOncePerApp()
        self.options = options
    }

    /// Checks every target: the nodes at the same time, at most ``Options/concurrency`` containers of one node at a
    /// time (each read loads that node: its API and, through the node shell, its containers), so the time grows with
    /// the containers per node, not with the fleet. Each latest release is asked once per repository. The rows are
    /// in the targets' order.
    public func check(_ targets: [FleetSelection.Target]) async -> UpdateCheckReport {
        let releases = OncePerKey<Result<String, BuildError>>()
        let byNode = Dictionary(grouping: targets.indices) { targets[$0].node ?? "" }
        let groups = byNode.keys.sorted().compactMap { byNode[$0] }
        let checked = await BoundedConcurrency.map(groups, limit: groups.count) { indices in
            await BoundedConcurrency.map(indices, limit: options.concurrency) { index in
                (index, await check(targets[index], releases: releases))
            }
        }
        return UpdateCheckReport(containers: checked.joined().sorted { $0.0 < $1.0 }.map(\.1))
    }

    /// Resolves `selection` (``ContainerSelection/resolve(client:stackKeyFolder:)``) and checks every container it
    /// selects (``check(_:)``).
    /// - Parameters:
    ///   - selection: The containers (ids, `--all`, `--tag`, `--stack FILE`, narrowed by status).
    ///   - stackKeyFolder: Where the stacks' keys are; `nil`: ``StackKey/folder(environment:effectiveUserID:)`` of this
    ///     process's environment.
    /// - Throws: ``BuildError``: what the selection's resolution throws; what a container's check cannot tell is in
    ///   its row.
    public func check(_ selection: ContainerSelection, stackKeyFolder: String? = nil) async throws(BuildError) -> UpdateCheckReport {
        await check(try await selection.resolve(
            client: client, stackKeyFolder: stackKeyFolder ?? StackKey.folder(environment: ProcessInfo.processInfo.environment)))
    }

    /// One container's row.
    private func check(_ target: FleetSelection.Target, releases: OncePerKey<Result<String, BuildError>>) async -> UpdateCheckReport.Container {
        var row = UpdateCheckReport.Container(ctid: target.ctid, node: target.node)
        let lookup: (node: String, config: ContainerConfig, status: ContainerStatus)
        do throws(BuildError) {
            lookup = try await read(target)
        } catch {
            row.problems.append(error.message)
            return row
        }
        row.node = lookup.node
        row.running = lookup.status.isRunning
        let notes = BuiltContainerNotes(config: lookup.config)
        guard let (app, _) = try? ContainerUpdate.app(given: options.update.app, notes: notes, ctid: target.ctid) else {
            row.problems.append("its notes and tags do not name its app (give --app)")
            return row
        }
        row.app = app
        if row.running, let shell {
            if let data = try? await shell.copyOut(ctid: target.ctid, from: "/root/.\(app)", timeout: options.update.commandTimeout),
               let version = ContainerUpdate.versionCache(data) {
                row.installed = version
                row.installedFrom = "~/.\(app)"
            }
            row.osUpdates = await pendingPackages(ctid: target.ctid, shell: shell)
        }
        if row.installed == nil, let version = notes?.version {
            row.installed = version
            row.installedFrom = "notes"
        }
        do throws(BuildError) {
            if let repository = try await repository(of: app) {
                row.repository = repository
                switch await releases.value(repository, { () async -> Result<String, BuildError> in
                    do throws(BuildError) { return .success(try await latestRelease(of: repository)) } catch { return .failure(error) }
                }) {
                case .success(let tag): row.latest = tag
                case .failure(let error): row.problems.append(error.message)
                }
            } else {
                row.problems.append("ct/\(app).sh names no check_for_gh_release repository")
            }
        } catch {
            row.problems.append(error.message)
        }
        row.decide()
        return row
    }

    /// The container's node, configuration and status. The node the selection read from `/cluster/resources` a moment
    /// ago is taken as it is (two reads, not four); an id the cluster did not list, or one `--node` names
    /// otherwise, is looked up as `inspect` looks it up (``ContainerLookup``), which says where it is.
    private func read(_ target: FleetSelection.Target) async throws(BuildError) -> (node: String, config: ContainerConfig, status: ContainerStatus) {
        guard let node = target.node, options.update.node == nil || options.update.node == node else {
            return try await ContainerLookup.read(target.ctid, given: options.update.node ?? target.node, client: client)
        }
        let container = client.node(node).container(target.ctid)
        do throws(ProxmoxError) {
            return (node, try await container.config(), try await container.status())
        } catch {
            throw BuildError.api(error, during: "reading container \(target.ctid) on \(node)")
        }
    }

    /// The `owner/repo` of the app's script's `check_for_gh_release`, `nil` when it names none.
    func repository(of app: String) async throws(BuildError) -> String? {
        var directory = options.update.catalogDirectory
        if directory == nil, let fetch = options.update.fetchCatalog { directory = try await fetch(app) }
        let definition = try AppCatalog(directory: directory).definition(for: app)
        guard let path = definition.scriptPath, let script = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
        return Self.releaseRepository(in: script, app: app)
    }

    /// The repository of `check_for_gh_release "app" "owner/repo"` in `script` (the one for `app` when it names
    /// several, else the first).
    static func releaseRepository(in script: String, app: String) -> String? {
        let calls = script.matches(of: #/check_for_gh_release\s+["']?([A-Za-z0-9._\-]+)["']?\s+["']?([A-Za-z0-9._\-]+/[A-Za-z0-9._\-]+)["']?/#)
            .map { (String($0.1), String($0.2)) }
        return (calls.first { $0.0.lowercased() == app.lowercased() } ?? calls.first)?.1
    }

    /// The `tag_name` of `GET {api}/repos/{repository}/releases/latest`.
    /// - Throws: ``BuildError`` naming the URL and what was answered (the token is never in it).
    func latestRelease(of repository: String) async throws(BuildError) -> String {
        let base = options.githubAPI.hasSuffix("/") ? String(options.githubAPI.dropLast()) : options.githubAPI
        let url = "\(base)/repos/\(repository)/releases/latest"
        var configuration = CurlTransport.Configuration()
        configuration.trust = options.trust
        configuration.requestTimeout = options.requestTimeout
        configuration.connectTimeout = min(configuration.connectTimeout, options.requestTimeout)
        configuration.maximumBodySize = Self.maximumAnswer
        var headers = [HTTPHeader("Accept", "application/vnd.github+json"), HTTPHeader("X-GitHub-Api-Version", "2022-11-28")]
        if let token = options.githubToken, !token.isEmpty { headers.append(HTTPHeader("Authorization", "Bearer \(token)", isSensitive: true)) }
        let response: HTTPResponse
        do {
            response = try await CurlTransport(configuration: configuration).send(HTTPRequest(method: "GET", url: url, headers: headers))
        } catch {
            throw BuildError(exitCode: BuildExitCode.curlConnect, message: "the latest release of \(repository) is unknown: \(url) cannot be read (\(error.message))")
        }
        guard response.status == 200 else {
            throw BuildError(exitCode: BuildExitCode.general, message: "the latest release of \(repository) is unknown: \(url) answered HTTP \(response.status)")
        }
        guard let object = try? JSONSerialization.jsonObject(with: response.body) as? [String: Any], let tag = object["tag_name"] as? String,
              !tag.isEmpty, tag.count <= 128 else {
            throw BuildError(exitCode: BuildExitCode.general, message: "the latest release of \(repository) is unknown: \(url) sent no tag_name")
        }
        return tag
    }

    /// The number of package updates the container's package manager reports pending (from its package lists as
    /// they are: nothing is refreshed), `nil` when it cannot tell.
    private func pendingPackages(ctid: Int, shell: any NodeShell) async -> Int? {
        let script = """
            if command -v apt-get >/dev/null 2>&1; then apt-get -s -o Debug::NoLocking=1 upgrade 2>/dev/null | grep -c '^Inst ' ; exit 0; fi
            if command -v apk >/dev/null 2>&1; then apk version -l '<' 2>/dev/null | grep -c ' < ' ; exit 0; fi
            exit 3
            """
        guard let result = try? await shell.script(ctid: ctid, script, timeout: options.update.commandTimeout), result.succeeded else { return nil }
        return Int(result.output.trimmingCharacters(in: .whitespacesAndNewlines))
    }
}

extension ContainerUpdate {
    /// The version in an app's version cache (`~/.<app>`, first line), `nil` when it is empty or not a version.
    static func versionCache(_ data: Data) -> String? {
        let version = String(decoding: data, as: UTF8.self).split(whereSeparator: \.isNewline).first
            .map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
        guard !version.isEmpty, version.count <= 64, version.wholeMatch(of: #/[A-Za-z0-9._+~:\-]+/#) != nil else { return nil }
        return version
    }
}
