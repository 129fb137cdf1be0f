import ContainerKitTestSupport
import Foundation
import LXCBuildTestSupport
import ProxmoxAPI
import Synchronization
import Testing
@testable import ContainerKit

/// Every fault fakepve can inject, at every step of a create. The fault is switched on when the step starts and
/// off when it ends, fails or the cleanup starts (during a hang each request would answer 2 s late, past the 1 s
/// timeout). Each run must end as its cell says: success (the fault was retried or did not matter), or a failure
/// with one of the listed exit codes, no container left behind and no cleanup problem, within a bounded time.
/// Docs/faults.md keeps the table.
@Suite("Fault matrix: every fault at every step", .serialized)
struct FaultMatrixTests {
    enum Fault: String, CaseIterable, Sendable {
        case http500 = "500", http595 = "595", dropped = "dropped connection", hang = "hang past the timeout"
        case taskError = "TASK ERROR", expiredTicket = "expired ticket", lostQuorum = "lost quorum"
        case nodeOffline = "node offline", configLock = "config lock"
    }

    enum Outcome: Sendable, Equatable {
        /// Retried, or the fault did not touch what the step does.
        case succeeds
        /// The build succeeds with a warning naming what could not be done (the notes).
        case warns
        /// A failure with one of these exit codes.
        case fails(Set<BuildExitCode>)
        /// The fault hits requests of steps running beside this one: success, or a failure with one of these codes.
        case succeedsOrFails(Set<BuildExitCode>)
    }

    struct Cell: Sendable, CustomStringConvertible {
        let step: BuildStep
        let fault: Fault
        let outcome: Outcome
        var description: String { "\(step.rawValue) × \(fault.rawValue)" }
    }

    /// The steps in a run's order. `devices` is the second devices step: GPU groups set through the API while
    /// the container is stopped (the first one only reads the node's probe); `install` runs through the node shell.
    static let steps: [BuildStep] = [.connect, .node, .storage, .template, .download, .ctid, .create, .devices, .start, .network, .install, .notes]

    static let cells: [Cell] = steps.flatMap { step in
        Fault.allCases.compactMap { fault in expected(step, fault).map { Cell(step: step, fault: fault, outcome: $0) } }
    }

    /// What each cell must end in; `nil`: the fault cannot happen at that step (no task to fail, no container to lock).
    /// Connection failures keep their own codes at every step (7 dropped, 28 timeout, 69 node unreachable); what
    /// PVE refuses gets the step's code (1 where build.func has none).
    static func expected(_ step: BuildStep, _ fault: Fault) -> Outcome? {
        // The create task also starts the container (start=1): the start step sends no request of its own, only reads.
        let steps: [BuildStep] = [.download, .create, .devices]
        let containerExists: [BuildStep] = [.devices, .start, .network, .install, .notes]
        switch fault {
        case .taskError where !steps.contains(step): return nil
        case .configLock where !containerExists.contains(step): return nil
        case .expiredTicket: return .succeeds
        case .dropped: return [.network: .fails([BuildExitCode.noIP]), .install: .succeeds, .notes: .warns][step] ?? .fails([BuildExitCode.curlConnect])
        case .hang: return [.network: .fails([BuildExitCode.noIP]), .install: .succeeds, .notes: .warns][step] ?? .fails([BuildExitCode.curlTimeout])
        default: break
        }
        switch step {
        case .connect:
            return [.http500: .fails([BuildExitCode.general]), .http595: .fails([BuildExitCode.serviceUnavailable]),
                    .lostQuorum: .fails([BuildExitCode.noQuorum]), .nodeOffline: .fails([BuildExitCode.serviceUnavailable])][fault]
        case .node, .storage, .template:
            return [.http500: .fails([BuildExitCode.general]), .http595: .fails([BuildExitCode.serviceUnavailable]), .lostQuorum: .succeeds,
                    .nodeOffline: .fails([BuildExitCode.serviceUnavailable])][fault]
        case .download:
            return [.http500: .fails([BuildExitCode.general]), .http595: .fails([BuildExitCode.serviceUnavailable]),
                    .taskError: .fails([BuildExitCode.templateDownloadFailed]), .lostQuorum: .succeeds,
                    .nodeOffline: .fails([BuildExitCode.serviceUnavailable])][fault]
        case .ctid:
            return [.http500: .fails([BuildExitCode.noFreeCTID]), .http595: .fails([BuildExitCode.serviceUnavailable]), .lostQuorum: .succeeds,
                    .nodeOffline: .succeedsOrFails([BuildExitCode.serviceUnavailable])][fault]
        case .create:
            return [.http500: .fails([BuildExitCode.createFailed]), .http595: .fails([BuildExitCode.serviceUnavailable]),
                    .taskError: .fails([BuildExitCode.createFailed]), .lostQuorum: .fails([BuildExitCode.createFailed]),
                    .nodeOffline: .fails([BuildExitCode.serviceUnavailable])][fault]
        case .devices:
            return [.http500: .fails([BuildExitCode.general]), .http595: .fails([BuildExitCode.serviceUnavailable]),
                    .taskError: .fails([BuildExitCode.general]), .lostQuorum: .fails([BuildExitCode.notRunning]),
                    .nodeOffline: .fails([BuildExitCode.serviceUnavailable]), .configLock: .fails([BuildExitCode.general])][fault]
        case .start:
            // Reads only (the create task started it): quorum and a config lock do not touch them.
            return [.http500: .fails([BuildExitCode.notRunning]), .http595: .fails([BuildExitCode.serviceUnavailable]),
                    .lostQuorum: .succeeds, .nodeOffline: .fails([BuildExitCode.serviceUnavailable]), .configLock: .succeeds][fault]
        case .network:
            return [.http500: .fails([BuildExitCode.noIP]), .http595: .fails([BuildExitCode.noIP]), .lostQuorum: .succeeds,
                    .nodeOffline: .fails([BuildExitCode.noIP]), .configLock: .succeeds][fault]
        case .install:
            return .succeeds
        case .notes:
            return .warns  // the container is built: notes that cannot be written are a warning
        default:
            return nil
        }
    }

