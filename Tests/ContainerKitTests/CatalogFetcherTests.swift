import Foundation
import LXCBuildTestSupport
import Testing
@testable import ContainerKit

/// The app catalog download: bounded in size and time, and no temporary folder left when it fails.
@Suite("App catalog fetch limits", .serialized)
struct CatalogFetcherTests {
    static func catalogFolders() throws -> Set<String> {
        Set(try FileManager.default.contentsOfDirectory(atPath: FileManager.default.temporaryDirectory.path)
            .filter { $0.hasPrefix("lxc-build-catalog-") })
    }

    /// Expects that no catalog folder made since `before` is left. Other suites running at the same time (and the
    /// lxc-build processes they start) fetch catalogs into the same temporary folder and remove theirs when they end,
    /// so a folder that is new right after the fetch counts only while it stays: one the failed fetch left would stay
    /// for ever, and the wait for it ends with a failure (after 300 s).
    static func expectNoFolderLeft(since before: Set<String>, sourceLocation: SourceLocation = #_sourceLocation) async throws {
        var left = try catalogFolders().subtracting(before)
        let deadline = ContinuousClock.now + .seconds(300)
        while !left.isEmpty && ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(200))
            left.formIntersection(try catalogFolders())
        }
        #expect(left.isEmpty, "catalog folders left: \(left.sorted())", sourceLocation: sourceLocation)
    }

    static func fetch(_ fetcher: CatalogFetcher, app: String) async -> Result<String, BuildError> {
        do { return .success(try await fetcher.fetch(app: app)) } catch { return .failure(error) }
    }

    @Test("an endless body is cut at the size limit: 63, and no folder is left")
    func endlessBody() async throws {
        let server = try FakePVE.startScripted()
        defer { server.stop() }
        let before = try Self.catalogFolders()
        var fetcher = CatalogFetcher(baseURL: server.info.url + "/catalog-endless", trust: .caFile(server.info.caFile))
        fetcher.maximumFileSize = 1 << 20
        let started = ContinuousClock.now
        let result = await Self.fetch(fetcher, app: "huge")
        guard case .failure(let error) = result else { Issue.record("an endless body was accepted"); return }
        #expect(error.exitCode == 63, "\(error)")
        #expect(error.message.contains("ct/huge.sh") && error.message.contains("\(1 << 20) bytes"), "\(error)")
        #expect(ContinuousClock.now - started < .seconds(50), "cut at the size, not at the time limit")
        try await Self.expectNoFolderLeft(since: before)
    }

    @Test("a body that trickles for ever ends at the time limit for the whole fetch: 28, and no folder is left")
    func tricklingBody() async throws {
        let server = try FakePVE.startScripted()
        defer { server.stop() }
        let before = try Self.catalogFolders()
        var fetcher = CatalogFetcher(baseURL: server.info.url + "/catalog-slow", trust: .caFile(server.info.caFile))
        fetcher.timeLimit = .seconds(2)
        let result = await Self.fetch(fetcher, app: "slow")
        guard case .failure(let error) = result else { Issue.record("a never-ending body was accepted"); return }
        #expect(error.exitCode == BuildExitCode.curlTimeout, "\(error)")
        try await Self.expectNoFolderLeft(since: before)
    }

    @Test("a fetch that succeeds returns its folder (0700) with the files; one for a missing app leaves none")
    func folders() async throws {
        let catalog = NSTemporaryDirectory() + "lxcbuild-catalog-src-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: catalog + "/ct", withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: catalog) }
        try "APP=\"Web\"\n".write(toFile: catalog + "/ct/web.sh", atomically: true, encoding: .utf8)
        let server = try FakePVE.startScripted(serving: catalog)
        defer { server.stop() }
        let before = try Self.catalogFolders()
        let fetcher = CatalogFetcher(baseURL: server.info.url + "/catalog", trust: .caFile(server.info.caFile))
        let folder = try await fetcher.fetch(app: "web")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        #expect(FileManager.default.fileExists(atPath: folder + "/ct/web.sh"))
        #expect(try FileManager.default.attributesOfItem(atPath: folder)[.posixPermissions] as? Int == 0o700)
        let missing = await Self.fetch(fetcher, app: "nosuch")
        guard case .failure(let error) = missing else { Issue.record("a missing app was found"); return }
        #expect(error.exitCode == 64)
        // The fetched folder stays until the caller removes it; the failed fetch left none (other suites' folders come
        // and go in the same temporary folder meanwhile).
        let fetched = URL(fileURLWithPath: folder).lastPathComponent
        #expect(try Self.catalogFolders().contains(fetched))
        try await Self.expectNoFolderLeft(since: before.union([fetched]))
    }
}
