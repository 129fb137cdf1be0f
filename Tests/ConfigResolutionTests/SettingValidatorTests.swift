@testable import ConfigResolution
import Testing

/// One spelling of one key and what it should become (`nil` canonical text means "left unset").
struct Spelling: Sendable, CustomTestStringConvertible {
    let key: ConfigKey
    let input: String
    let canonical: String?

    init(_ key: ConfigKey, _ input: String, _ canonical: String? = nil, unset: Bool = false) {
        self.key = key
        self.input = input
        self.canonical = unset ? nil : (canonical ?? input)
    }

    var testDescription: String { "\(key.variableName)=\(input.debugDescription)" }
}

@Suite("SettingValidator")
struct SettingValidatorTests {
    static let accepted: [Spelling] = [
        Spelling(.ctid, "100"), Spelling(.ctid, "999999999"), Spelling(.ctid, "0105", "105"),
        Spelling(.hostname, "web"), Spelling(.hostname, "My Host", "myhost"),
        Spelling(.hostname, "app-1.example.com"), Spelling(.hostname, String(repeating: "a", count: 63)),
        Spelling(.hostname, "  ", unset: true),
        Spelling(.unprivileged, "1"), Spelling(.unprivileged, "0"), Spelling(.unprivileged, "yes", "1"),
        Spelling(.unprivileged, "FALSE", "0"),
        Spelling(.cpu, "1"), Spelling(.cpu, "128"), Spelling(.cpu, " 4 ", "4"),
        Spelling(.ram, "256"), Spelling(.ram, "65536"), Spelling(.disk, "1"), Spelling(.disk, "2048"),
        Spelling(.os, "debian"), Spelling(.os, "ubuntu"), Spelling(.version, "24.04"), Spelling(.version, "3.22"),
        Spelling(.password, "secret1"), Spelling(.password, "--password hunter22", "hunter22"),
        Spelling(.password, "-password abcde", "abcde"), Spelling(.password, "a,b=c;$(x)`y`|&"),
        Spelling(.tags, "community-script"), Spelling(.tags, "community-script;media"),
        Spelling(.tags, "a_b;c-d;", "a_b;c-d"), Spelling(.verbose, "yes"), Spelling(.verbose, "On", "yes"),
        Spelling(.verbose, "0", "no"),
        Spelling(.bridge, "vmbr0"), Spelling(.bridge, "vmbr0.100"), Spelling(.sdnVnet, "vnet1"),
        Spelling(.net, "dhcp"), Spelling(.net, "DHCP", "dhcp"), Spelling(.net, "192.168.1.10/24"),
        Spelling(.net, "10.0.0.5/8"), Spelling(.net, "10.0.0.1/32"),
        Spelling(.net, "192.168.1.100/24-192.168.1.200/24"),
        Spelling(.gateway, "192.168.1.1"), Spelling(.gateway, "0.0.0.0"),
        Spelling(.ipv6Method, "auto"), Spelling(.ipv6Method, "STATIC", "static"), Spelling(.ipv6Method, "disable"),
        Spelling(.mtu, "576"), Spelling(.mtu, "1500"), Spelling(.mtu, "65535"),
        Spelling(.vlan, "1"), Spelling(.vlan, "4094"),
        Spelling(.mac, "02:00:00:AB:cd:ef"),
        Spelling(.nameserver, "1.1.1.1"), Spelling(.nameserver, "1.1.1.1, 8.8.8.8", "1.1.1.1 8.8.8.8"),
        Spelling(.nameserver, "2001:db8::1"), Spelling(.searchDomain, "example.com lan", "example.com lan"),
        Spelling(.aptCacher, "yes"), Spelling(.aptCacherIP, "192.168.1.5"),
        Spelling(.aptCacherIP, "http://cache.lan:3142/"), Spelling(.aptCacherIP, "cache.lan:3142"),
        Spelling(.httpProxy, "http://proxy.lan:3128"), Spelling(.httpProxy, "https://proxy/"),
        Spelling(.httpNoProxy, "localhost,127.0.0.1,.local"), Spelling(.httpNoProxy, "*.lan,10.0.0.0/8"),
        Spelling(.inheritHostCA, "auto"), Spelling(.inheritHostCA, "yes"), Spelling(.inheritHostCA, "1", "yes"),
        Spelling(.nesting, "1"), Spelling(.keyctl, "0"), Spelling(.fuse, "no"), Spelling(.mknod, "1"),
        Spelling(.mountFS, "nfs,cifs"), Spelling(.mountFS, " ,nfs, cifs,", "nfs,cifs"),
        Spelling(.mountFS, ",,", unset: true),
        Spelling(.mounts, "local-lvm:8,mp=/data; /srv/media/,mp=/media,ro=true", "local-lvm:8,mp=/data;/srv/media,mp=/media,ro=1"),
        Spelling(.tun, "yes"), Spelling(.gpu, "no"), Spelling(.protection, "yes"),
        Spelling(.timezone, "Europe/Berlin"), Spelling(.timezone, "host"), Spelling(.timezone, "Etc/UTC", "host"),
        Spelling(.timezone, "America/Argentina/Buenos_Aires"), Spelling(.timezone, "UTC"),
        Spelling(.ssh, "yes"),
        Spelling(.sshAuthorizedKey, "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIB3x me@host"),
        Spelling(.sshAuthorizedKey, "from=\"10.0.0.0/8\" ssh-rsa AAAAB3NzaC1yc2E="),
        Spelling(.containerStorage, "local-lvm"), Spelling(.templateStorage, "local"),
        Spelling(.containerStorage, "ceph.pool_1"),
        Spelling(.postInstall, "/root/hooks/after.sh"),
        Spelling(.githubToken, "ghp_abcdef0123456789"),
        Spelling(.appEscalation, "Refuse", "refuse"), Spelling(.appEscalation, "allow"),
        Spelling(.cpu, "", unset: true), Spelling(.gateway, "   ", unset: true),
    ]

