import HostProbe
import Testing

/// The checks one fixture host must produce, in build.func's order.
struct ChecksExpectation: Sendable, CustomTestStringConvertible {
    var host: FixtureHost
    var checks: [(HostCheck.Name, HostCheck.Status, Int?)]
    var exitCode: Int?
    var testDescription: String { host.rawValue }
}

let allPassed: [(HostCheck.Name, HostCheck.Status, Int?)] = HostCheck.Name.allCases.map { ($0, .passed, nil) }

func replacing(_ name: HostCheck.Name, _ status: HostCheck.Status, _ code: Int?, in checks: [(HostCheck.Name, HostCheck.Status, Int?)])
    -> [(HostCheck.Name, HostCheck.Status, Int?)]
{
    checks.map { $0.0 == name ? (name, status, code) : $0 }
}

let checksExpectations: [ChecksExpectation] = [
    ChecksExpectation(host: .noGPU, checks: allPassed, exitCode: nil),
    ChecksExpectation(host: .intelIGPU, checks: allPassed, exitCode: nil),
    ChecksExpectation(host: .nvidiaLoaded, checks: allPassed, exitCode: nil),
    ChecksExpectation(host: .renumbered, checks: allPassed, exitCode: nil),
    ChecksExpectation(host: .coral, checks: allPassed, exitCode: nil),
    ChecksExpectation(host: .amdDGPU, checks: replacing(.root, .failed, 104, in: allPassed), exitCode: 104),
    ChecksExpectation(host: .intelNVIDIA, checks: replacing(.quorum, .unknown, 210, in: allPassed), exitCode: 210),
    ChecksExpectation(host: .usbSerial, checks: replacing(.arch, .failed, 106, in: allPassed), exitCode: 106),
    ChecksExpectation(
        host: .pve74,
        checks: replacing(.pveVersion, .failed, 105, in: replacing(.maxkeys, .failed, 108, in: replacing(.quorum, .failed, 210, in: allPassed))),
        exitCode: 105
    ),
    ChecksExpectation(
        host: .notPVE,
        checks: [
            (.pveVersion, .failed, 232), (.root, .failed, 104), (.arch, .passed, nil), (.ssh, .passed, nil),
            (.maxkeys, .failed, 107),
            (.quorum, .passed, nil), (.bridge, .failed, 116),
        ],
        exitCode: 232
    ),
]

@Suite("Host checks on fixture hosts")
struct HostChecksTests {
    @Test("Each fixture host's checks come out with build.func's exit codes", arguments: checksExpectations)
    func checks(expected: ChecksExpectation) async throws {
        let (context, _) = try expected.host.context()
        let report = await HostProber(context: context).report()
        #expect(report.checks.map(\.name) == expected.checks.map(\.0))
        #expect(report.checks.map(\.status) == expected.checks.map(\.1))
        #expect(report.checks.map(\.exitCode) == expected.checks.map(\.2))
        #expect(report.exitCode == expected.exitCode)
        for check in report.checks where !check.ok {
            #expect(check.remedy?.isEmpty == false, "\(check.name) needs a remedy")
        }
    }

