import Foundation
import Testing
import LXCBuildTestSupport
@testable import ProxmoxAPI

/// The client over real HTTPS against fakepve on loopback. Each test starts its own fake and stops it.
@Suite("Against fakepve over HTTPS", .serialized)
struct FakePVEIntegrationTests {
    @Test("ticket login, CSRF on changes, and the whole create → start → interfaces → stop → destroy flow")
    func ticketFlow() async throws {
        try await withFakePVE { pve in
            try pve.storeDebianTemplate()
            let client = try pve.passwordClient()
            #expect(try await client.version().major == 9)
            let nodes = try await client.nodes()
            #expect(nodes.map(\.node) == ["pve1"])
            #expect(nodes.first?.isOnline == true)

            let node = client.node("pve1")
            let vmid = try await client.nextID()
            #expect(vmid >= 100)
            let templates = try await node.storageContent("local", content: "vztmpl")
            let template = try #require(templates.first { $0.fileName == "debian-12-standard_12.7-1_amd64.tar.zst" })
            #expect(try await node.storages(content: "rootdir").map(\.storage).contains("local-lvm"))

            var request = ContainerCreateRequest(vmid: vmid, osTemplate: template.volid)
            request.options.hostname = "web-01"
            request.options.cores = 2
            request.options.memory = 1024
            request.options.rootfs = RootFS(storage: "local-lvm", sizeGiB: 4)
            request.options.networks[0] = NetworkInterface(name: "eth0", bridge: "vmbr0", ip: "10.10.0.5/24", gateway: "10.10.0.1")
            request.options.features = Features(nesting: true)
            request.options.unprivileged = true
            request.options.tags = ["community-script", "web"]
            request.password = "Ch4ngeMe!now"
            let created = try await client.waitForTask(try await node.createContainer(request))
            #expect(created.exitStatus == "OK")

            let container = node.container(vmid)
            let config = try await container.config()
            #expect(config.options.hostname == "web-01")
            #expect(config.options.networks[0]?.ip == "10.10.0.5/24")
            #expect(config.options.features?.nesting == true)
            #expect(config.options.tags == ["community-script", "web"])

            var update = ContainerConfigUpdate(digest: config.digest)
            update.options.memory = 2048
            try await container.updateConfig(update)
            #expect(try await container.config().options.memory == 2048)

            _ = try await client.waitForTask(try await container.start())
            #expect(try await container.status().isRunning)
            let interfaces = try await container.interfaces()
            #expect(interfaces.contains { $0.name == "eth0" && $0.inet == "10.10.0.5/24" })

            _ = try await client.waitForTask(try await container.stop())
            _ = try await client.waitForTask(try await container.destroy())
            #expect(try await node.containers().allSatisfy { $0.vmid != vmid })

            // Every change carried the CSRF token: fakepve refuses changes without it (see the next test).
            let posts = try pve.requests().filter { $0.method != "GET" && $0.path != "/api2/json/access/ticket" }
            #expect(posts.count >= 5)
        }
    }

    @Test("a change without the CSRF token is refused by the server, so the flow above proves the client sends it")
    func csrfIsChecked() async throws {
        try await withFakePVE { pve in
            let client = try pve.passwordClient()
            _ = try await client.version()
            let http = CurlTransport(configuration: {
                var configuration = CurlTransport.Configuration()
                configuration.trust = .caFile(pve.info.caFile)
                return configuration
            }())
            let login = try await http.send(HTTPRequest(
                method: "POST", url: pve.info.url + "/api2/json/access/ticket",
                headers: [HTTPHeader("Content-Type", "application/x-www-form-urlencoded")],
                body: Data("username=root%40pam&password=secret".utf8)))
            let ticket = try #require(try JSONValue.parse(login.body)["data"]?["ticket"]?.stringValue)
            let withoutCSRF = try await http.send(HTTPRequest(
                method: "POST", url: pve.info.url + "/api2/json/pools",
                headers: [HTTPHeader("Cookie", "PVEAuthCookie=" + ticket), HTTPHeader("Content-Type", "application/x-www-form-urlencoded")],
                body: Data("poolid=x".utf8)))
            #expect(withoutCSRF.status == 401)
            #expect(withoutCSRF.reason.lowercased().contains("csrf"))
            try await client.createPool("lxc-build", comment: "made with CSRF")
            #expect(try await client.pools().contains { $0.poolid == "lxc-build" })
        }
    }

