import ConfigResolution
import ContainerKitTestSupport
import Foundation
import LXCBuildTestSupport
import ProxmoxAPI
import Testing
@testable import ContainerKit

@Suite("Mount points: lxc.idmap ranges for mapped host ids")
struct IDMappingTests {
    static func lines(_ mapping: IDMapping) -> [String] { mapping.configLines.map { "\($0.key): \($0.value)" } }

    @Test("one uid and one gid: the classic six lines, and root:1000:1 for subuid and subgid")
    func classic() {
        let mapping = IDMapping(uids: [1000], gids: [1000])
        #expect(Self.lines(mapping) == [
            "lxc.idmap: u 0 100000 1000", "lxc.idmap: u 1000 1000 1", "lxc.idmap: u 1001 101001 64535",
            "lxc.idmap: g 0 100000 1000", "lxc.idmap: g 1000 1000 1", "lxc.idmap: g 1001 101001 64535",
        ])
        #expect(mapping.subuidLines == ["root:100000:65536", "root:1000:1"] && mapping.subgidLines == mapping.subuidLines)
    }

    @Test("several ids are sorted, each once, and neighbours merged into one range")
    func merged() {
        let mapping = IDMapping(uids: [1002, 33, 1001, 1002], gids: [])
        #expect(mapping.ranges.map(\.description) == [
            "u 0 100000 33", "u 33 33 1", "u 34 100034 967", "u 1001 1001 2", "u 1003 101003 64533",
            "g 0 100000 65536",
        ])
        #expect(mapping.subuidLines == ["root:100000:65536", "root:33:1", "root:1001:2"] && mapping.subgidLines == ["root:100000:65536"])
        // Every id of the container is mapped exactly once.
        for kind: Character in ["u", "g"] {
            #expect(mapping.ranges.filter { $0.kind == kind }.reduce(0) { $0 + $1.count } == 65_536)
        }
    }

    @Test("ids at the edges: 1 and 65535 leave no empty range")
    func edges() {
        #expect(IDMapping(uids: [1, 65_535], gids: [65_535]).ranges.map(\.description) == [
            "u 0 100000 1", "u 1 1 1", "u 2 100002 65533", "u 65535 65535 1", "g 0 100000 65535", "g 65535 65535 1",
        ])
    }

    @Test("the mounts of a spec map their uid= and gid=; none maps nothing")
    func fromMounts() throws {
        let mounts = try MountPointSetting.parseList("/srv/media,mp=/media,uid=1000,gid=1000;/srv/db,mp=/db,uid=999;local-lvm:8,mp=/data")
        let mapping = try #require(IDMapping(mounts: mounts))
        #expect(mapping.uids == [999, 1000] && mapping.gids == [1000])
        #expect(IDMapping(mounts: try MountPointSetting.parseList("/srv/media,mp=/media")) == nil)
    }
}

@Suite("Mount points: mpN in the create, root@pam for bind mounts, the id mapping before the first start", .serialized)
struct MountPointPlanTests {
    static func spec(_ mounts: String, unprivileged: Bool = true) throws -> ContainerSpec {
        var spec = staticSpec()
        spec.unprivileged = unprivileged
        spec.mounts = try MountPointSetting.parseList(mounts)
        return spec
    }

    static func options(shell: (any NodeShell)?) throws -> ContainerBuilder.Options {
        var options = ContainerBuilder.Options()
        options.taskTimeout = .seconds(300)
        var provisioning = ProvisioningOptions(shell: shell)
        provisioning.checkNetwork = false
        provisioning.bootstrap = false
        provisioning.logDirectory = try temporaryFolder()
        options.provisioning = provisioning
        return options
    }

