import HostProbe
import Testing

@Suite("Host facts on fixture hosts")
struct HostFactsTests {
    @Test("Bridges come from interfaces and interfaces.d with their comments, then SDN vnets")
    func bridges() async throws {
        let (context, _) = try FixtureHost.noGPU.context()
        let bridges = await HostFactsProbe(context: context).scan().facts.bridges
        #expect(bridges == [
            Bridge(name: "vmbr0", kind: .linux, comment: "LAN (main bridge)", ports: ["eno1"],
                   addresses: ["192.168.1.11/24"], source: "/etc/network/interfaces"),
            Bridge(name: "vmbr1", kind: .linux, comment: "Lab VLANs", vlanAware: true, source: "/etc/network/interfaces.d/lab"),
            Bridge(name: "vmbr2", kind: .ovs, ports: ["eno2"], source: "/etc/network/interfaces.d/lab"),
            Bridge(name: "vmbr3", kind: .linux, comment: "old underscore spelling", ports: ["eno3"],
                   source: "/etc/network/interfaces.d/lab"),
        ])
        let (sdnContext, _) = try FixtureHost.intelIGPU.context()
        let withVNets = await HostFactsProbe(context: sdnContext).scan().facts.bridges
        #expect(withVNets.map(\.menuName) == ["vmbr0", "sdn:iot", "sdn:dmz"])
        #expect(withVNets[1].comment == "IoT devices")
        #expect(withVNets[1].zone == "lab")
    }

    @Test("SSH keys: accepted types only, option prefixes and CRLF stripped, private and known_hosts files skipped, each key once")
    func sshKeys() async throws {
        let (context, _) = try FixtureHost.noGPU.context()
        let keys = await HostFactsProbe(context: context).scan().facts.keys
        #expect(keys.map(\.type) == ["ssh-ed25519", "ssh-rsa", "ecdsa-sha2-nistp256", "sk-ssh-ed25519@openssh.com"])
        #expect(keys.map(\.comment) == ["alice@laptop", "backup@nas", "bob@desk", "yubikey"])
        #expect(keys.map(\.file) == [
            "/root/.ssh/authorized_keys", "/root/.ssh/authorized_keys", "/root/.ssh/id_ecdsa.pub",
            "/etc/ssh/authorized_keys.d/admins",
        ])
        #expect(keys[1].authorizedKeysLine == "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQDFixtureRsaKey backup@nas")
    }

    @Test("Time zone from /etc/timezone, else from the /etc/localtime link")
    func timezone() async throws {
        let (berlin, _) = try FixtureHost.noGPU.context()
        #expect(await HostFactsProbe(context: berlin).scan().facts.timezone == "Europe/Berlin")
        let (newYork, _) = try FixtureHost.notPVE.context()
        #expect(await HostFactsProbe(context: newYork).scan().facts.timezone == "America/New_York")
    }

    @Test("A workstation tree degrades to unknowns with reasons, never a crash")
    func unknowns() async throws {
        let (context, _) = try FixtureHost.notPVE.context()
        let report = await HostProber(context: context).report()
        #expect(report.host.pveVersion == nil)
        #expect(report.host.root == false)
        #expect(report.host.arch == "arm64")
        #expect(report.devices.tun == nil)
        #expect(Set(report.unknowns.map(\.fact)) == ["gpu models", "tun", "pveVersion", "keyLimits"])
        #expect(report.unknowns.first { $0.fact == "pveVersion" }?.reason == "pveversion is not installed")
    }
}