    @Test("API token auth works, and a bad token is an unauthorized error without the secret")
    func tokenAuth() async throws {
        try await withFakePVE { pve in
            try pve.setItem("apitokens", key: "root@pam!ci", value: "0f0e0d0c-1111-2222-3333-444455556666")
            let good = try pve.client(credentials: .apiToken(try APIToken(parsing: "root@pam!ci=0f0e0d0c-1111-2222-3333-444455556666")))
            #expect(try await good.nodes().count == 1)
            #expect(try await good.waitForTask(try await good.node("pve1").downloadTemplate("debian-12-standard_12.7-1_amd64.tar.zst", to: "local")).exitStatus == "OK")

            let bad = try pve.client(credentials: .apiToken(try APIToken(parsing: "root@pam!ci=deadbeef-0000")))
            do {
                _ = try await bad.nodes()
                Issue.record("expected 401")
            } catch let error as ProxmoxError {
                #expect(error.code == .unauthorized)
                #expect(error.hint?.contains("root@pam!ci") == true)
                #expect(!error.description.contains("deadbeef"))
            }
        }
    }

    @Test("a wrong password fails the login with a clear message")
    func wrongPassword() async throws {
        try await withFakePVE { pve in
            let client = try pve.passwordClient(password: "not-the-password")
            do {
                _ = try await client.nodes()
                Issue.record("expected 401")
            } catch let error as ProxmoxError {
                #expect(error.code == .unauthorized)
                #expect(error.message.contains("login as root@pam failed"))
                #expect(!error.description.contains("not-the-password"))
            }
        }
    }

    @Test("a wrong fingerprint is refused during the handshake: not one request reaches the server")
    func wrongFingerprint() async throws {
        try await withFakePVE { pve in
            let wrong = try CertificateFingerprint(parsing: String(repeating: "AB:", count: 31) + "AB")
            let client = try pve.passwordClient(trust: .fingerprint(wrong), retry: .none)
            do {
                _ = try await client.nodes()
                Issue.record("expected a TLS failure")
            } catch let error as ProxmoxError {
                #expect(error.code == .tls)
                #expect(error.message.contains("does not match the pinned fingerprint"))
                #expect(error.message.contains(pve.info.fingerprint))
            }
            #expect(try pve.requests().isEmpty)
            // The right fingerprint works.
            #expect(try await pve.passwordClient(trust: .fingerprint(try pve.fingerprint)).nodes().count == 1)
        }
    }

    @Test("the cluster CA file is accepted, and without it the self-signed certificate is refused")
    func caFile() async throws {
        try await withFakePVE { pve in
            #expect(try await pve.passwordClient(trust: .caFile(pve.info.caFile)).version().major == 9)
            let before = try pve.requests().count
            do {
                _ = try await pve.passwordClient(trust: .system, retry: .none).version()
                Issue.record("expected a TLS failure with the system CAs")
            } catch let error as ProxmoxError {
                #expect(error.code == .tls)
                #expect(error.hint?.contains("PROXMOX_VE_CA_FILE") == true)
            }
            #expect(try pve.requests().count == before)
            #expect(try await pve.passwordClient(trust: .insecure).version().major == 9)
        }
    }

    @Test("a 400 from the schema check surfaces each field's message")
    func parameterErrors() async throws {
        try await withFakePVE { pve in
            let client = try pve.passwordClient()
            var request = ContainerCreateRequest(vmid: 150, osTemplate: "local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst")
            request.options.extra = [APIParameter("net0", .string("bridge=vmbr0")), APIParameter("cores", .string("lots"))]
            do {
                _ = try await client.node("pve1").createContainer(request)
                Issue.record("expected 400")
            } catch let error as ProxmoxError {
                #expect(error.code == .parameterVerification)
                #expect(error.parameterErrors.keys.sorted() == ["cores", "net0"])
                #expect(error.description.contains("\n  cores: "))
            }
        }
    }

