import Foundation
import Testing
import LXCBuildTestSupport
@testable import ProxmoxAPI

@Suite("Errors from recorded PVE answers")
struct RecordedErrorTests {
    struct Case: Sendable, CustomStringConvertible {
        let file: String
        let code: ProxmoxError.Code
        let messageContains: String
        let parameterErrors: [String]
        var description: String { file }
    }

    @Test("each recorded failure maps to the right kind, message and parameter errors", arguments: [
        Case(file: "real/pve8.x_POST_lxc_400_param_verification_with_message.http", code: .parameterVerification,
             messageContains: "Parameter verification failed.", parameterErrors: ["net0", "net1"]),
        Case(file: "real/pve7.x_POST_lxc_status_stop_400_unknown_param.http", code: .parameterVerification,
             messageContains: "Parameter verification failed.", parameterErrors: ["overrule-shutdown"]),
        Case(file: "real/pve8.x_POST_qemu_500_reason_phrase_only.http", code: .server,
             messageContains: "contains illegal characters", parameterErrors: []),
        Case(file: "real/pve8.2_POST_qemu_403_permission_check_failed.http", code: .forbidden,
             messageContains: "Permission check failed", parameterErrors: []),
        Case(file: "synthesized/403_dev_passthrough_not_root.http", code: .forbidden,
             messageContains: "only allowed for root@pam", parameterErrors: []),
        Case(file: "synthesized/401_no_ticket.http", code: .unauthorized, messageContains: "No ticket", parameterErrors: []),
        Case(file: "synthesized/401_missing_csrf_token.http", code: .unauthorized, messageContains: "csrf", parameterErrors: []),
        Case(file: "synthesized/500_ct_already_exists.http", code: .alreadyExists, messageContains: "already exists", parameterErrors: []),
        Case(file: "synthesized/500_ct_config_missing.http", code: .notFound, messageContains: "does not exist", parameterErrors: []),
        Case(file: "synthesized/501_method_not_implemented.http", code: .notFound, messageContains: "not implemented", parameterErrors: []),
        Case(file: "synthesized/400_nextid_vmid_in_use.http", code: .parameterVerification,
             messageContains: "Parameter verification failed", parameterErrors: ["vmid"]),
        Case(file: "synthesized/400_aplinfo_no_such_template.http", code: .parameterVerification,
             messageContains: "Parameter verification failed", parameterErrors: ["template"]),
        Case(file: "synthesized/500_ct_already_running.http", code: .server, messageContains: "already running", parameterErrors: []),
    ])
    func mapping(testCase: Case) async throws {
        let recorded = try RecordedResponse.load(testCase.file)
        let (client, _) = try clientAnswering(recorded.httpResponse)
        do {
            _ = try await client.call(APIRequest(.post, "/nodes/pve/lxc"))
            Issue.record("expected \(testCase.file) to fail")
        } catch {
            #expect(error.code == testCase.code)
            #expect(error.status == recorded.status)
            #expect(error.message.lowercased().contains(testCase.messageContains.lowercased()), "\(error.message)")
            #expect(error.parameterErrors.keys.sorted() == testCase.parameterErrors.sorted())
            #expect(error.method == "POST" && error.path == "/nodes/pve/lxc")
            #expect(!error.message.hasSuffix("\n"))
        }
    }

    @Test("per-field errors are surfaced field by field in the description")
    func fieldByField() async throws {
        let recorded = try RecordedResponse.load("real/pve8.x_POST_lxc_400_param_verification_with_message.http")
        let (client, _) = try clientAnswering(recorded.httpResponse)
        do {
            _ = try await client.call(APIRequest(.post, "/nodes/pve/lxc"))
        } catch {
            #expect(error.parameterErrors["net0"] == "invalid format - missing key in comma-separated list property")
            #expect(error.description.contains("\n  net0: invalid format"))
            #expect(error.description.contains("\n  net1: invalid format"))
        }
    }

    @Test("a 403 reserved to root@pam says why and what to do")
    func rootOnlyHint() async throws {
        let recorded = try RecordedResponse.load("synthesized/403_dev_passthrough_not_root.http")
        let (client, _) = try clientAnswering(recorded.httpResponse)
        do {
            _ = try await client.call(APIRequest(.put, "/nodes/pve/lxc/100/config"))
        } catch {
            #expect(error.hint?.contains("only to root@pam") == true)
            #expect(error.hint?.contains("never to an API token") == true)
        }
    }