    @Test("the create POST carries mp0 and mp1 exactly as planned; the container has them")
    func createCarriesMountPoints() async throws {
        try await withFakePVE { pve in
            try pve.storeDebianTemplate()
            let builder = try pve.builder(try Self.options(shell: RecordingNodeShell()))
            let plan = try await builder.plan(try Self.spec("local-lvm:8,mp=/data,backup=1;/srv/media,mp=/media,ro=1"))
            let create = try #require(plan.actions.first { $0.kind == .createContainer }?.requests.first)
            let planned = Dictionary(create.parameters.map { ($0.name, $0.value.description) }, uniquingKeysWith: { $1 })
            #expect(planned["mp0"] == "local-lvm:8,mp=/data,backup=1")
            #expect(planned["mp1"] == "/srv/media,mp=/media,ro=1")
            #expect(planned["start"] == "1", "no mapped ids: the create starts it")
            #expect(PlanReport.ActionReport(plan.actions.first { $0.kind == .createContainer }!).requests.first?.parameters["mp1"]
                == "/srv/media,mp=/media,ro=1", "--json shows it as sent")
            let result = try await builder.execute(plan)
            let sent = try pve.recordedParameters("POST", pathSuffix: "/lxc")
            #expect(sent.first?["mp0"] == "local-lvm:8,mp=/data,backup=1" && sent.first?["mp1"] == "/srv/media,mp=/media,ro=1", "\(sent)")
            let config = try await pve.passwordClient().node(result.node).container(result.ctid).config()
            #expect(config.options.mountPoints[1]?.volume == "/srv/media" && config.options.mountPoints[1]?.path == "/media")
            #expect(config.options.mountPoints[0]?.path == "/data")
        }
    }

    @Test("an API token with a bind mount is refused with 77 before any write, naming var_mounts; a volume alone is not")
    func tokenRefused() async throws {
        try await withFakePVE { pve in
            try pve.storeDebianTemplate()
            try PrivilegeCheckTests.grant(pve)
            let builder = ContainerBuilder(client: try PrivilegeCheckTests.tokenClient(pve), sleep: { _ in })
            var spec = try Self.spec("local-lvm:8,mp=/data;/srv/media,mp=/media")
            spec.features.keyctl = false
            spec.sources["var_mounts"] = "stack:tier.yaml:app"
            let failure = await #expect(throws: BuildError.self) { try await builder.create(spec) }
            #expect(failure?.exitCode == BuildExitCode.permissionDenied)
            #expect(failure?.message.contains("var_mounts (stack:tier.yaml:app): bind mounts of host paths (/srv/media) can only be set by root@pam") == true,
                    "\(failure?.message ?? "")")
            let writes = try pve.writes()
            #expect(writes.isEmpty, "\(writes)")
            #expect(try await pve.containerIDs().isEmpty)
            spec.mounts.removeLast()
            let plan = try await builder.plan(spec)
            #expect(plan.createRequest.options.mountPoints[0]?.volume == "local-lvm:8")
        }
    }

    @Test("mapped ids: the create does not start it; lxc.idmap, subuid and subgid come through the node shell, then one start")
    func idMappingBeforeFirstStart() async throws {
        try await withFakePVE { pve in
            try pve.storeDebianTemplate()
            let shell = RecordingNodeShell()
            let builder = try pve.builder(try Self.options(shell: shell))
            let plan = try await builder.plan(try Self.spec("/srv/media,mp=/media,uid=1000,gid=1000"))
            #expect(Array(plan.actions.map(\.kind).prefix(3)) == [.createContainer, .mapIDs, .startContainer])
            let map = try #require(plan.actions.first { $0.kind == .mapIDs })
            #expect(map.nodeShell.first?.contains("lxc.idmap: u 0 100000 1000; lxc.idmap: u 1000 1000 1") == true, "\(map.nodeShell)")
            #expect(map.commands.map { Array($0.arguments.suffix(3)) }
                == [["/etc/subuid", "root:100000:65536", "root:1000:1"], ["/etc/subgid", "root:100000:65536", "root:1000:1"]])
            #expect(plan.createRequest.start == nil)
            let start = try #require(plan.actions.first { $0.kind == .startContainer }?.requests.first)
            #expect(start.method == .post && start.path.hasSuffix("/lxc/\(plan.ctid)/status/start"))
            _ = try await builder.execute(plan)
            let sent = try pve.recordedParameters("POST", pathSuffix: "/lxc")
            #expect(sent.first?["start"] == nil, "\(sent)")
            #expect(pve.received("POST", pathSuffix: "/status/start") == 1)
            let run = shell.commands.map(\.arguments)
            #expect(run.contains { $0.suffix(3) == ["/etc/subuid", "root:100000:65536", "root:1000:1"] })
            let appended = shell.commands.first { $0.arguments.contains("sh") && String(decoding: $0.input, as: UTF8.self).contains("lxc.idmap") }
            let text = String(decoding: appended?.input ?? Data(), as: UTF8.self)
            #expect(text.contains("lxc.idmap = g 1001 101001 64535"), "\(text)")
        }
    }

    @Test("mapped ids without a node shell stop the plan (64) before any write")
    func idMappingNeedsShell() async throws {
        try await withFakePVE { pve in
            try pve.storeDebianTemplate()
            let builder = try pve.builder(try Self.options(shell: nil))
            let failure = await #expect(throws: BuildError.self) {
                try await builder.create(try Self.spec("/srv/media,mp=/media,uid=1000"))
            }
            #expect(failure?.exitCode == BuildExitCode.usage && failure?.message.contains("no node shell") == true, "\(failure?.message ?? "")")
            #expect(try pve.writes().isEmpty)
        }
    }
}
