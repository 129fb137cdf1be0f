import Foundation
import HostProbe
import LXCBuildTestSupport
import Testing
@testable import ContainerKit

/// `lxc-build probe`'s rules and reads, in ContainerKit: which host, which options go together, the JSON document.
@Suite("ProbeRequest: the probe's option rules and its report of a copied node tree")
struct ProbeRequestTests {
    private func refusal(_ request: ProbeRequest, folderExists: @escaping (String) -> Bool = { _ in true }) -> String? {
        do throws(BuildError) {
            try request.validate(folderExists: folderExists)
            return nil
        } catch {
            return error.exitCode == .usage ? error.message : "exit \(error.exitCode): \(error.message)"
        }
    }

    @Test("a timeout below 1, --root with --node or --node-shell, --node-shell none or unparsable, a root that is no folder: 64")
    func refusals() {
        #expect(refusal(ProbeRequest(commandTimeoutSeconds: 0)) == "--timeout must be a positive number of seconds")
        #expect(refusal(ProbeRequest(root: "/tree", node: "pve1")) == "--root reads a copied tree; it does not go with --node or --node-shell")
        #expect(refusal(ProbeRequest(root: "/tree", nodeShell: "local")) == "--root reads a copied tree; it does not go with --node or --node-shell")
        #expect(refusal(ProbeRequest(nodeShell: "none"))
                    == "--node-shell none: probe needs a way to read the node; accepted: local or ssh://[user@]host[:port]")
        #expect(refusal(ProbeRequest(nodeShell: "ftp://pve1"))?.hasPrefix("--node-shell: ") == true)
        #expect(refusal(ProbeRequest(root: "/no/such\u{1B}"), folderExists: { _ in false })
                    == "--root '/no/such\\u{1B}': no such folder; accepted: a folder holding a copy of a node's files")
        #expect(refusal(ProbeRequest()) == nil && refusal(ProbeRequest(node: "pve1")) == nil)
        #expect(ProbeRequest(node: "pve1").readsThroughNodeShell && ProbeRequest(nodeShell: "local").readsThroughNodeShell)
        #expect(!ProbeRequest(root: "/tree").readsThroughNodeShell)
    }

    @Test("a copied tree is read under its root; the JSON document is the report's keys plus passthrough, and decodes back")
    func rootedReport() async throws {
        let root = FakePVE.packageRoot.appendingPathComponent("Tests/HostProbeTests/Fixtures/hosts/intel-nvidia").path
        let report = try await ProbeRequest(root: root).report()
        #expect(!report.gpus.isEmpty)
        let text = try ReportEncoder.text(ProbeReport(report: report))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect(object["passthrough"] != nil && object["gpus"] != nil && object["checks"] != nil)
        #expect(try JSONDecoder().decode(ProbeReport.self, from: Data(text.utf8)) == ProbeReport(report: report))
        await #expect { _ = try await ProbeRequest(root: root + "/missing").report() } throws: { ($0 as? BuildError)?.exitCode == .usage }
    }
}
