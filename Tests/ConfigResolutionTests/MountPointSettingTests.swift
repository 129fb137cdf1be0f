@testable import ConfigResolution
import Testing

@Suite("var_mounts: mount points parsed and refused")
struct MountPointSettingTests {
    @Test("volumes and bind mounts with their options become canonical entries, in order")
    func parsed() throws {
        let value = try SettingValidator().value(
            for: .mounts, from: " local-lvm:8,mp=/data,backup=1 ; volume=/srv/media/,mp=/media,ro=yes,gid=1000,uid=1000;")
        #expect(value == .list(["local-lvm:8,mp=/data,backup=1", "/srv/media,mp=/media,ro=1,uid=1000,gid=1000"], separator: ";"))
        let mounts = try MountPointSetting.parseList(try #require(value).canonicalText)
        #expect(mounts.map(\.volume) == [.storage("local-lvm", sizeGiB: 8), .hostPath("/srv/media")])
        #expect(mounts.map(\.isBindMount) == [false, true])
        #expect(mounts[1].readOnly == true && mounts[1].uid == 1000 && mounts[1].gid == 1000 && mounts[0].backup == true)
        #expect(try SettingValidator().value(for: .mounts, from: " ; ") == nil, "blank: unset")
    }

    @Test("refused, naming the entry and what is wrong", arguments: [
        ("/srv/media", "has no mp=/path"),
        ("/srv/media,mp=/media,ro=1;/srv/other,mp=/media/", "entries 1 and 2 both mount at /media"),
        ("/srv/../etc,mp=/media", "has a '..', '.' or empty component"),
        ("/srv/media,mp=/a/./b", "has a '..', '.' or empty component"),
        ("srv/media,mp=/media", "neither STORAGE:SIZE_GB"),
        ("/srv/media,mp=media", "'media' is not an absolute path"),
        ("/srv/me dia,mp=/media", "holds characters other than"),
        ("/srv/media,mp=/media,size=8", "unknown option 'size'"),
        ("/srv/media,mp=/media,ro=1,ro=0", "gives ro= twice"),
        ("/srv/media,mp=/media,uid=0", "uid='0' is not a host id from 1 to 65535"),
        ("/srv/media,mp=/media,gid=70000", "gid='70000' is not a host id"),
        ("/srv/media,mp=/media,backup=maybe", "backup='maybe' is not 0 or 1"),
        ("local-lvm:0,mp=/data", "size '0' of a new volume on local-lvm"),
        ("9lvm:8,mp=/data", "'9lvm' is not a storage ID"),
        ("/srv/media,mp=/", "mounts at /"),
        ("/srv/media,,mp=/media", "empty option"),
        ("mp=/media", "not a volume"),
        ("/srv/media,mp=/media,acl", "'acl' without a value"),
        ("/srv/media,mp=/media,rro=1", "did you mean ro?"),
    ])
    func refused(value: String, expected: String) {
        do {
            _ = try SettingValidator().value(for: .mounts, from: value)
            Issue.record("\(value) should be refused")
        } catch {
            #expect(error.reason.contains(expected), "\(error.reason)")
        }
    }

    @Test("at most mp0 to mp255")
    func bounded() throws {
        let entries = (0..<257).map { "/srv/m\($0),mp=/m\($0)" }
        #expect(try MountPointSetting.parseList(entries.dropLast().joined(separator: ";")).count == 256)
        #expect(throws: RuleViolation("257 mount points; at most 256 (mp0 to mp255)")) {
            try MountPointSetting.parseList(entries.joined(separator: ";"))
        }
    }

    @Test("a rejection names the key, the value, the source and what is accepted")
    func rejectionMessage() {
        let rejection = ValueRejection(variable: "var_mounts", value: "/srv,mp=/x,rw=1", source: .environment,
                                       reason: "has the unknown option 'rw'", accepted: ConfigKey.mounts.acceptedValues)
        #expect(rejection.description.hasPrefix("var_mounts=\"/srv,mp=/x,rw=1\" (env): has the unknown option 'rw'; accepted: entries separated by ';'"))
    }
}
