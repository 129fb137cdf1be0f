import ContainerKitTestSupport
import Foundation
import HostProbe
import LXCBuildTestSupport
import ProxmoxAPI
import Testing
@testable import ContainerKit

/// The rules `create`, `plan`, `apply`, `export` and `health` check their options with, as ContainerKit's public API:
/// each refusal is 64 and its message names the setting, the value and what is accepted.
@Suite("Command rules in ContainerKit")
struct CommandRulesTests {
    /// The error `body` throws, which must be a usage error (64).
    static func refusal(_ body: () throws(BuildError) -> Void, sourceLocation: SourceLocation = #_sourceLocation) -> String? {
        do throws(BuildError) {
            try body()
            Issue.record("accepted", sourceLocation: sourceLocation)
            return nil
        } catch {
            #expect(error.exitCode == .usage, sourceLocation: sourceLocation)
            return error.message
        }
    }

    @Test("container ids run from 100 to 999999999; the id's setting and value are named")
    func containerID() throws {
        try ContainerID.validate(100)
        try ContainerID.validate(999_999_999)
        #expect(Self.refusal { () throws(BuildError) in try ContainerID.validate(99) } == "CTID 99: container ids start at 100")
        #expect(Self.refusal { () throws(BuildError) in try ContainerID.validate(0, setting: "--replace") } == "--replace 0: container ids start at 100")
        #expect(Self.refusal { () throws(BuildError) in try ContainerID.validate(1_000_000_000) } == "CTID 1000000000: container ids end at 999999999")
    }

