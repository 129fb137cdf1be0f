import Foundation
public import ProxmoxAPI

/// Fetches an app's files from a catalog on the web (community-scripts' layout) into a local folder that
/// ``AppCatalog`` and provisioning read: `ct/<app>.sh`, `install/<app>-install.sh` and `misc/install.func`.
/// The files are data: nothing fetched is executed on this machine.
public struct CatalogFetcher: Sendable {
    /// community-scripts' repository, raw files.
    public static let defaultURL = "https://raw.githubusercontent.com/community-scripts/ProxmoxVE/main"

    /// Base URL of the catalog (`https://…`, the folder holding `ct/`).
    public var baseURL: String
    /// How the server's certificate is checked (the system's CAs unless a CA file is given).
    public var trust: TLSTrust
    /// Largest file read, in bytes (an app's files are a few KiB; a longer answer is refused: exit 63).
    public var maximumFileSize = 4 << 20
    /// Longest time the whole fetch (every file, connections included) may take (then exit 28).
    public var timeLimit: Duration = .seconds(60)
    /// More files fetched when the catalog has them (`misc/build.func` for `update`).
    public var optionalFiles: [String] = []

    /// A fetcher for the catalog at `baseURL`.
    public init(baseURL: String = CatalogFetcher.defaultURL, trust: TLSTrust = .system) {
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.trust = trust
    }

    /// Downloads `app`'s files into a new temporary folder (`$TMPDIR/lxc-build-catalog-*`, mode 0700) and
    /// returns its path. The caller removes the folder when done with it; a fetch that fails removes it itself.
    /// - Throws: ``BuildError``: 64 when the catalog has no such app, 7/35 when it cannot be reached, 28 when it
    ///   takes longer than ``timeLimit``, 63 for a file larger than ``maximumFileSize``, 130 when cancelled.
    /// Whether `id` is a plain app id, as a catalog names its `ct/<id>.sh`: a lowercase letter or digit, then letters,
    /// digits, `.`, `_`, `-`, at most 64 in all. What the notes, a container's `/usr/bin/update` or a caller name is
    /// used only when it is one.
    public static func isAppID(_ id: String) -> Bool {
        id.wholeMatch(of: /[a-z0-9][a-z0-9._-]{0,63}/) != nil
    }

    public func fetch(app: String) async throws(BuildError) -> String {
        let id = app.lowercased()
        guard Self.isAppID(id) else {
            throw BuildError(exitCode: .usage, message: "'\(app)' is not an app name (letters, digits, . _ -)")
        }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("lxc-build-catalog-\(UUID().uuidString.prefix(8))")
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
        } catch {
            throw BuildError(exitCode: .cannotCreateOutput, message: "cannot create \(folder.path): \(error.localizedDescription)")
        }
        do throws(BuildError) {
            try await fetch(app: app, id: id, into: folder)
            return folder.path
        } catch {
            try? FileManager.default.removeItem(at: folder)
            throw error
        }
    }

    private func fetch(app: String, id: String, into folder: URL) async throws(BuildError) {
        let deadline = ContinuousClock.now + timeLimit
        let files = [("ct/\(id).sh", true), ("install/\(id)-install.sh", false), ("misc/install.func", false)] + optionalFiles.map { ($0, false) }
        for (path, required) in files {
            let url = "\(baseURL)/\(path)"
            let remaining = deadline - ContinuousClock.now
            guard remaining > .zero else { throw timedOut() }
            var configuration = CurlTransport.Configuration()
            configuration.trust = trust
            configuration.requestTimeout = remaining
            configuration.connectTimeout = min(configuration.connectTimeout, remaining)
            configuration.maximumBodySize = maximumFileSize
            let response: HTTPResponse
            do {
                response = try await CurlTransport(configuration: configuration).send(HTTPRequest(method: "GET", url: url))
            } catch {
                throw failure(error, path: path)
            }
            guard response.status == 200 else {
                if required {
                    throw BuildError(
                        exitCode: .usage,
                        message: "'\(app)' is not in the app catalog at \(baseURL) (\(path): HTTP \(response.status))")
                }
                continue
            }
            let target = folder.appendingPathComponent(path)
            do {
                try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
                try response.body.write(to: target)
            } catch {
                throw BuildError(exitCode: .cannotCreateOutput, message: "cannot write \(target.path): \(error.localizedDescription)")
            }
        }
    }

    private func timedOut() -> BuildError {
        BuildError(exitCode: BuildExitCode.curlTimeout, message: "the app catalog at \(baseURL) did not send the app's files within \(timeLimit)",
                   hint: "Give a local checkout with --catalog DIR.")
    }

    private func failure(_ error: ProxmoxError, path: String) -> BuildError {
        if error.code == .cancelled || Task.isCancelled {
            return BuildError(exitCode: BuildExitCode.interrupted, message: "interrupted while reading the app catalog")
        }
        if error.code == .timeout { return timedOut() }
        if error.code == .decoding {
            return BuildError(exitCode: .fileTooLarge, message: "\(path) in the app catalog at \(baseURL) is larger than \(maximumFileSize) bytes: refused",
                              hint: "An app's files are a few KiB; check the catalog URL, or give a local checkout with --catalog DIR.")
        }
        return BuildError(
            exitCode: error.code == .tls ? BuildExitCode.curlTLS : BuildExitCode.curlConnect,
            message: "the app catalog at \(baseURL) cannot be read: \(error.message)",
            hint: "Give a local checkout with --catalog DIR, or the catalog's CA with LXC_BUILD_CATALOG_CA_FILE.")
    }
}
