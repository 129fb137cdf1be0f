import Testing
import LXCBuildTestSupport
@testable import ProxmoxAPI

@Suite("UPID parsing")
struct UPIDTests {
    @Test("a vzcreate UPID decodes every field")
    func fields() throws {
        let upid = try UPID(parsing: "UPID:pve1:000003E9:00001B5F:6B08A0D7:vzcreate:120:root@pam:")
        #expect(upid.node == "pve1")
        #expect(upid.pid == 0x3E9)
        #expect(upid.pstart == 0x1B5F)
        #expect(upid.startTime == 0x6B08_A0D7)
        #expect(upid.type == "vzcreate")
        #expect(upid.id == "120")
        #expect(upid.user == "root@pam")
        #expect(upid.tokenID == nil)
        #expect(upid.description == "UPID:pve1:000003E9:00001B5F:6B08A0D7:vzcreate:120:root@pam:")
    }

    @Test("valid forms: token user, empty id, 9-digit pstart, template id", arguments: [
        "UPID:host01:0000377E:19E15146:5F3C0469:vzshutdown:100:root@pam:",
        "UPID:pve:00123456:123456789:63B5A2C0:vzcreate:105:terraform@pve!provider:",
        "UPID:pve-node-2:0002F1A4:0A2B3C4D:6553F00D:vzdump::root@pam:",
        "UPID:pve1:0000ABCD:0000EF01:6B08A0D7:download:debian-12-standard_12.7-1_amd64.tar.zst:root@pam:",
    ])
    func valid(text: String) throws {
        let upid = try UPID(parsing: text)
        #expect(upid.rawValue == text)
    }

    @Test("the token part of the user is split off")
    func token() throws {
        let upid = try UPID(parsing: "UPID:pve:00123456:123456789:63B5A2C0:vzcreate:105:terraform@pve!provider:")
        #expect(upid.user == "terraform@pve")
        #expect(upid.tokenID == "provider")
        #expect(upid.pstart == 0x1_2345_6789)
    }

    @Test("malformed UPIDs are refused with a reason", arguments: [
        "", "UPID:pve1:000003E9:00001B5F:6B08A0D7:vzcreate:120:root@pam",
        "upid:pve1:000003E9:00001B5F:6B08A0D7:vzcreate:120:root@pam:",
        "UPID:pve1:3E9:00001B5F:6B08A0D7:vzcreate:120:root@pam:",
        "UPID:pve1:000003E9:00001B5F:6B08A0D7:vzcreate:120:root@pam:extra:",
        "UPID:-pve:000003E9:00001B5F:6B08A0D7:vzcreate:120:root@pam:",
        "UPID:pve1:0000ZZZZ:00001B5F:6B08A0D7:vzcreate:120:root@pam:",
        "UPID:pve1:000003E9:00001B5F:6B08A0D7::120:root@pam:",
        "UPID:pve1:000003E9:00001B5F:6B08A0D7:vzcreate:1/2:root@pam:",
        "UPID:pve1:000003E9:00001B5F:6B08A0D7:vzcreate:120::",
        "UPID:pve/x:000003E9:00001B5F:6B08A0D7:vzcreate:120:root@pam:",
    ])
    func invalid(text: String) {
        #expect {
            _ = try UPID(parsing: text)
        } throws: { error in
            (error as? ProxmoxError)?.code == .invalidArgument
        }
    }
}