    @Test("PVE versions: 8.4 and 9.1 pass, 7.4 fails with build.func's message")
    func pveMessages() async throws {
        let (old, _) = try FixtureHost.pve74.context()
        let oldReport = await HostProber(context: old).report()
        #expect(oldReport.host.pveVersion == "7.4.17")
        #expect(oldReport.host.pveSupported == false)
        #expect(oldReport.checks.first?.message
            == "Proxmox VE 7.4.17 is not supported. Supported: Proxmox VE version 8.0 – 8.9 / 9.0 – 9.2")
        let (new, _) = try FixtureHost.intelIGPU.context()
        let newReport = await HostProber(context: new).report()
        #expect(newReport.host.pveVersion == "9.1.1")
        #expect(newReport.host.kernel == "6.17.2-1-pve")
        #expect(newReport.host.pveSupport == .supported)
    }

    @Test("pveversion that is newer, hangs, fails or prints garbage never passes silently", arguments: [
        (RecordedCommandRunner.Reply.output(["pveversion"], "pve-manager/9.3.2/abc (running kernel: 6.20.1-1-pve)"),
         HostCheck.Status.warning, Int?.none, "Proxmox VE 9.3.2 is newer than the tested 9.0 – 9.2"),
        (.hangs, .unknown, 105, "pveversion did not finish within 5 s"),
        (.output(["pveversion"], "", status: 2), .unknown, 105, "pveversion ended with exit 2"),
        (.output(["pveversion"], "ipcc_send_rec failed"), .unknown, 105, "pveversion printed no pve-manager version"),
        (.missing, .failed, 232, "pveversion not found: this is not a Proxmox VE host"),
    ] as [(RecordedCommandRunner.Reply, HostCheck.Status, Int?, String)])
    func pveReplies(reply: RecordedCommandRunner.Reply, status: HostCheck.Status, code: Int?, message: String) async throws {
        let (context, _) = try FixtureHost.noGPU.context(overriding: [["pveversion"]: reply])
        let scan = await HostFactsProbe(context: context).scan()
        let check = try #require(scan.checks.first)
        #expect(check.name == .pveVersion)
        #expect(check.status == status)
        #expect(check.exitCode == code)
        #expect(check.message == message)
        #expect(check.ok == (status == .warning))
        #expect(scan.facts.pveSupported == (status == .warning ? true : nil))
    }

    @Test("ssh_check only warns, and only for clients outside the host's /24", arguments: [
        (String?.none, HostCheck.Status.passed), ("127.0.0.1 50022 22", .passed), ("192.168.1.50 50022 22", .passed),
        ("192.168.1.11 50022 22", .passed), ("203.0.113.9 50022 22", .warning),
    ] as [(String?, HostCheck.Status)])
    func sshCheck(client: String?, status: HostCheck.Status) async throws {
        var (context, _) = try FixtureHost.noGPU.context()
        context.environment = client.map { ["SSH_CLIENT": $0] } ?? [:]
        let report = await HostProber(context: context).report()
        let check = try #require(report.checks.first { $0.name == .ssh })
        #expect(check.status == status)
        #expect(check.ok)
        #expect(report.exitCode == nil)
    }

    @Test("Key limits: the numbers, the 108 remedy, and uid 1100000 not mistaken for 100000")
    func keyLimits() async throws {
        let (context, _) = try FixtureHost.pve74.context()
        let report = await HostProber(context: context).report()
        #expect(report.host.keyLimits == KeyLimits(maxKeys: 200, maxBytes: 20000, usedKeys: 150, usedBytes: 19500))
        let check = try #require(report.checks.first { $0.name == .maxkeys })
        #expect(check.message == "kernel key limits nearly exceeded: uid 100000 uses 150 of 200 keys and 19500 of 20000 bytes")
        #expect(check.remedy == "Add kernel.keys.maxkeys=400 and kernel.keys.maxbytes=40000 to "
            + "/etc/sysctl.d/98-community-scripts.conf, then run `sysctl --system`")
    }

    @Test("A hung pvecm is given up after the timeout: quorum unknown, not a hang")
    func hungPvecm() async throws {
        let (context, runner) = try FixtureHost.intelNVIDIA.context()
        let report = await HostProber(context: context).report()
        let quorum = try #require(report.checks.first { $0.name == .quorum })
        #expect(quorum.message == "pvecm status did not finish within 5 s")
        #expect(report.host.cluster == ClusterStatus(isClustered: true))
        #expect(runner.commands.contains(["pvecm", "status"]))
    }

    @Test("Each fixture runs exactly the commands it needs: pvecm only on clustered hosts", arguments: FixtureHost.allCases)
    func commands(host: FixtureHost) async throws {
        let (context, runner) = try host.context()
        _ = await HostProber(context: context).report()
        var expected: Set<[String]> = [["lspci", "-nn"], ["pveversion"], ["dpkg", "--print-architecture"]]
        if [.intelIGPU, .intelNVIDIA, .pve74].contains(host) { expected.insert(["pvecm", "status"]) }
        #expect(Set(runner.commands) == expected)
        #expect(runner.commands.count == expected.count)
    }
}
