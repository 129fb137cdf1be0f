import Foundation
import Testing
@testable import ProxmoxAPI

/// `PROXMOX_VE_ENDPOINT` is read by a strict grammar: what a URL parser would decode, guess at or take as
/// user information is refused, and the refusal names the setting and what is accepted without echoing a secret.
@Suite("endpoint parsing is strict")
struct EndpointParsingTests {
    /// Values that must never become an address. `SECRET` stands for a password someone put in the address.
    static let hostile = [
        "https://127.0.0.2%23.pve.example.com:8006", "https://127.0.0.1%3A8006%23.pve.example.com",
        "https://pve.example.com%2F@127.0.0.2", "https://root:SECRET@pve.example.com:8006",
        "https://root@pam:SECRET@127.0.0.2", "https://pve.example.com@127.0.0.2", "root:SECRET@pve.example.com",
        "https://pve.example.com:8006/?password=SECRET", "https://pve.example.com:8006#SECRET",
        "https://pve.example.com/api2/json?x", "https://pve.example.com:8006/api2/json/../../x",
        "https://pve.example.com/other", "https://pve.example.com//", "https://pve.example.com\\@127.0.0.2",
        "https://pve.example.com ", " https://pve.example.com", "https://pve example.com", "https://pve.example.com\n",
        "https://pve.example.com\t", "https://pve.exa\u{7}mple.com", "https://pve.example.com\r\nX: y",
        "https://pvе.example.com", "https://127.1", "https://0x7f.0.0.1", "https://0177.0.0.1", "https://2130706433",
        "https://127.0.0.1.5", "https://256.0.0.1", "https://1.2.3.04", "https://[::1%25lo]:8006", "https://[::1",
        "https://[127.0.0.1]", "https://[fd00::zz]", "https://[::1]8006", "https://fd00::1", "https://fd00::1:8006",
        "ftp://pve.example.com", "file:///etc/passwd", "https:/pve.example.com", "https:pve.example.com:8006",
        "//pve.example.com", "https://", "", ":8006", "https://:8006", "https://pve.example.com:",
        "https://pve.example.com:0", "https://pve.example.com:65536", "https://pve.example.com:+80",
        "https://pve.example.com:80:8006", "https://pve.example.com:0x50", "https://pve.example.com:008006",
        "https://-pve.example.com", "https://pve-.example.com", "https://pve..example.com", "https://pve.example.com.",
        "https://.pve.example.com", "https://pve.example.1com", "https://" + String(repeating: "a", count: 64) + ".example.com",
    ]

    @Test("hostile endpoints are refused, naming the setting and what is accepted, never echoing a secret",
          arguments: hostile)
    func hostileRefused(text: String) {
        #expect {
            try ProxmoxEndpoint(parsing: text)
        } throws: { error in
            guard let error = error as? ProxmoxError else { return false }
            return error.code == .invalidArgument && error.message.hasPrefix("PROXMOX_VE_ENDPOINT '")
                && error.message.contains("accepted: https://HOST[:PORT]") && !error.description.contains("SECRET")
                && !error.message.contains("\n") && !error.message.contains("\r") && !error.message.contains("\u{7}")
        }
    }

    @Test("the flag a value came from is the one the refusal names")
    func namesFlag() {
        #expect {
            try ProxmoxEndpoint(parsing: "https://u:SECRET@pve", setting: "--endpoint")
        } throws: { error in
            let message = (error as? ProxmoxError)?.message ?? ""
            return message.hasPrefix("--endpoint 'https://********@pve'") && message.contains("user name or password")
        }
    }

    @Test("what users write is accepted", arguments: [
        ("https://pve.example.com:8006", "https://pve.example.com:8006"), ("pve.example.com", "https://pve.example.com:8006"),
        ("HTTPS://PVE.example.com/", "https://PVE.example.com:8006"), ("10.0.0.5:8443", "https://10.0.0.5:8443"),
        ("https://10.0.0.5/api2/json", "https://10.0.0.5:8006"), ("https://10.0.0.5:8006/api2/json/", "https://10.0.0.5:8006"),
        ("https://[fd00::5]:8006/api2/json", "https://[fd00::5]:8006"), ("https://[::ffff:10.0.0.5]", "https://[::ffff:10.0.0.5]:8006"),
        ("https://pve-1.lan", "https://pve-1.lan:8006"), ("https://pve_1.lan:1", "https://pve_1.lan:1"),
        ("https://0.0.0.0:65535", "https://0.0.0.0:65535"), ("https://xn--pve-mqa.example.com", "https://xn--pve-mqa.example.com:8006"),
        ("http://127.0.0.1:8006", "http://127.0.0.1:8006"),
    ])
    func accepted(text: String, expected: String) throws {
        #expect(try ProxmoxEndpoint(parsing: text).description == expected)
    }

    @Test("a value shown in a message has its user information, query and fragment masked and control characters escaped")
    func shown() {
        #expect(ProxmoxEndpoint.shown("https://root:SECRET@host:8006") == "'https://********@host:8006'")
        #expect(ProxmoxEndpoint.shown("root:SECRET@a@host") == "'********@host'")
        #expect(ProxmoxEndpoint.shown("https://host/?token=SECRET#x") == "'https://host/?********'")
        #expect(ProxmoxEndpoint.shown("https://host\n") == "'https://host\\n'")
    }
}