    static let rejected: [Spelling] = [
        Spelling(.ctid, "99"), Spelling(.ctid, "abc"), Spelling(.ctid, "1000000000"), Spelling(.ctid, "-5"),
        Spelling(.hostname, "-web"), Spelling(.hostname, "web-"), Spelling(.hostname, "we_b"),
        Spelling(.hostname, "a..b"), Spelling(.hostname, String(repeating: "a", count: 64)),
        Spelling(.hostname, String(repeating: "abcdefghi.", count: 26)),
        Spelling(.unprivileged, "2"), Spelling(.unprivileged, "y"),
        Spelling(.cpu, "0"), Spelling(.cpu, "129"), Spelling(.cpu, "2.5"), Spelling(.cpu, "+2"), Spelling(.cpu, "two"),
        Spelling(.cpu, "99999999999999999999999"), Spelling(.ram, "255"), Spelling(.ram, "1G"), Spelling(.disk, "0"),
        Spelling(.os, "debian 12"), Spelling(.os, "../etc"), Spelling(.version, "13;rm"),
        Spelling(.password, "--"), Spelling(.password, "--password ---"), Spelling(.password, "--abcde"),
        Spelling(.password, " spaced pw "), Spelling(.password, "Secret-Pw1 "), Spelling(.password, "two words"),
        Spelling(.password, "abcd"), Spelling(.password, "   "),
        Spelling(.tags, "a b"), Spelling(.tags, "a,b"), Spelling(.tags, "$(id)"),
        Spelling(.verbose, "maybe"), Spelling(.verbose, "yess"),
        Spelling(.bridge, "vmbr 0"), Spelling(.bridge, "averyveryverylongbridge"), Spelling(.sdnVnet, "1vnet"),
        Spelling(.sdnVnet, "vnettoolong"),
        Spelling(.net, "192.168.1.10"), Spelling(.net, "192.168.1.10/33"), Spelling(.net, "192.168.1.10/0"),
        Spelling(.net, "256.1.1.1/24"), Spelling(.net, "static"), Spelling(.net, "10.0.0.9/24-10.0.0.2/24"),
        Spelling(.net, "10.0.0.1/24-10.0.0.5"), Spelling(.net, "1.2.3/24"),
        Spelling(.gateway, "192.168.1.1/24"), Spelling(.gateway, "192.168.1"), Spelling(.gateway, "gw.lan"),
        Spelling(.ipv6Method, "slaac"),
        Spelling(.mtu, "575"), Spelling(.mtu, "65536"), Spelling(.vlan, "0"), Spelling(.vlan, "4095"),
        Spelling(.mac, "02:00:00:ab:cd"), Spelling(.mac, "02-00-00-ab-cd-ef"), Spelling(.mac, "02:00:00:ab:cd:eg"),
        Spelling(.nameserver, "dns.lan"), Spelling(.nameserver, "1.1.1.1;8.8.8.8"),
        Spelling(.searchDomain, "bad_domain"),
        Spelling(.aptCacher, "sometimes"), Spelling(.aptCacherIP, "ftp://cache"), Spelling(.aptCacherIP, "a b"),
        Spelling(.httpProxy, "proxy.lan:3128"), Spelling(.httpProxy, "http://a b"),
        Spelling(.httpNoProxy, "a,,b"), Spelling(.httpNoProxy, "a b"), Spelling(.inheritHostCA, "maybe"),
        Spelling(.nesting, "2"), Spelling(.fuse, "enable"), Spelling(.keyctl, "-1"), Spelling(.mknod, "01"),
        Spelling(.tun, "tap"), Spelling(.gpu, "nvidia"), Spelling(.protection, "yes please"), Spelling(.ssh, "n"),
        Spelling(.mountFS, "nfs;cifs"), Spelling(.mountFS, "nfs,,cifs"),
        Spelling(.mounts, "/srv/media,mp=/media,ro=1,mp=/x"),
        Spelling(.timezone, "../../etc/passwd"), Spelling(.timezone, "Europe/Ber lin"),
        Spelling(.sshAuthorizedKey, "not a key"), Spelling(.sshAuthorizedKey, "ssh-rsa"),
        Spelling(.containerStorage, "local lvm"), Spelling(.templateStorage, "-local"),
        Spelling(.postInstall, "relative/hook.sh"), Spelling(.postInstall, "/root/a.sh; rm -rf /"),
        Spelling(.postInstall, "/root/$(id).sh"), Spelling(.postInstall, "/root/`id`.sh"),
        Spelling(.postInstall, "/a.sh && b"), Spelling(.postInstall, "/a.sh || b"),
        Spelling(.githubToken, "ghp abc"),
        Spelling(.appEscalation, "ask"), Spelling(.appEscalation, "yes"),
        Spelling(.tags, "a\u{0}b"), Spelling(.password, "line\nbreak"),
        Spelling(.password, String(repeating: "x", count: 4097)),
    ]

