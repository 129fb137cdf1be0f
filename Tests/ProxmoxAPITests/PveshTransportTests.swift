import Foundation
import Testing
import LXCBuildTestSupport
@testable import ProxmoxAPI

@Suite("pvesh transport (stand-in pvesh script)")
struct PveshTransportTests {
    /// Copies the stand-in next to a fresh log file and returns a client using it.
    func client() throws -> (ProxmoxClient, URL) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("pvesh-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let script = directory.appendingPathComponent("pvesh")
        let source = try #require(Bundle.module.url(forResource: "Fixtures/pvesh-standin", withExtension: "sh"))
        let log = directory.appendingPathComponent("calls.log")
        let text = try String(contentsOf: source, encoding: .utf8)
            .replacingOccurrences(of: "\"$PVESH_STANDIN_LOG\"", with: "'\(log.path)'")
        try text.write(to: script, atomically: true, encoding: .utf8)
        // Run through sh rather than executed directly: a script just written can be "text file busy" while a
        // process spawned by a parallel test still holds the write descriptor.
        let transport = PveshTransport(
            runner: ProcessPveshRunner(executable: "/bin/sh", leadingArguments: [script.path], timeout: .seconds(300)))
        return (ProxmoxClient(transport: transport, retryPolicy: .none), log)
    }

    func calls(_ log: URL) throws -> [String] {
        try String(contentsOf: log, encoding: .utf8).split(separator: "\n").map(String.init)
    }

    @Test("a GET becomes `pvesh get PATH --output-format json` and its JSON is the data")
    func get() async throws {
        let (client, log) = try client()
        let version = try await client.version()
        #expect(version.version == "8.4.1" && version.major == 8)
        #expect(try await client.nextID() == 101)
        #expect(try calls(log).first == "get|get|/version|--output-format|json")
    }

    @Test("a POST becomes `pvesh create` with --name value pairs, booleans as 1/0, and returns the UPID")
    func create() async throws {
        let (client, log) = try client()
        var request = ContainerCreateRequest(vmid: 101, osTemplate: "local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst")
        request.options.hostname = "web"
        request.options.unprivileged = true
        request.options.networks[0] = NetworkInterface(name: "eth0", bridge: "vmbr0", ip: "dhcp")
        let upid = try await client.node("pve").createContainer(request)
        #expect(upid.type == "vzcreate" && upid.id == "101")
        let call = try #require(try calls(log).first)
        #expect(call.hasPrefix("create|create|/nodes/pve/lxc|--vmid|101|--ostemplate|local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst"))
        #expect(call.contains("|--unprivileged|1|"))
        #expect(call.contains("|--net0|name=eth0,bridge=vmbr0,ip=dhcp|"))
    }

    @Test("pvesh's parameter errors come back as a 400 with each field")
    func parameterErrors() async throws {
        let (client, _) = try client()
        do {
            _ = try await client.node("pve").createContainer(ContainerCreateRequest(vmid: 100, osTemplate: "local:vztmpl/x.tar.zst"))
            Issue.record("expected failure")
        } catch {
            #expect(error.code == .parameterVerification)
            #expect(error.status == 400)
            #expect(error.parameterErrors["vmid"] == "VM 100 already exists")
            #expect(error.parameterErrors["net0"]?.hasPrefix("invalid format") == true)
            #expect(error.parameterErrors.count == 2)
        }
    }

    @Test("a handler's error text keeps its meaning (does not exist → not found)")
    func handlerError() async throws {
        let (client, _) = try client()
        await #expect {
            _ = try await client.node("pve").container(105).destroy()
        } throws: { error in
            (error as? ProxmoxError)?.code == .notFound && (error as? ProxmoxError)?.message == "CT 105 does not exist"
        }
    }

    @Test("a secret is never put on pvesh's command line: the call is refused before anything runs")
    func secretRefused() async throws {
        let (client, log) = try client()
        var request = ContainerCreateRequest(vmid: 101, osTemplate: "local:vztmpl/x.tar.zst")
        request.password = "Sup3rS3cret"
        do {
            _ = try await client.node("pve").createContainer(request)
            Issue.record("expected refusal")
        } catch {
            #expect(error.code == .unsupported)
            #expect(error.message.contains("'password'"))
            #expect(!error.description.contains("Sup3rS3cret"))
        }
        #expect(!FileManager.default.fileExists(atPath: log.path))
    }

    @Test("a missing pvesh is a transport error that says where lxc-build must run")
    func missingExecutable() async throws {
        let client = ProxmoxClient(transport: PveshTransport(runner: ProcessPveshRunner(executable: "/nonexistent/pvesh")), retryPolicy: .none)
        await #expect {
            _ = try await client.version()
        } throws: { error in
            (error as? ProxmoxError)?.code == .transport && (error as? ProxmoxError)?.hint?.contains("PROXMOX_VE_ENDPOINT") == true
        }
    }

    @Test("a pvesh that hangs is stopped at the timeout")
    func timeout() async throws {
        let runner = ProcessPveshRunner(executable: "/bin/sh", leadingArguments: ["-c", "exec sleep 600", "sh"], timeout: .milliseconds(300))
        let client = ProxmoxClient(transport: PveshTransport(runner: runner), retryPolicy: .none)
        let start = ContinuousClock.now
        await #expect {
            _ = try await client.version()
        } throws: { error in
            (error as? ProxmoxError)?.code == .timeout
        }
        // The stand-in sleeps 600 s; the bound is generous because a sanitizer run on 2 cores can stall this task for
        // half a minute (29 s seen under ThreadSanitizer), which says nothing about the timeout.
        #expect(ContinuousClock.now - start < .seconds(120))
    }
}