    @Test("an OS name is a lower-case word of letters, digits, '.' and '-'; anything else is refused, quoted")
    func osName() throws {
        for name in ["debian", "ubuntu", "alpine", "rocky-linux", "opensuse.tw"] { try TemplateName.validateOS(name) }
        try TemplateName.validateOS(nil)
        #expect(Self.refusal { () throws(BuildError) in try TemplateName.validateOS("../debian") }
            == "--os '../debian': not an OS name (debian, ubuntu, alpine, ...)")
        #expect(Self.refusal { () throws(BuildError) in try TemplateName.validateOS("Debian") }?.hasPrefix("--os 'Debian'") == true)
    }

    @Test("--gpu takes a vendor or a PCI address; another word is refused with what is accepted")
    func gpuChoice() throws {
        #expect(try BuildOverrides.gpuChoice(parsing: "NVIDIA") == .vendor(.nvidia))
        #expect(try BuildOverrides.gpuChoice(parsing: "0000:01:00.0") == .pci("0000:01:00.0"))
        #expect(Self.refusal { () throws(BuildError) in _ = try BuildOverrides.gpuChoice(parsing: "radeon") }
            == "--gpu 'radeon': not intel, amd, nvidia or a PCI address (0000:01:00.0)")
    }

    @Test("--ip-timeout is 0 or more seconds")
    func ipTimeout() throws {
        try BuildOverrides.checkIPTimeout(0)
        try BuildOverrides.checkIPTimeout(120)
        #expect(Self.refusal { () throws(BuildError) in try BuildOverrides.checkIPTimeout(-1) } == "--ip-timeout -1: must be 0 or more seconds")
    }

    @Test("a stack creates 1 to 32 containers at a time")
    func concurrency() throws {
        try StackRunner.checkConcurrency(1)
        try StackRunner.checkConcurrency(32)
        #expect(Self.refusal { () throws(BuildError) in try StackRunner.checkConcurrency(0) } == "--concurrency 0: accepted: 1 to 32 containers at a time")
        #expect(Self.refusal { () throws(BuildError) in try StackRunner.checkConcurrency(33) } == "--concurrency 33: accepted: 1 to 32 containers at a time")
        // A library caller's value outside the limits is brought into them, and the runner says the value it uses.
        let client = ProxmoxClient(transport: ScriptedAPITransport { request, _ throws(ProxmoxError) in
            throw ProxmoxError(.notFound, message: "nothing is asked: \(request.path)")
        })
        #expect([0, 1, 32, 33, 1000].map { StackRunner(client: client, concurrency: $0).concurrency } == [1, 1, 32, 32, 32])
    }

    @Test("--no-backup and --backup-storage go with --prune, and not with each other")
    func pruneBackupOptions() throws {
        try StackPlanOptions.checkPrune(prune: true, noBackup: true, backupStorage: nil)
        try StackPlanOptions.checkPrune(prune: true, noBackup: false, backupStorage: "pbs")
        try StackPlanOptions.checkPrune(prune: false, noBackup: false, backupStorage: nil)
        #expect(Self.refusal { () throws(BuildError) in try StackPlanOptions.checkPrune(prune: false, noBackup: true, backupStorage: nil) }
            == "--no-backup and --backup-storage go with --prune: give --prune too")
        #expect(Self.refusal { () throws(BuildError) in try StackPlanOptions.checkPrune(prune: false, noBackup: false, backupStorage: "pbs") }
            == "--no-backup and --backup-storage go with --prune: give --prune too")
        #expect(Self.refusal { () throws(BuildError) in try StackPlanOptions.checkPrune(prune: true, noBackup: true, backupStorage: "pbs") }
            == "--no-backup takes no backup; --backup-storage names where it goes: use one")
    }

    @Test("apply --prune's bad --backup-storage is named as --backup-storage, the flag the user typed")
    func pruneBackupStorageNamed() {
        let message = Self.refusal { () throws(BuildError) in
            _ = try StackPlanOptions(converge: false, prune: true, noBackup: false, backupStorage: "bad storage",
                                     client: ProxmoxClient(transport: scriptedPVE()), log: nil)
        }
        #expect(message?.hasPrefix("--backup-storage 'bad storage': not a storage id") == true, "\(message ?? "")")
    }

    @Test("--adopt is NAME=ID with an id from 100 to 999999999")
    func adoption() throws {
        #expect(try StackAdoption(parsing: "db=105") == StackAdoption(name: "db", ctid: 105))
        for bad in ["db", "=105", "db=", "db=99", "db=1000000000", "db=x"] {
            #expect(Self.refusal { () throws(BuildError) in _ = try StackAdoption(parsing: bad) }
                == "--adopt \(bad): accepted: NAME=ID, a container's name in the stack file and a container id (100 to 999999999)")
        }
    }

    @Test("--on-failure and --node-shell name their value and the accepted ones")
    func provisioningChoices() throws {
        #expect(try RecoveryPolicy(parsing: "retry-verbose") == .retryVerbose)
        #expect(Self.refusal { () throws(BuildError) in _ = try RecoveryPolicy(parsing: "ignore") }
            == "--on-failure 'ignore': must be one of remove, keep, retry-verbose")
        #expect(try NodeShellChoice.chosen("none") == NodeShellChoice.none)
        #expect(try NodeShellChoice.chosen("local") == .local)
        let bad = Self.refusal { () throws(BuildError) in _ = try NodeShellChoice.chosen("ftp://node") }
        #expect(bad?.hasPrefix("--node-shell: ") == true)
    }

    @Test("health: one of ids, --all, --tag/--stack; a stack file's members are not narrowed by --tag, a stack name is")
    func healthSelection() throws {
        let file: (String) -> Bool = { $0 == "stack.yaml" }
        #expect(try HealthCheck.selection(ids: [101], all: false, tag: nil, stack: nil, fileExists: file) == .ids([101]))
        #expect(try HealthCheck.selection(ids: [], all: false, tag: nil, stack: "stack.yaml", fileExists: file) == .stack(file: "stack.yaml"))
        #expect(try HealthCheck.selection(ids: [], all: false, tag: "web", stack: "shop", fileExists: file)
            == ContainerSelection(tag: "web", stackName: "shop"))
        let tagged = Self.refusal { () throws(BuildError) in _ = try HealthCheck.selection(ids: [], all: false, tag: "web", stack: "stack.yaml", fileExists: file) }
        #expect(tagged == "--tag 'web' with --stack 'stack.yaml': a stack file selects the containers that carry its proved marker, "
            + "and --tag does not narrow them; give one")
        for (ids, all, tag) in [([Int](), false, String?.none), ([101], true, nil), ([101], false, "web")] {
            #expect(Self.refusal { () throws(BuildError) in _ = try HealthCheck.selection(ids: ids, all: all, tag: tag, stack: nil, fileExists: file) }
                == "name the containers: CTID..., --all, or --tag/--stack (one of these)")
        }
        #expect(Self.refusal { () throws(BuildError) in _ = try HealthCheck.selection(ids: [42], all: false, tag: nil, stack: nil, fileExists: file) }
            == "CTID 42: container ids start at 100")
    }

    @Test("health: --wait is 1 to 3600 seconds; --node-shell none is refused")
    func healthOptions() throws {
        try HealthCheck.checkRestartWait(1)
        try HealthCheck.checkRestartWait(3600)
        #expect(Self.refusal { () throws(BuildError) in try HealthCheck.checkRestartWait(0) } == "--wait 0: accepted: 1 to 3600 seconds")
        #expect(Self.refusal { () throws(BuildError) in _ = try HealthCheck.nodeShell("none") }
            == "health asks the app's URL and lists services from the node, and --node-shell is none")
        #expect(try HealthCheck.nodeShell("local") is LocalNodeShell)
    }

    @Test("export: --name is a stack name; --out is not replaced without --force")
    func exportDestination() throws {
        try StackExport.validateName("shop-1.prod")
        try StackExport.validateName(nil)
        #expect(Self.refusal { () throws(BuildError) in try StackExport.validateName("-shop") }
            == "--name '-shop': accepted: letters, digits, '.', '_' or '-', starting with a letter or digit")
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("export-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/stack.yaml"
        try StackExport.checkDestination(path, force: false)
        try StackExport.write("name: shop\n", to: path)
        #expect(Self.refusal { () throws(BuildError) in try StackExport.checkDestination(path, force: false) } == "--out '\(path)' exists")
        try StackExport.checkDestination(path, force: true)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "name: shop\n")
    }

    @Test("--detailed-exitcode: 2 when the stack differs from its file, else the run's own code")
    func detailedExitCode() {
        let orphan = StackOrphan(name: "old", ctid: 150, node: "pve1", hostname: "old", isProtected: false)
        let clean = StackPlan(stack: "shop", file: "shop.yaml", entries: [], builders: [:])
        var differing = clean
        differing.orphans = [orphan]
        #expect(clean.exitCode(detailed: true) == .success)
        #expect(differing.exitCode(detailed: false) == .success)
        #expect(differing.exitCode(detailed: true) == .changesPending)
        var failing = differing
        failing.entries = [StackPlan.Entry(name: "web", outcome: .failed(BuildError(exitCode: 203, message: "no template")))]
        #expect(failing.exitCode(detailed: true) == 203)  // a container's failed plan ends the run with its code

        var result = StackResult(stack: "shop", file: "shop.yaml", entries: [])
        #expect(result.exitCode(detailed: true) == .success)
        result.orphans = [orphan]
        #expect(result.exitCode(detailed: false) == .success)
        #expect(result.exitCode(detailed: true) == .changesPending)
        result.entries = [StackResult.Entry(name: "web", outcome: .failed(BuildError(exitCode: 209, message: "create failed")))]
        #expect(result.exitCode(detailed: true) == 209)  // a failure's code wins over the difference
    }
}
