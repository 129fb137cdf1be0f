import HostProbe
import Testing

@Suite("Host parsers")
struct HostParserTests {
    @Test("pveversion output parses, including PVE 7's dash patch level", arguments: [
        ("pve-manager/8.4.1/2a5fa54a8503f96d (running kernel: 6.8.12-9-pve)", "8.4.1", "6.8.12-9-pve", PVESupport.supported),
        ("pve-manager/9.1.1/42db4a6cf33dac83 (running kernel: 6.17.2-1-pve)", "9.1.1", "6.17.2-1-pve", .supported),
        ("pve-manager/7.4-17/513c62be (running kernel: 5.15.149-1-pve)", "7.4.17", "5.15.149-1-pve", .unsupported),
        ("pve-manager/9.3.0/abc (running kernel: 6.20.1-1-pve)", "9.3.0", "6.20.1-1-pve", .newerThanTested),
        ("pve-manager/10.0.1/abc", "10.0.1", nil, .unsupported),
        ("pve-manager/8.0/abc", "8.0", nil, .supported),
    ] as [(String, String, String?, PVESupport)])
    func pveVersion(text: String, version: String, kernel: String?, support: PVESupport) throws {
        let parsed = try #require(PVEVersion.parse(text))
        #expect(parsed.description == version)
        #expect(parsed.kernel == kernel)
        #expect(parsed.support == support)
    }

    @Test("Text without a pve-manager version does not parse")
    func pveVersionGarbage() {
        #expect(PVEVersion.parse("bash: pveversion: command not found") == nil)
        #expect(PVEVersion.parse("pve-manager/x.y/abc") == nil)
        #expect(PVEVersion(major: 8, minor: 4, patch: 1) < PVEVersion(major: 9, minor: 0))
    }

    @Test("/proc/key-users gives qnkeys and qnbytes of exactly uid 100000")
    func keyUsers() throws {
        let text = """
                0:    67 66/66 40/1000000 699/25000000
            1100000:     1 1/1 1/200 9/20000
             100000:    12 11/11 10/200 180/20000
            """
        let usage = try #require(KeyLimits.parseUsage(text))
        #expect(usage.keys == 10)
        #expect(usage.bytes == 180)
        let none = try #require(KeyLimits.parseUsage("    0:    67 66/66 40/1000000 699/25000000\n"))
        #expect(none.keys == 0 && none.bytes == 0)
        #expect(KeyLimits.parseUsage("100000: 1 x/y z/w q/r") == nil)
    }

    @Test("Key limit thresholds are build.func's: more than max-100 keys or max-1000 bytes", arguments: [
        (100, 0, false), (101, 0, true), (0, 19000, false), (0, 19001, true),
    ])
    func keyThresholds(keys: Int, bytes: Int, exceeded: Bool) {
        #expect(KeyLimits(maxKeys: 200, maxBytes: 20000, usedKeys: keys, usedBytes: bytes).isExceeded == exceeded)
    }

    @Test("pvecm status gives quorum and cluster name")
    func pvecm() {
        let quorate = ClusterStatus.parse(pvecmStatus: "Name:             homelab\nQuorate:          Yes\n")
        #expect(quorate == ClusterStatus(isClustered: true, quorate: true, name: "homelab"))
        #expect(ClusterStatus.parse(pvecmStatus: "Quorate:          No").quorate == false)
        #expect(ClusterStatus.parse(pvecmStatus: "Cannot initialize CMAP service").quorate == nil)
    }

    @Test("An interfaces comment belongs to its own block only; inet and inet6 blocks merge")
    func bridgeComments() {
        let bridges = BridgeParser.parse("""
            auto vmbr0
            iface vmbr0 inet static
                address 10.0.0.2/24
                bridge-ports eno1

            auto vmbr1
            iface vmbr1 inet manual
                bridge-stp off
            #second

            iface vmbr0 inet6 static
                address fd00::2/64
            #first, from the inet6 block

            iface eno1 inet manual
            # not a bridge
            """, source: "interfaces")
        #expect(bridges.map(\.name) == ["vmbr0", "vmbr1"])
        #expect(bridges.map(\.comment) == ["first, from the inet6 block", "second"])
        #expect(bridges[1].ports.isEmpty)
    }

    @Test("vnets.cfg sections give vnets with alias and zone")
    func vnets() {
        let vnets = VNetParser.parse("vnet: iot\n\tzone lab\n\talias IoT devices\n\ttag 30\n\nvnet: dmz\n\tzone edge\n", source: "vnets.cfg")
        #expect(vnets.map(\.name) == ["iot", "dmz"])
        #expect(vnets.map(\.comment) == ["IoT devices", nil])
        #expect(vnets.map(\.zone) == ["lab", "edge"])
        #expect(vnets.allSatisfy { $0.kind == .sdnVNet })
    }

    @Test("SSH key lines: options skipped, unknown types and comments ignored")
    func sshKeyLines() {
        let keys = SSHPublicKey.parse("""
            # comment
            from="10.0.0.0/8",command="echo a b" ssh-ed25519 AAAAkey1 me@host extra words\r
            ssh-dss AAAAold old@box
            sk-ecdsa-sha2-nistp256@openssh.com AAAAkey2
            ecdsa-sha2-nistp384 AAAAkey3 not-accepted
            """, file: "f")
        #expect(keys.map(\.type) == ["ssh-ed25519", "sk-ecdsa-sha2-nistp256@openssh.com"])
        #expect(keys.map(\.comment) == ["me@host extra words", nil])
        #expect(keys.map(\.key) == ["AAAAkey1", "AAAAkey2"])
    }
}
