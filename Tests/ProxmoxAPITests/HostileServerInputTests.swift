import Foundation
import LXCBuildTestSupport
import Testing
@testable import ProxmoxAPI

/// What a broken or hostile server can send: JSON nested past any sane depth, huge documents, the wrong types
/// where the models expect numbers, and error bodies of every shape. Nothing may crash or hang, and a model
/// never holds a value of the wrong kind.
@Suite("Hostile answers from the server")
struct HostileServerInputTests {
    @Test("JSON nested 100,000 deep is refused, not a stack overflow; 2,000 deep still parses")
    func deepNesting() throws {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        #expect(throws: ProxmoxError.self) { try JSONValue.parse(Data(deep.utf8)) }
        let objects = String(repeating: #"{"a":"#, count: 100_000) + "1" + String(repeating: "}", count: 100_000)
        #expect(throws: ProxmoxError.self) { try JSONValue.parse(Data(objects.utf8)) }
        let fine = String(repeating: "[", count: 2_000) + String(repeating: "]", count: 2_000)
        let value = try JSONValue.parse(Data(fine.utf8))
        #expect(try JSONValue.parse(Data(value.serialized().utf8)) == value)
    }

    @Test("a 16 MB string and a 200,000-element array parse whole")
    func hugeDocuments() throws {
        let text = String(repeating: "x", count: 16 << 20)
        let string = try JSONValue.parse(Data(#"{"data":""#.utf8) + Data(text.utf8) + Data(#""}"#.utf8))
        #expect(string["data"]?.stringValue?.count == 16 << 20)
        let array = "[" + Array(repeating: "1", count: 200_000).joined(separator: ",") + "]"
        #expect(try JSONValue.parse(Data(array.utf8)).arrayValue?.count == 200_000)
    }

    /// A random JSON value of any kind, `depth` levels at most.
    static func randomValue(_ random: inout SeededGenerator, depth: Int = 2) -> JSONValue {
        switch Int.random(in: 0..<(depth > 0 ? 8 : 6), using: &random) {
        case 0: return .null
        case 1: return .bool(Bool.random(using: &random))
        case 2: return .string(["", "12", "-1", "1e999", "NaN", "running", "0x10", "９", " 5 ", "null"].randomElement(using: &random)!)
        case 3: return .integer(Int64.random(in: Int64.min...Int64.max, using: &random))
        case 4: return .number([Double.greatestFiniteMagnitude, -0.0, 1.5, 1e-300, 4.0].randomElement(using: &random)!)
        case 5: return .string(String(repeating: "a", count: Int.random(in: 0...64, using: &random)))
        case 6: return .array((0..<Int.random(in: 0...3, using: &random)).map { _ in randomValue(&random, depth: depth - 1) })
        default:
            return .object(Dictionary(uniqueKeysWithValues: (0..<Int.random(in: 0...3, using: &random)).map { index in
                ("k\(index)", randomValue(&random, depth: depth - 1))
            }))
        }
    }

    static let modelKeys = [
        "node", "status", "maxmem", "mem", "maxcpu", "cpu", "uptime", "storage", "type", "content", "avail", "total", "used",
        "active", "enabled", "shared", "volid", "size", "format", "ctime", "template", "version", "release", "repoid", "vmid",
        "name", "online", "local", "quorate", "nodes", "hwaddr", "inet", "inet6", "id", "class", "vendor", "device", "iommugroup",
        "hostname", "cores", "memory", "swap", "net0", "rootfs", "features", "dev0", "mp0", "lock", "pid", "section", "os",
    ]

    @Test("every model given the wrong types for its fields throws a decoding error or holds sane values; never crashes")
    func wrongTypes() {
        var random = FuzzSettings.generator(2024)
        var decoded = 0
        var refused = 0
        for _ in 0..<FuzzSettings.rounds(3_000) {
            var fields: [String: JSONValue] = [:]
            for key in Self.modelKeys where Bool.random(using: &random) { fields[key] = Self.randomValue(&random) }
            let json = JSONValue.object(fields)
            let outcomes: [Result<Any, ProxmoxError>] = [
                Result { () throws(ProxmoxError) -> Any in try NodeSummary(json: json) },
                Result { () throws(ProxmoxError) -> Any in try NodeStatus(json: json) },
                Result { () throws(ProxmoxError) -> Any in try ClusterStatusEntry(json: json) },
                Result { () throws(ProxmoxError) -> Any in try ClusterResource(json: json) },
                Result { () throws(ProxmoxError) -> Any in try StorageSummary(json: json) },
                Result { () throws(ProxmoxError) -> Any in try StorageContentItem(json: json) },
                Result { () throws(ProxmoxError) -> Any in try ApplianceTemplate(json: json) },
                Result { () throws(ProxmoxError) -> Any in try VersionInfo(json: json) },
                Result { () throws(ProxmoxError) -> Any in try ContainerStatus(json: json) },
                Result { () throws(ProxmoxError) -> Any in try ContainerInterface(json: json) },
                Result { () throws(ProxmoxError) -> Any in try ContainerConfig(json: json) },
                Result { () throws(ProxmoxError) -> Any in try HostNetworkInterface(json: json) },
                Result { () throws(ProxmoxError) -> Any in try PCIDeviceInfo(json: json) },
                Result { () throws(ProxmoxError) -> Any in try USBDeviceInfo(json: json) },
            ]
            for outcome in outcomes {
                switch outcome {
                case .success(let model):
                    decoded += 1
                    // A model never invents a value the answer did not have.
                    // Amounts are never negative (a negative one is unknown), so arithmetic on them cannot overflow.
                    if let storage = model as? StorageSummary {
                        if storage.available != nil { #expect(fields["avail"] != nil) }
                        #expect([storage.available, storage.total, storage.used].allSatisfy { ($0 ?? 0) >= 0 })
                        _ = storage.usedFraction
                    }
                    if let node = model as? NodeSummary {
                        if node.freeMemory != nil { #expect(fields["maxmem"] != nil) }
                        #expect((node.freeMemory ?? 0) >= 0)
                    }
                case .failure(let error):
                    refused += 1
                    #expect(error.code == .decoding || error.code == .invalidArgument, "\(error)")
                }
            }
        }
        #expect(decoded > 0 && refused > 0)
    }

    /// Error bodies as PVE and the proxies in front of it send them, mutated at random.
    @Test("random error answers always become one error with a message, the status's kind, and no crash")
    func errorBodies() {
        var random = FuzzSettings.generator(595)
        let bodies = [
            #"{"data":null,"message":"CT 100 already running\n"}"#,
            #"{"errors":{"vmid":"value must be at least 100\n","net0":{"nested":[1,2]}},"data":null,"message":"Parameter verification failed.\n"}"#,
            #"{"data":null}"#, "", "<html><body>502 Bad Gateway</body></html>", #"{"message":12,"errors":"x"}"#,
        ]
        for _ in 0..<FuzzSettings.rounds(3_000) {
            var bytes = Array(bodies.randomElement(using: &random)!.utf8)
            for _ in 0..<Int.random(in: 0...4, using: &random) where !bytes.isEmpty {
                bytes[Int.random(in: 0..<bytes.count, using: &random)] = UInt8.random(in: 0...255, using: &random)
            }
            let status = [400, 401, 403, 404, 500, 501, 502, 503, 595, 596, 599, 418].randomElement(using: &random)!
            let reason = ["", "Bad Request", "No route to host", "got timeout\n", String(repeating: "é", count: 300)].randomElement(using: &random)!
            let error = ProxmoxError.fromResponse(
                method: "POST", path: "/nodes/pve1/lxc", status: status, reason: reason, body: try? JSONValue.parse(Data(bytes)))
            #expect(!error.message.isEmpty)
            #expect(error.status == status)
            if status == 401 { #expect(error.code == .unauthorized) }
            if status == 403 { #expect(error.code == .forbidden) }
            if status == 595 { #expect(error.code == .nodeUnreachable) }
            #expect(!error.description.isEmpty)
        }
    }
}
