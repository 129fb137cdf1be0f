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

    /// A fetcher for the catalog at `baseURL`.
    public init(baseURL: String = CatalogFetcher.defaultURL, trust: TLSTrust = .system) {
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.trust = trust
    }

    /// Downloads `app`'s files into a new temporary folder and returns its path.
    /// - Throws: ``BuildError``: 64 when the catalog has no such app, 7/35 when it cannot be reached.
    public func fetch(app: String) async throws(BuildError) -> String {
        let id = app.lowercased()
        guard id.wholeMatch(of: /[a-z0-9][a-z0-9._-]{0,63}/) != nil else {
            throw BuildError(exitCode: 64, message: "'\(app)' is not an app name (letters, digits, . _ -)")
        }
        var configuration = CurlTransport.Configuration()
        configuration.trust = trust
        configuration.requestTimeout = .seconds(60)
        let transport = CurlTransport(configuration: configuration)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("lxc-build-catalog-\(UUID().uuidString.prefix(8))")
        let files = [("ct/\(id).sh", true), ("install/\(id)-install.sh", false), ("misc/install.func", false)]
        for (path, required) in files {
            let url = "\(baseURL)/\(path)"
            let response: HTTPResponse
            do {
                response = try await transport.send(HTTPRequest(method: "GET", url: url))
            } catch {
                throw BuildError(
                    exitCode: error.code == .tls ? ExitCodes.curlTLS : ExitCodes.curlConnect,
                    message: "the app catalog at \(baseURL) cannot be read: \(error.message)",
                    hint: "Give a local checkout with --catalog DIR, or the catalog's CA with LXC_BUILD_CATALOG_CA_FILE.")
            }
            guard response.status == 200 else {
                if required {
                    throw BuildError(
                        exitCode: 64,
                        message: "'\(app)' is not in the app catalog at \(baseURL) (\(path): HTTP \(response.status))")
                }
                continue
            }
            let target = folder.appendingPathComponent(path)
            do {
                try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
                try response.body.write(to: target)
            } catch {
                throw BuildError(exitCode: 73, message: "cannot write \(target.path): \(error.localizedDescription)")
            }
        }
        return folder.path
    }
}
