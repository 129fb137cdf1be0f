import ContainerKit
import Foundation
import LXCBuildTestSupport
import ProxmoxAPI
import Testing

/// Two lxc-build processes and one container: while another process holds container 150's lock (as a scheduled
/// `update --all` would), `update 150`, `restore --force` over it and `destroy 150` are refused at once (1), naming
/// the lock, with nothing written; once that process is gone, `destroy` goes ahead.
@Suite("lxc-build update, restore and destroy of a container another process holds, on fakepve", .serialized)
struct OperationLockCommandTests {
    @Test("held by another process: update, restore --force and destroy exit 1 naming it, nothing written; free again, destroy removes it")
    func refusedWhileHeld() async throws {
        try await withFakePVE { pve in
            try pve.call("add_ct", [150, "demo"], ["status": "running", "config": [
                "description": "## demo\n- lxc-build run: 0123456789abcdef0123456789abcdef", "tags": "community-script",
                "rootfs": "local-lvm:vm-150-disk-0,size=8G"]])
            let name = "vzdump-lxc-150-2026_11_01-08_00_00.tar.zst"
            try pve.call("store_file", ["local", name, 4096], ["content": "backup"])
            let archive = "local:backup/\(name)"
            let defaults = try CLITests.temporaryDirectory()
            defer { try? FileManager.default.removeItem(atPath: defaults) }
            var environment = CLITests.environment(for: pve, defaults: defaults)
            environment["XDG_RUNTIME_DIR"] = defaults
            let lock = ContainerOperationLock(directory: defaults + "/lxc-build")
            let server = try ProxmoxEndpoint(parsing: pve.info.url).description
            try await lock.withLock(ctid: 150, server: server, operation: "update") { () throws(BuildError) in }  // the folder and file
            let file = lock.path(ctid: 150, server: server)
            let holder = try await LockHolder(file: file, folder: defaults)
    
            for arguments in [
                ["update", "150", "--yes", "--node-shell", "local"],
                ["destroy", "150", "--yes", "--no-backup"],
                ["restore", archive, "--force", "--ctid", "150", "--yes", "--no-backup"],
            ] {
                let run = try await CLITests.run(arguments, environment: environment)
                #expect(run.status == 1, "\(arguments): \(run.errors)")
                #expect(run.errors.contains("container 150 is in the hands of another lxc-build run on this machine (its lock \(file))"),
                        "\(arguments): \(run.errors)")
            }
            #expect(try pve.writes().isEmpty, "nothing written while another process holds the container")

            try await holder.release()
            let destroyed = try await CLITests.run(["destroy", "150", "--yes", "--no-backup"], environment: environment)
            #expect(destroyed.status == 0, "\(destroyed.errors)")
        }
    }
}
