import ContainerKitTestSupport
import Foundation
import Synchronization
import LXCBuildTestSupport
import ProxmoxAPI
import Testing
@testable import ContainerKit

@Suite("Templates")
struct TemplateTests {
    @Test("template file names are taken apart", arguments: [
        ("debian-12-standard_12.7-1_amd64.tar.zst", "debian", "12", "standard", "12.7-1"),
        ("ubuntu-24.04-standard_24.04-2_amd64.tar.zst", "ubuntu", "24.04", "standard", "24.04-2"),
        ("alpine-3.21-default_20241217_amd64.tar.xz", "alpine", "3.21", "default", "20241217"),
        ("archlinux-base_20240911-1_amd64.tar.zst", "archlinux", "base", nil, "20240911-1"),
    ] as [(String, String, String, String?, String)])
    func names(file: String, os: String, version: String, variant: String?, package: String) throws {
        let name = try #require(TemplateName(file))
        #expect(name.os == os && name.osVersion == version && name.variant == variant && name.packageVersion == package && name.arch == "amd64")
    }

    @Test("newer package and OS versions sort later")
    func ordering() throws {
        let older = try #require(TemplateName("debian-12-standard_12.2-1_amd64.tar.zst"))
        let newer = try #require(TemplateName("debian-12-standard_12.10-1_amd64.tar.zst"))
        let next = try #require(TemplateName("debian-13-standard_13.1-2_amd64.tar.zst"))
        #expect(older < newer && newer < next)
        #expect(!(try #require(TemplateName("debian-12-turnkey_12.1_amd64.tar.gz"))).matches(os: "debian", version: "12", arch: "amd64"))
    }

    @Test("a missing version takes the nearest by major×10000+minor, the newer on a tie")
    func nearest() {
        #expect(TemplateVersionChoice.nearest(to: "11", among: ["12", "13"]) == "12")
        #expect(TemplateVersionChoice.nearest(to: "14", among: ["12", "13"]) == "13")
        #expect(TemplateVersionChoice.nearest(to: "24.10", among: ["22.04", "24.04", "25.04"]) == "24.04")
        #expect(TemplateVersionChoice.nearest(to: "23", among: ["22", "24"]) == "24")
        #expect(TemplateVersionChoice.nearest(to: "12", among: []) == nil)
    }

    @Test("with no local template the catalog's newest match is downloaded (recorded aplinfo rows)")
    func catalogChoice() async throws {
        let recorded = try JSONValue.parse(try String(contentsOf: Self.aplinfoFixture, encoding: .utf8))
        var rows = try #require(recorded["data"]?.arrayValue)
        rows.append(["template": "debian-12-standard_12.2-1_amd64.tar.zst", "section": "system", "architecture": "amd64"])
        rows.append(["template": "debian-12-standard_12.9-1_arm64.tar.zst", "section": "system", "architecture": "arm64"])
        let client = ProxmoxClient(transport: scriptedPVE(catalog: .array(rows)), retryPolicy: .none)
        let events = EventLog()
        let plan = try await ContainerBuilder(client: client, events: events.handler).plan(staticSpec())
        #expect(plan.template == TemplateChoice(fileName: "debian-12-standard_12.7-1_amd64.tar.zst", storage: "local", needsDownload: true))
        #expect(try plan.requests().first?.path == "/nodes/pve/aplinfo")
        #expect(events.decisions.contains { $0.contains("will be downloaded") })
    }

    @Test("a newer catalog template wins over an older local one (build.func never looks once a local one matches); an equal one stays local")
    func newerCatalogWins() async throws {
        let catalog: JSONValue = [["template": "debian-12-standard_12.7-1_amd64.tar.zst", "section": "system", "architecture": "amd64"]]
        let older = ProxmoxClient(transport: scriptedPVE(templates: ["debian-12-standard_12.2-1_amd64.tar.zst"], catalog: catalog), retryPolicy: .none)
        #expect(try await ContainerBuilder(client: older).plan(staticSpec()).template.needsDownload)
        let same = ProxmoxClient(transport: scriptedPVE(templates: ["debian-12-standard_12.7-1_amd64.tar.zst"], catalog: catalog), retryPolicy: .none)
        #expect(try await !ContainerBuilder(client: same).plan(staticSpec()).template.needsDownload)
    }

    @Test("a version that does not exist is replaced by the nearest (a substitution), unless pinned; no template at all is 225")
    func versionFallback() async throws {
        let client = ProxmoxClient(transport: scriptedPVE(templates: ["debian-12-standard_12.7-1_amd64.tar.zst", "debian-13-standard_13.1-2_amd64.tar.zst"]), retryPolicy: .none)
        var spec = staticSpec()
        spec.osVersion = "11"
        let plan = try await ContainerBuilder(client: client).plan(spec)
        #expect(plan.template.fileName == "debian-12-standard_12.7-1_amd64.tar.zst")
        let substitution = try #require(plan.substitutions.first)
        #expect(plan.substitutions.count == 1 && substitution.code == "template-version-substituted")
        #expect(substitution.variable == "var_version" && substitution.requested == "11" && substitution.used == "12")
        #expect(substitution.message.contains("var_version=11") && substitution.message.contains("nearest version 12"))
        #expect(plan.spec.osVersion == "12", "the plan's spec is what will be built")
        #expect(!plan.warnings.contains(substitution.message))

        var pinned = spec
        pinned.pinned = [.osVersion]
        await #expect {
            _ = try await ContainerBuilder(client: client).plan(pinned)
        } throws: { error in
            let error = error as? BuildError
            return error?.exitCode == BuildExitCode.noTemplate && error?.message.contains("var_version=11 (given on the command line)") == true
                && error?.message.contains("available: 12, 13") == true
        }

        spec.os = "ubuntu"
        await #expect {
            _ = try await ContainerBuilder(client: client).plan(spec)
        } throws: { error in
            (error as? BuildError)?.exitCode == BuildExitCode.noTemplate
        }
    }

    @Test("concurrent downloads of one template in a process share one task")
    func downloadsShared() async throws {
        let counter = Counter()
        let results = await withTaskGroup(of: Bool.self) { group in
            for _ in 0..<5 {
                group.addTask {
                    let outcome = await TemplateDownloads.shared.run(key: "pve/local/shared-test.tar.zst") {
                        counter.increment()
                        try? await Task.sleep(for: .milliseconds(100))
                        return .success("downloaded")
                    }
                    if case .success = outcome { return true }
                    return false
                }
            }
            var all: [Bool] = []
            for await result in group { all.append(result) }
            return all
        }
        #expect(results == [true, true, true, true, true])
        #expect(counter.value == 1)
    }

    static var aplinfoFixture: URL {
        FakePVE.packageRoot.appendingPathComponent("Tests/ProxmoxAPITests/Fixtures/responses/synthesized/200_aplinfo_entry_shape.json")
    }
}


/// A thread-safe counter.
final class Counter: Sendable {
    private let count = Mutex(0)
    func increment() { count.withLock { $0 += 1 } }
    var value: Int { count.withLock { $0 } }
}
