import ContainerKit
import Foundation
import LXCBuildTestSupport
import ProxmoxAPI
import Testing

@Suite("lxc-build destroy: a bad --backup-storage, and a stop during its backup, on fakepve", .serialized)
struct DestroyCommandTests {
    @Test("a bad --backup-storage is named as --backup-storage, with its value (64), before any write")
    func badBackupStorageNamed() async throws {
        try await withFakePVE { pve in
            try pve.call("add_ct", [120, "ct120"], [:])
            let environment = CLITests.environment(for: pve, defaults: try CLITests.temporaryDirectory())
            let run = try await CLITests.run(["destroy", "120", "--yes", "--backup-storage", "no/such"], environment: environment)
            #expect(run.status == 64 && run.errors.contains("--backup-storage 'no/such'") && !run.errors.contains("--storage 'no/such'"),
                    "\(run.errors)")
            #expect(try pve.writes().isEmpty)
        }
    }

    @Test("SIGINT or SIGTERM while destroy's vzdump runs: PVE is asked to stop it, the container is kept, exit 130 / 143")
    func stoppedDuringBackup() async throws {
        for (signal, code): (Int32, BuildExitCode) in [(SIGINT, 130), (SIGTERM, 143)] {
            try await withFakePVE { pve in
                try pve.call("add_ct", [101, "web"], ["status": "running"])
                try pve.set("time_scale", 1)
                try pve.serveVzdump(seconds: 300)
                let environment = CLITests.environment(for: pve, defaults: try CLITests.temporaryDirectory())
                let run = try await CLITests.run(["destroy", "101", "--yes"], environment: environment, after: "waiting for vzdump task",
                                                 .signal(signal))
                #expect(run.status == code, "\(signal): \(run.errors)")
                #expect(pve.received("DELETE", pathSuffix: ":vzdump:101:root@pam:") == 1, "the task was asked to stop")
                #expect(try await pve.containerIDs() == [101], "the container is kept")
                #expect(pve.received("POST", pathSuffix: "/lxc/101/status/stop") == 0)
            }
        }
    }
}