    @Test("a fault at a step ends as the matrix says, with no container left behind", arguments: cells)
    func cell(_ cell: Cell) async throws {
        try await withFakePVE { pve in
            try pve.serveCatalog()
            let injector = FaultInjector(pve: pve, cell: cell)
            let builder = ContainerBuilder(client: try Self.client(pve), options: try Self.options(cell.step), events: injector.handle)
            let start = ContinuousClock.now
            let outcome = await Task { try await builder.create(Self.spec(cell.step)) }.result
            injector.lift()
            let elapsed = ContinuousClock.now - start
            #expect(injector.applied, "the fault was never switched on")
            #expect(injector.problems.isEmpty, "\(injector.problems)")
            switch outcome {
            case .success(let result):
                let noted = result.warnings.contains { $0.contains("notes could not be written") }
                #expect(Self.accepts(cell.outcome, success: true, warned: noted), "succeeded (notes warning: \(noted)), expected \(cell.outcome)")
                #expect(try await pve.containerIDs() == [result.ctid])
            case .failure(let error):
                let failure = try #require(error as? BuildError)
                #expect(Self.accepts(cell.outcome, code: failure.exitCode), "exit \(failure.exitCode): \(failure.message), expected \(cell.outcome)")
                #expect(!failure.message.isEmpty && failure.description.contains(failure.message))
                #expect(try await pve.containerIDs().isEmpty, "a container was left behind")
                // A create whose answer was lost while the node stays silent cannot be checked: the run says so.
                let unknowable = cell.step == .create && [.dropped, .hang].contains(cell.fault)
                #expect(failure.cleanupProblems.allSatisfy { unknowable && $0.contains("was created is unknown") }, "\(failure.cleanupProblems)")
            }
            #expect(elapsed < .seconds(120), "took \(elapsed)")
        }
    }

    static func accepts(_ outcome: Outcome, success: Bool = false, warned: Bool = false, code: BuildExitCode? = nil) -> Bool {
        switch outcome {
        case .succeeds: return success && !warned
        case .warns: return success && warned
        case .fails(let codes): return code.map(codes.contains) ?? false
        case .succeedsOrFails(let codes): return (success && !warned) || (code.map(codes.contains) ?? false)
        }
    }

    /// A DHCP container of the catalog app `demo` with the Intel iGPU passed in, its template only in the catalog:
    /// every step of a create happens, the notes included. For the node row the node is chosen with `--node auto`
    /// and a preset storage, which reads each node's storages (the named or only node needs no request).
    static func spec(_ step: BuildStep) -> ContainerSpec {
        var spec = ContainerSpec(app: "demo")
        spec.osVersion = "12"
        spec.network.ipv4 = .dhcp
        spec.gpu = true
        if step == .node { spec.containerStorage = "local-lvm" }
        return spec
    }

    static func options(_ step: BuildStep) throws -> ContainerBuilder.Options {
        var provisioning = ProvisioningOptions(shell: ScriptedNodeShell(failures: 0))
        provisioning.catalogDirectory = try makeCatalog(body: "true")
        provisioning.checkNetwork = false
        provisioning.bootstrap = false
        provisioning.logDirectory = try temporaryFolder()
        var options = ContainerBuilder.Options()
        options.hostReport = DeviceTests.probe("intel-igpu")
        options.provisioning = provisioning
        options.ipTimeout = .seconds(3)
        options.taskTimeout = .seconds(20)
        options.downloadLock = FileTemplateDownloadLock(directory: try temporaryFolder())
        if step == .node { options.node = .automatic }
        return options
    }