    @Test("an empty 401 (PVE 9.2 'Authentication failed!') names the token and never its secret")
    func emptyUnauthorized() async throws {
        let (client, http) = try clientAnswering(HTTPResponse(status: 401, reason: "Authentication failed!"))
        do {
            _ = try await client.version()
        } catch {
            #expect(error.code == .unauthorized)
            #expect(error.message == "Authentication failed!")
            #expect(error.hint?.contains("root@pam!t") == true)
            #expect(!error.description.contains("s3cr3t"))
        }
        #expect(http.requests.first?.headers.contains { $0.name == "Authorization" && $0.value == "PVEAPIToken=root@pam!t=s3cr3t" } == true)
        #expect(http.requests.first?.headers.map(\.description).joined().contains("s3cr3t") == false)
    }

    @Test("595-599 mean the node is unreachable")
    func nodeUnreachable() async throws {
        for status in [595, 596, 599] {
            let (client, _) = try clientAnswering(HTTPResponse(status: status, reason: "Connection refused"))
            do {
                _ = try await client.node("pve2").status()
            } catch {
                #expect(error.code == .nodeUnreachable)
                #expect(error.hint != nil)
            }
        }
    }

    @Test("recorded task statuses: WARNINGS is success, an error text is failure")
    func taskStatuses() throws {
        let warnings = try TaskStatus(json: try RecordedResponse.json("real/pve7.x_GET_task_status_stopped_warnings.json")["data"] ?? .null)
        #expect(warnings.succeeded)
        #expect(warnings.warningCount == 1)
        let failed = try TaskStatus(json: try RecordedResponse.json("synthesized/200_task_status_stopped_error_apitoken.json")["data"] ?? .null)
        #expect(!failed.succeeded)
        #expect(failed.exitStatus?.contains("does not exist") == true)
        let upid = try UPID(parsing: failed.upid)
        #expect(upid.tokenID == "lxcbuild")
    }

    @Test("recorded lists decode: vmid as string, storage rows, version")
    func recordedLists() throws {
        let lxc = try RecordedResponse.json("recorded-tests/pve_GET_nodes_node_lxc_vmid_as_string.json")
        let rows = try (lxc["data"] ?? lxc).requireArray("containers").map { (row) throws(ProxmoxError) in try ContainerStatus(json: row) }
        #expect(rows.contains { $0.vmid == 103 })
        let storage = try RecordedResponse.json("recorded-tests/pve8-9_GET_nodes_node_storage.json")
        let storages = try (storage["data"] ?? storage).requireArray("storages").map { (row) throws(ProxmoxError) in try StorageSummary(json: row) }
        #expect(!storages.isEmpty)
        #expect(storages.allSatisfy { $0.usedFraction == nil || (0...1).contains($0.usedFraction!) })
        let version = try VersionInfo(json: try RecordedResponse.json("recorded-tests/pve9.1_GET_version.json")["data"] ?? .null)
        #expect(version.major == 9 && version.minor == 1)
        let nextid = try RecordedResponse.load("simulated-fakepve/07_nextid.http")
        #expect(try JSONValue.parse(nextid.body)["data"]?.intValue == 100)
    }

    @Test("the nodes a recorded cluster status names, and whether they are online; a standalone row without `online`")
    func nodesFromClusterStatus() throws {
        let recorded = try RecordedResponse.json("recorded-tests/pve6.2_GET_cluster_status.json")
        let rows = try (recorded["data"] ?? recorded).requireArray("cluster status rows")
            .map { (row) throws(ProxmoxError) in try ClusterStatusEntry(json: row) }
        let nodes = rows.compactMap(NodeSummary.init(clusterStatus:))
        #expect(nodes.map(\.node) == ["testnode", "testnode2"], "the cluster row is not a node")
        #expect(nodes.map(\.status) == ["online", "offline"])
        #expect(nodes.allSatisfy { $0.maxMemory == nil && $0.memory == nil }, "the cluster status says nothing of memory")
        let standalone = try ClusterStatusEntry(json: try JSONValue.parse(Data(#"{"type":"node","name":"pve","local":1,"nodeid":0}"#.utf8)))
        #expect(NodeSummary(clusterStatus: standalone)?.isOnline == true, "the node answering is online")
        let other = try ClusterStatusEntry(json: try JSONValue.parse(Data(#"{"type":"node","name":"pve2","local":0}"#.utf8)))
        #expect(NodeSummary(clusterStatus: other)?.status == "unknown")
    }
}
