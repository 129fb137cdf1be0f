import ContainerKitTestSupport
import Foundation
import LXCBuildTestSupport
import ProxmoxAPI
import Testing
@testable import ContainerKit

/// The app of a container whose notes an admin rewrote: read from the container's own `/usr/bin/update`, as
/// community-scripts' update-apps finds it, as data.
@Suite("update: the app named by the container's /usr/bin/update when the notes do not name it")
struct UpdateAppDetectionTests {
    @Test("the first ct/APP.sh of the command, lowercased; nothing that is not a plain app id", arguments: [
        (#"bash -c "$(curl -fsSL https://raw.githubusercontent.com/community-scripts/ProxmoxVE/main/ct/demo.sh)""#, "demo"),
        ("bash -c \"$(wget -qLO - https://github.com/tteck/Proxmox/raw/main/ct/Plex.sh)\"\n# ct/other.sh", "plex"),
        (#"bash -c "$(curl -fsSL https://example.org/ct/$(id).sh)""#, nil),
        ("curl https://example.org/ct/../../etc/passwd.sh", nil),
        ("curl https://example.org/ct/.hidden.sh", nil),
        ("#!/bin/sh\necho nothing to update", nil),
    ] as [(String, String?)])
    func parsing(_ text: String, _ app: String?) {
        #expect(ContainerUpdate.appOfUpdateCommand(text) == app)
    }

    @Test("notes rewritten by hand: no /usr/bin/update is 64 naming --app; with one, its app is planned and run, cores and memory not raised")
    func fromTheContainer() async throws {
        try await withUpdateSetup(cpu: "2") { container, pve, update in
            let handle = try pve.passwordClient().node("pve1").container(container.ctid)
            var rewritten = ContainerConfigUpdate()
            rewritten.options.description = "Media box of the house: ask Sam before touching it."
            rewritten.options.cores = 1
            rewritten.options.memory = 256
            try await handle.updateConfig(rewritten)

            let unnamed = await #expect(throws: BuildError.self) { _ = try await update.plan(ctid: container.ctid) }
            #expect(unnamed?.exitCode == BuildExitCode.usage && unnamed?.message.contains("do not name its app") == true, "\(String(describing: unnamed))")
            #expect(unnamed?.hint?.contains("--app") == true)

            let command = "\(container.rootfs)/usr/bin/update"
            try ExecutableFile.write(
                "#!/usr/bin/env bash\nbash -c \"$(curl -fsSL https://raw.githubusercontent.com/community-scripts/ProxmoxVE/main/ct/demo.sh)\"\n",
                to: command)
            let plan = try await update.plan(ctid: container.ctid)
            #expect(plan.app == "demo" && plan.appSource == "/usr/bin/update inside the container", "\(plan.app) \(plan.appSource)")
            #expect(plan.resources == nil, "what the container says does not raise its cores or memory")
            #expect(plan.warnings.contains { $0.contains("not raised") && $0.contains("--app demo") }, "\(plan.warnings)")
            let result = try await update.run(plan)
            #expect(result.performed.contains(.updateApp(app: "demo", ctid: container.ctid, shell: update.shell?.name ?? "")), "\(result.performed)")
            let config = try await handle.config()
            #expect(config.options.cores == 1 && config.options.memory == 256, "untouched")

            // Given --app, the admin's word: the resources are raised again.
            #expect(try await update.with { $0.app = "demo" }.plan(ctid: container.ctid).resources?.raisedCores == 2)

            try ExecutableFile.write("#!/bin/sh\nbash -c \"$(curl -fsSL https://example.org/ct/$(id).sh)\"\n", to: command)
            let hostile = await #expect(throws: BuildError.self) { _ = try await update.plan(ctid: container.ctid) }
            #expect(hostile?.exitCode == BuildExitCode.usage && hostile?.message.contains("do not name its app") == true, "\(String(describing: hostile))")
        }
    }
}