    /// fakepve with a 1 s request timeout. fakepve has no DHCP server: eth0 gets its lease from the second
    /// interface read on, so the network step has to ask at least once more after the start.
    static func client(_ pve: FakePVE) throws -> ProxmoxClient {
        let inner = try pve.passwordClient(requestTimeout: .seconds(1)).transport
        let reads = Mutex(0)
        let transport = PatchingTransport(inner, rewrite: { request, response in
            guard request.method == .get, request.path.hasSuffix("/interfaces"), response.isSuccess else { return response }
            let leased = reads.withLock { count in
                count += 1
                return count > 1
            }
            let eth0: JSONValue = leased ? ["name": "eth0", "inet": "10.20.0.77/24"] : ["name": "eth0"]
            return ok([["name": "lo", "inet": "127.0.0.1/8"], eth0])
        })
        return ProxmoxClient(transport: transport, retryPolicy: .fast)
    }
}

/// Switches a cell's fault on when its step starts and off when the step ends, fails or the cleanup starts.
/// A fault the fake refused to switch on or off is recorded, so a cell cannot pass without its fault.
final class FaultInjector: Sendable {
    let pve: FakePVE
    let cell: FaultMatrixTests.Cell
    private let state = Mutex<(starts: Int, ctid: Int?, active: Bool, applied: Bool, problems: [String])>((0, nil, false, false, []))

    init(pve: FakePVE, cell: FaultMatrixTests.Cell) {
        self.pve = pve
        self.cell = cell
    }

    /// The fault was switched on.
    var applied: Bool { state.withLock { $0.applied } }
    /// Switching the fault on or off failed: what the fake said.
    var problems: [String] { state.withLock { $0.problems } }

    /// Which start of the step the fault waits for (the devices step starts twice, see `FaultMatrixTests.steps`).
    var occurrence: Int { cell.step == .devices ? 2 : 1 }

    func handle(_ event: BuildEvent) {
        if case .finished(.ctid, let id) = event { state.withLock { $0.ctid = Int(id) } }
        switch event {
        case .started(let step) where step == cell.step:
            let (fire, ctid) = state.withLock { state -> (Bool, Int?) in
                state.starts += 1
                guard state.starts == occurrence, !state.applied else { return (false, nil) }
                state.active = true
                state.applied = true
                return (true, state.ctid)
            }
            if fire { recording { try apply(ctid: ctid) } }
        case .finished(let step, _) where step == cell.step:
            lift()
        case .started(.cleanup), .failed:
            lift()
        default:
            break
        }
    }

    func lift() {
        let (wasActive, ctid) = state.withLock { state -> (Bool, Int?) in
            defer { state.active = false }
            return (state.active, state.ctid)
        }
        guard wasActive else { return }
        recording {
            switch cell.fault {
            case .http500, .http595, .taskError: try pve.set("failures", [String: Any]())
            case .dropped, .hang: try pve.call("flaky_network")
            case .expiredTicket: break
            case .lostQuorum: try pve.call("regain_quorum")
            case .nodeOffline: try pve.call("set_node_offline", ["pve1", false])
            case .configLock: try pve.call("release_config_lock", [try Self.required(ctid)])
            }
            if cell.fault == .taskError, cell.step == .download { try pve.serveCatalog() }
        }
    }

    private func recording(_ body: () throws -> Void) {
        do {
            try body()
        } catch {
            state.withLock { $0.problems.append("\(error)") }
        }
    }

    private static func required(_ ctid: Int?) throws -> Int {
        guard let ctid else { throw FakePVE.HarnessError(description: "no container id known yet for the config lock") }
        return ctid
    }

    private func apply(ctid: Int?) throws {
        switch cell.fault {
        case .http500: try failEverything(status: 500, "fakepve: injected internal error")
        case .http595: try failEverything(status: 595, "No route to host")
        case .dropped: try pve.call("flaky_network", [], ["drop_rate": 1.0])
        case .hang: try pve.call("flaky_network", [], ["hang_rate": 1.0, "hang_secs": 2])
        case .taskError:
            switch cell.step {
            case .download: try pve.serveCatalog(error: "download failed: 404 Not Found")
            case .create: try pve.call("fail", ["POST", "/nodes/pve1/lxc"], ["error": "found_lock_trying_remove_lock"])
            case .devices: try pve.call("fail", ["POST", "/nodes/{node}/lxc/{vmid}/status/stop"], ["error": "did_not_stop"])
            default: throw FakePVE.HarnessError(description: "no task to fail at \(cell.step)")
            }
        case .expiredTicket: try pve.call("revoke_tickets")
        case .lostQuorum: try pve.call("lose_quorum")
        case .nodeOffline: try pve.call("set_node_offline", ["pve1"])
        case .configLock: try pve.command(["op": "call", "method": "hold_config_lock", "args": [try Self.required(ctid), NSNull()]])
        }
    }

    /// Every request fails; at the container-id step only `/cluster/nextid`, as the node, storage and template
    /// steps run beside it and would otherwise meet the fault first.
    private func failEverything(status: Int, _ message: String) throws {
        if cell.step == .ctid {
            try pve.call("fail", ["GET", "/cluster/nextid"], ["status": status, "message": message])
            return
        }
        for method in ["GET", "POST", "PUT", "DELETE"] {
            try pve.call("fail", [method, ""], ["status": status, "message": message])
        }
    }
}
