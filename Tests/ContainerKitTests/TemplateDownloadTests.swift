import ContainerKitTestSupport
import Foundation
import LXCBuildTestSupport
import ProxmoxAPI
import Testing
@testable import ContainerKit

/// The catalog download path: fakepve for the API, the recorded catalog rows for `GET .../aplinfo`.
@Suite("Template download from the catalog", .serialized)
struct TemplateDownloadTests {
    static let template = "debian-12-standard_12.7-1_amd64.tar.zst"

    /// A root@pam client on the fake whose catalog lists `template`; `stores` decides whether a download
    /// really puts the file into storage.
    func client(_ pve: FakePVE, stores: Bool) throws -> ProxmoxClient {
        let inner = try pve.passwordClient().transport
        let catalog: JSONValue = [["template": .string(Self.template), "section": "system", "architecture": "amd64", "os": "debian-12", "package": "debian-12-standard", "version": "12.7-1"]]
        let transport = PatchingTransport(inner, override: { request in
            request.method == .get && request.path.hasSuffix("/aplinfo") ? ok(catalog) : nil
        }, observe: { request, response in
            if stores, request.method == .post, request.path.hasSuffix("/aplinfo"), response.isSuccess {
                _ = try? pve.call("store_file", ["local", Self.template, 134_217_728], ["content": "vztmpl"])
            }
        })
        return ProxmoxClient(transport: transport, retryPolicy: .fast)
    }

    @Test("a template only in the catalog is downloaded, waited for, checked, then used")
    func download() async throws {
        try await withFakePVE { pve in
            let events = EventLog()
            let builder = ContainerBuilder(client: try client(pve, stores: true), events: events.handler, sleep: { _ in })
            let result = try await builder.create(staticSpec())
            #expect(result.template == Self.template)
            #expect(try pve.requests().contains { $0.method == "POST" && $0.path.hasSuffix("/nodes/pve1/aplinfo") })
            #expect(events.decisions.contains { $0.contains("will be downloaded") })
        }
    }

    @Test("a download that finishes without the file is 223, and nothing is created")
    func missingAfterDownload() async throws {
        try await withFakePVE { pve in
            let builder = ContainerBuilder(client: try client(pve, stores: false), sleep: { _ in })
            await #expect {
                _ = try await builder.create(staticSpec())
            } throws: { error in
                (error as? BuildError)?.exitCode == BuildExitCode.templateMissingAfterDownload
            }
            #expect(try await pve.containerIDs().isEmpty)
        }
    }

    @Test("a download that fails is 222, and nothing is created")
    func failedDownload() async throws {
        try await withFakePVE { pve in
            try pve.call("fail", ["POST", "/nodes/pve1/aplinfo"], ["status": 500, "message": "download failed: 404 Not Found"])
            await #expect {
                _ = try await ContainerBuilder(client: try client(pve, stores: true), sleep: { _ in }).create(staticSpec())
            } throws: { error in
                (error as? BuildError)?.exitCode == BuildExitCode.templateDownloadFailed
            }
            #expect(try await pve.containerIDs().isEmpty)
        }
    }
}
