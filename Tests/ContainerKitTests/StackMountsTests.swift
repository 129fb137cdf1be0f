import ConfigResolution
import ContainerKitTestSupport
import LXCBuildTestSupport
import Testing
@testable import ContainerKit

@Suite("Stack key mounts: strings or mappings, onto var_mounts")
struct StackMountsTests {
    static func parse(_ text: String) throws(BuildError) -> StackFile { try StackFile.parse(text, path: "media.yaml") }

    static func mounts(_ container: StackContainer) -> String? {
        container.settings.first { $0.variable == "var_mounts" }?.value
    }

    @Test("strings and mappings become var_mounts; two containers share a host path; a container's own replace the defaults'")
    func parsed() throws {
        let file = try Self.parse("""
            defaults:
              app: debian
              mounts: ['/srv/media,mp=/media,ro=1']
            containers:
              jellyfin:
                mounts:
                  - {volume: /srv/media, path: /media, uid: 1000, gid: 1000}
                  - {storage: local-lvm, size: 8, path: /var/cache/jellyfin, backup: false}
              sonarr:
                settings: {var_cpu: 2}
              plain:
                mounts: []
            """)
        // Unquoted in a flow list, YAML splits `[/srv/media,mp=/media]` at the commas: two entries, the first without mp=.
        #expect(throws: BuildError.self) { try Self.parse("containers:\n  a:\n    mounts: [/srv/media,mp=/media]\n") }
        #expect(file.containers.map(Self.mounts) == [
            "/srv/media,mp=/media,uid=1000,gid=1000;local-lvm:8,mp=/var/cache/jellyfin,backup=false",
            "/srv/media,mp=/media,ro=1", "",
        ])
        let layer = try file.containers[0].layer(file: "media.yaml")
        #expect(layer.rejections.isEmpty)
        #expect(layer.values[.mounts]?.value == .list(
            ["/srv/media,mp=/media,uid=1000,gid=1000", "local-lvm:8,mp=/var/cache/jellyfin,backup=0"], separator: ";"))
        #expect(layer.values[.mounts]?.source == .stack(file: "media.yaml", container: "jellyfin"))
        #expect(try file.containers[2].layer(file: "media.yaml").values[.mounts] == nil, "mounts: [] clears the defaults'")
    }

    @Test("refused with the line and what is accepted", arguments: [
        ("containers:\n  a:\n    mounts: /srv/media,mp=/media\n", "line 3: mounts in container a must be a list"),
        ("containers:\n  a:\n    mounts:\n      - /srv/../etc,mp=/x\n", "line 4: mounts in container a entry 1 (mp0): the host path '/srv/../etc'"),
        ("containers:\n  a:\n    mounts:\n      - {volume: '/srv/media,ro=0', path: /m}\n", "holds ',', ';' or '='"),
        ("containers:\n  a:\n    mounts:\n      - {volume: /srv/media, path: /m, readonly: 1}\n", "has the key 'readonly'"),
        ("containers:\n  a:\n    mounts:\n      - {volume: /srv/media, storage: local, size: 2, path: /m}\n", "not both"),
        ("containers:\n  a:\n    mounts:\n      - /a,mp=/m\n      - /b,mp=/m\n", "entries 1 and 2 both mount at /m"),
        ("containers:\n  a:\n    mounts:\n      - /a,mp=/m;/b,mp=/n\n", "one mount per list item"),
        ("containers:\n  a:\n    settings: {var_mounts: '/a,mp=/m'}\n    mounts: [/b,mp=/n]\n", "var_mounts under settings are both given"),
    ])
    func refused(text: String, expected: String) {
        do {
            _ = try Self.parse(text)
            Issue.record("\(text) should be refused")
        } catch {
            #expect(error.exitCode == 64 && error.message.contains(expected), "\(error.message)")
        }
    }
}

@Suite("Stack mounts applied on the fake cluster", .serialized)
struct StackMountsApplyTests {
    @Test("two members share a host path; apply sends mpN, a second apply finds no drift")
    func sharedHostPath() async throws {
        try await withFakePVE { pve in
            try pve.storeDebianTemplate()
            let client = try pve.passwordClient()
            var options = ContainerBuilder.Options()
            options.taskTimeout = .seconds(300)
            let members = try [("jellyfin", "10.0.0.21/24", "/srv/media,mp=/media,ro=1;local-lvm:4,mp=/cache,backup=0"),
                               ("sonarr", "10.0.0.22/24", "/srv/media,mp=/data/media")].map { name, address, mounts in
                var spec = staticSpec(address: address)
                spec.hostname = name
                spec.mounts = try MountPointSetting.parseList(mounts)
                return StackMember(name: name, spec: spec, options: options)
            }
            let stack = Stack(name: "media", file: "media.yaml", members: members, key: StackKey.random(), keyPath: "/keys/media.key")
            let runner = StackRunner(client: client, concurrency: 1, placementSeed: 7, sleep: { _ in })
            let result = try await runner.planAndApply(stack)
            var built: [BuildResult] = []
            for entry in result.entries {
                guard case .created(let one) = entry.outcome else {
                    Issue.record("not created: \(entry.outcome)")
                    return
                }
                built.append(one)
            }
            let sent = try pve.recordedParameters("POST", pathSuffix: "/lxc")
            #expect(sent.compactMap { $0["mp0"] }.sorted() == ["/srv/media,mp=/data/media", "/srv/media,mp=/media,ro=1"], "\(sent)")
            #expect(sent.compactMap { $0["mp1"] } == ["local-lvm:4,mp=/cache,backup=0"])
            let again = try await runner.planAndApply(stack)
            for entry in again.entries {
                guard case .existing(let existing) = entry.outcome else {
                    Issue.record("not found again: \(entry.outcome)")
                    continue
                }
                #expect(existing.drift.isEmpty, "\(entry): \(existing.drift)")
            }
        }
    }
}

@Suite("Stack mounts with an API token", .serialized)
struct StackMountsTokenTests {
    @Test("a token and a member with a bind mount: the whole stack is refused with 77 before any write, naming it")
    func refusedBeforeAnyWrite() async throws {
        try await withFakePVE { pve in
            try pve.storeDebianTemplate()
            try PrivilegeCheckTests.grant(pve)
            let client = try PrivilegeCheckTests.tokenClient(pve)
            let members = try [("db", "10.0.0.31/24", "local-lvm:4,mp=/data"), ("app", "10.0.0.32/24", "/srv/media,mp=/media")].map {
                name, address, mounts in
                var spec = PrivilegeCheckTests.spec()
                spec.network.ipv4 = .fixed(address)
                spec.hostname = name
                spec.mounts = try MountPointSetting.parseList(mounts)
                return StackMember(name: name, spec: spec, options: ContainerBuilder.Options())
            }
            let stack = Stack(name: "tier", file: "tier.yaml", members: members, key: StackKey.random(), keyPath: "/keys/tier.key")
            let failure = await #expect(throws: BuildError.self) {
                try await StackRunner(client: client, concurrency: 1, placementSeed: 7, sleep: { _ in }).planAndApply(stack)
            }
            #expect(failure?.exitCode == BuildExitCode.permissionDenied)
            #expect(failure?.message.contains("app (/srv/media)") == true && failure?.message.contains("db") == false, "\(failure?.message ?? "")")
            #expect(try pve.writes().isEmpty)
        }
    }
}
