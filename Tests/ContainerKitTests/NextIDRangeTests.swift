import ContainerKitTestSupport
import LXCBuildTestSupport
import ProxmoxAPI
import Testing
@testable import ContainerKit

/// `/cluster/nextid` is the server's word on which id to create; an answer outside Proxmox VE's own range
/// (100…999,999,999) is refused, never used in a create.
@Suite("nextid answers out of range")
struct NextIDRangeTests {
    @Test("a create plan refuses a nextid answer outside 100…999999999, naming the answer and the range",
          arguments: ["-5", "0", "99", "1000000000", "9223372036854775807"])
    func refused(_ answer: String) async throws {
        let transport = scriptedPVE(templates: ["debian-12-standard_12.7-1_amd64.tar.zst"]) { request in
            request.path == "/cluster/nextid" ? ok(.string(answer)) : nil
        }
        let builder = ContainerBuilder(client: ProxmoxClient(transport: transport, retryPolicy: .none), events: EventLog().handler)
        let error = await #expect(throws: BuildError.self) { try await builder.plan(staticSpec()) }
        #expect(error?.exitCode == BuildExitCode.noFreeCTID)
        let reason = error?.apiError?.message ?? ""
        #expect(reason.contains(answer) && reason.contains("100") && reason.contains("999999999"), "\(error?.description ?? "")")
        #expect(transport.requests.allSatisfy { $0.method == .get }, "nothing written")
    }

    @Test("the edges of the range are used")
    func edges() async throws {
        for answer in [100, 999_999_999] {
            let transport = scriptedPVE(templates: ["debian-12-standard_12.7-1_amd64.tar.zst"]) { request in
                request.path == "/cluster/nextid" ? ok(.string(String(answer))) : nil
            }
            let builder = ContainerBuilder(client: ProxmoxClient(transport: transport, retryPolicy: .none), events: EventLog().handler)
            #expect(try await builder.plan(staticSpec()).ctid == answer)
        }
    }
}