    @Test("Accepted spellings become their canonical value", arguments: accepted)
    func accepts(_ spelling: Spelling) throws {
        let value = try SettingValidator().value(for: spelling.key, from: spelling.input)
        #expect(value?.canonicalText == spelling.canonical)
    }

    @Test("Rejected spellings throw a violation with a reason", arguments: rejected)
    func rejects(_ spelling: Spelling) {
        #expect(throws: RuleViolation.self) {
            _ = try SettingValidator().value(for: spelling.key, from: spelling.input)
        }
    }

    @Test("Every key has at least one accepted and one rejected spelling in the tables")
    func tablesCoverEveryKey() {
        let acceptedKeys = Set(Self.accepted.map(\.key))
        let rejectedKeys = Set(Self.rejected.map(\.key))
        #expect(acceptedKeys == Set(ConfigKey.allCases))
        #expect(rejectedKeys == Set(ConfigKey.allCases))
    }

    @Test("Values are typed: integers, switches with their spelling, lists and networks")
    func typedValues() throws {
        let validator = SettingValidator()
        #expect(try validator.value(for: .cpu, from: "4") == .integer(4))
        #expect(try validator.value(for: .fuse, from: "1") == .flag(true, style: .yesNo))
        #expect(try validator.value(for: .nesting, from: "no") == .flag(false, style: .zeroOne))
        #expect(try validator.value(for: .tags, from: "a;b") == .list(["a", "b"], separator: ";"))
        let range = try #require(try validator.value(for: .net, from: "10.0.0.2/24-10.0.0.9/24")?.networkValue)
        #expect(range.subnet?.description == "10.0.0.2/24")
    }

    @Test("Time zones are looked up when a lookup is given")
    func timezoneLookup() throws {
        let validator = SettingValidator { $0 == "Europe/Berlin" }
        #expect(try validator.value(for: .timezone, from: "Europe/Berlin") == .text("Europe/Berlin"))
        #expect(try validator.value(for: .timezone, from: "Etc/GMT+2") == .text("host"))
        #expect(throws: RuleViolation.self) { try validator.value(for: .timezone, from: "Mars/Olympus") }
    }

    @Test("Every key documents its meaning and accepted values; only pw and the token are secret")
    func catalog() {
        #expect(ConfigKey.allCases.count == 43)
        #expect(ConfigKey.fileKeys.count == 42)
        #expect(ConfigKey.allCases.filter(\.isSecret) == [.password, .githubToken])
        for key in ConfigKey.allCases {
            #expect(!key.summary.isEmpty && !key.acceptedValues.isEmpty)
            if let builtIn = key.builtInDefault {
                #expect((try? SettingValidator().value(for: key, from: builtIn)) != nil)
            }
        }
    }
}