    @Test("a task that fails in its worker ends in taskFailed with the log's last lines")
    func failedTask() async throws {
        try await withFakePVE { pve in
            try pve.call("add_ct", [171, "broken"])
            // A catalogued PVE error raised inside the worker: the call returns a UPID, the task ends in TASK ERROR.
            try pve.call("fail", ["POST", "/nodes/pve1/lxc/171/status/start"], ["error": "missing_rootfs_configuration"])
            let client = try pve.passwordClient()
            do {
                _ = try await client.waitForTask(try await client.node("pve1").container(171).start())
                Issue.record("expected a failed task")
            } catch let error as ProxmoxError {
                #expect(error.code == .taskFailed)
                #expect(error.message.contains("missing 'rootfs' configuration"))
                #expect(error.taskLog.last?.contains("TASK ERROR") == true)
            }
        }
    }

    @Test("GETs get through a flaky network by retrying")
    func flakyNetwork() async throws {
        try await withFakePVE { pve in
            let counting = CountingHTTPTransport(try pve.curlTransport())
            let client = ProxmoxClient(
                transport: HTTPAPITransport(
                    endpoint: try pve.endpoint, credentials: .password(username: "root@pam", password: "secret"), http: counting),
                retryPolicy: RetryPolicy(maxAttempts: 8, initialDelay: .milliseconds(5), maxDelay: .milliseconds(20)))
            _ = try await client.version()
            try pve.call("flaky_network", [], ["drop_rate": 0.4])
            try pve.command(["op": "seed", "value": 11])
            for _ in 0..<10 { #expect(try await client.nodes().count == 1) }
            // Dropped connections never reach fakepve's request log; the client saw them.
            #expect(counting.failures > 0)
            #expect(counting.sends == 12 + counting.failures)  // login, version, 10 lists
        }
    }

    @Test("an expired or revoked ticket is replaced by a new login without the caller noticing")
    func ticketExpiry() async throws {
        try await withFakePVE { pve in
            let client = try pve.passwordClient()
            _ = try await client.version()
            try pve.call("revoke_tickets")
            #expect(try await client.nodes().count == 1)
            try pve.set("ticket_ttl", 1)
            _ = try await client.nodes()  // the ticket of the second login is still valid: no login here
            try pve.call("revoke_tickets")
            _ = try await client.nodes()
            try await Task.sleep(for: .milliseconds(1200))
            #expect(try await client.nodes().count == 1)
            let logins = try pve.requests().filter { $0.path == "/api2/json/access/ticket" }.count
            #expect(logins == 4)
        }
    }

    @Test("renewal before expiry offers the old ticket, then falls back to the password")
    func proactiveRenewal() async throws {
        try await withFakePVE { pve in
            let client = try pve.passwordClient(renewAfter: .zero)
            _ = try await client.version()
            _ = try await client.version()
            let logins = try pve.requests().filter { $0.path == "/api2/json/access/ticket" }.count
            // First login; then renewal with the ticket (fakepve accepts only passwords) and the password fallback.
            #expect(logins == 3)
        }
    }

    @Test("an account with two-factor authentication and no code gets tfaRequired")
    func twoFactor() async throws {
        try await withFakePVE { pve in
            try pve.set("tfa", true)
            do {
                _ = try await pve.passwordClient().version()
                Issue.record("expected tfaRequired")
            } catch let error as ProxmoxError {
                #expect(error.code == .tfaRequired)
            }
        }
    }

    @Test("a node that is offline answers 595, reported as node unreachable")
    func offlineNode() async throws {
        try await withFakePVE(extraNodes: ["pve2"]) { pve in
            try pve.call("set_node_offline", ["pve2"])
            let client = try pve.passwordClient()
            let status = try await client.clusterStatus()
            #expect(status.contains { $0.type == "node" && $0.name == "pve2" && $0.online == false })
            do {
                _ = try await client.node("pve2").status()
                Issue.record("expected 595")
            } catch let error as ProxmoxError {
                #expect(error.code == .nodeUnreachable)
                #expect(error.status == 595)
            }
        }
    }

    @Test("features beyond nesting with an API token: a 403 that says only root@pam may, and what to do")
    func rootOnlyFeatures() async throws {
        try await withFakePVE { pve in
            try pve.setItem("apitokens", key: "builder@pve!ci", value: "s3cr3t-token")
            try pve.call("grant", ["builder@pve!ci", "/", "VM.Allocate", "Datastore.AllocateSpace", "VM.Config.Options", "Sys.Audit"])
            let client = try pve.client(credentials: .apiToken(APIToken(tokenID: "builder@pve!ci", secret: "s3cr3t-token")))
            var request = ContainerCreateRequest(vmid: 180, osTemplate: "local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst")
            request.options.features = Features(nesting: true, keyctl: true)
            request.options.unprivileged = true
            do {
                _ = try await client.node("pve1").createContainer(request)
                Issue.record("expected 403")
            } catch let error as ProxmoxError {
                #expect(error.code == .forbidden)
                #expect(error.message.contains("only allowed for root@pam"))
                #expect(error.hint?.contains("never to an API token") == true)
            }
        }
    }

    @Test("nextid is read from the string PVE sends, and a taken id is a field error")
    func nextID() async throws {
        try await withFakePVE { pve in
            try pve.call("add_ct", [100, "taken"])
            let client = try pve.passwordClient()
            #expect(try await client.nextID() == 101)
            #expect(try await client.nextID(requested: 150) == 150)
        }
    }

    @Test("every typed endpoint a builder needs answers and decodes against the fake")
    func typedEndpoints() async throws {
        try await withFakePVE { pve in
            try pve.storeDebianTemplate()
            try pve.call("add_ct", [200, "existing"], ["status": "running"])
            let client = try pve.passwordClient()
            let node = client.node("pve1")
            #expect(try await node.status().cpus != nil)
            #expect(try await client.clusterResources(type: "vm").contains { $0.vmid == 200 && $0.type == "lxc" })
            #expect(try await client.storageDefinitions().count >= 2)
            let local = try await node.storageStatus("local")
            #expect(local.storage == "local" && local.content.contains("vztmpl"))
            #expect(try await node.storages(content: "vztmpl", enabledOnly: true).map(\.storage) == ["local"])
            #expect(try await node.applianceTemplates().isEmpty)  // fakepve's catalog is empty; see the recorded rows
            #expect(try await node.network(type: "any_bridge").contains { $0.iface == "vmbr0" && $0.isBridge })
            _ = try await node.pciDevices()
            _ = try await node.usbDevices()
            let download = try await node.downloadURL(
                "https://images.example.invalid/alpine-3.22-default_20250617_amd64.tar.xz", fileName: "alpine-3.22-default_20250617_amd64.tar.xz",
                to: "local", checksum: (algorithm: "sha256", value: String(repeating: "a", count: 64)))
            #expect(download.type == "download")
            #expect(try await client.waitForTask(download).exitStatus == "OK")
            #expect(try await node.containers().contains { $0.vmid == 200 && $0.isRunning })

            let container = node.container(200)
            _ = try await client.waitForTask(try await container.reboot())
            _ = try await client.waitForTask(try await container.shutdown(timeout: 30, forceStop: true))
            #expect(try await !container.status().isRunning)
            _ = try await client.waitForTask(try await container.resize(disk: "rootfs", size: "+1G"))
            let status = try await client.taskStatus(try await container.start())
            #expect(status.type == "vzstart")
            #expect(try await client.pools().isEmpty)
        }
    }

    @Test("http:// is refused for anything but loopback, and for loopback unless asked for")
    func plainHTTP() async throws {
        let transport = CurlTransport()
        await #expect {
            _ = try await transport.send(HTTPRequest(method: "GET", url: "http://pve.example.com:8006/api2/json/version"))
        } throws: { error in
            (error as? ProxmoxError)?.code == .invalidArgument && (error as? ProxmoxError)?.message.contains("https://") == true
        }
        await #expect(throws: ProxmoxError.self) {
            _ = try await transport.send(HTTPRequest(method: "GET", url: "http://127.0.0.1:9/api2/json/version"))
        }
        var configuration = CurlTransport.Configuration()
        configuration.allowPlainHTTPOnLoopback = true
        configuration.connectTimeout = .seconds(2)
        let loopback = CurlTransport(configuration: configuration)
        await #expect {
            _ = try await loopback.send(HTTPRequest(method: "GET", url: "http://127.0.0.1:9/api2/json/version"))
        } throws: { error in
            (error as? ProxmoxError)?.code == .transport && (error as? ProxmoxError)?.requestMayHaveArrived == false
        }
        await #expect {
            _ = try await loopback.send(HTTPRequest(method: "GET", url: "http://10.1.2.3:8006/api2/json/version"))
        } throws: { error in
            (error as? ProxmoxError)?.code == .invalidArgument
        }
    }
}
