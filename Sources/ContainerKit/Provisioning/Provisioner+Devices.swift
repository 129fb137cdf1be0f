import Foundation
import ProxmoxAPI

extension Provisioner {
    /// build.func's USB block, which it adds to every privileged container: it removes device and capability
    /// confinement.
    static let usbLines = [
        RawConfigLine("lxc.cgroup2.devices.allow", "a"), RawConfigLine("lxc.cap.drop", ""),
        RawConfigLine("lxc.cgroup2.devices.allow", "c 188:* rwm"), RawConfigLine("lxc.cgroup2.devices.allow", "c 189:* rwm"),
        RawConfigLine("lxc.mount.entry", "/dev/serial/by-id  dev/serial/by-id  none bind,optional,create=dir"),
    ] + ["ttyUSB0", "ttyUSB1", "ttyACM0", "ttyACM1"].map { RawConfigLine("lxc.mount.entry", "/dev/\($0) dev/\($0) none bind,optional,create=file") }

    /// The Coral TPU line, written when the node has `/dev/apex_0` (build.func does so for any app).
    static let coralLines = [RawConfigLine("lxc.mount.entry", "/dev/apex_0 dev/apex_0 none bind,optional,create=file")]

    /// Which group a passed-through GPU node belongs to: `render` for render nodes and `/dev/kfd`, `video`
    /// for cards and NVIDIA nodes (upstream leaves NVIDIA at 44; here they get the container's video GID).
    enum GPUGroup: Equatable { case video, render }

    static func gpuGroup(of path: String) -> GPUGroup? {
        if path.hasPrefix("/dev/dri/renderD") || path == "/dev/kfd" { return .render }
        if path.hasPrefix("/dev/dri/card") || path.hasPrefix("/dev/nvidia") { return .video }
        return nil
    }

    /// Raw device lines (USB, TUN, Coral; while stopped) and build.func's `fix_gpu_gids`, with one restart for both:
    /// the stop and the start are the plan's own requests (`planned`, the action's writes).
    func configureDevices(planned: [APIRequest]) async throws(BuildError) {
        var lines: [RawConfigLine] = []
        if options.usbPassthrough {
            if spec.unprivileged {
                warn("USB passthrough was asked for, but build.func's USB block only applies to privileged containers; skipped")
            } else {
                lines += Self.usbLines
            }
        }
        // build.func binds a Coral TPU in whenever the node has one; not when --coral already passed it as devN.
        let coralPassed = spec.devices.contains { $0.path.hasPrefix("/dev/apex_") }
        if !coralPassed {
            // Decided by the plan when the node's probe could be read; otherwise looked for now.
            let present: Bool
            if let known = options.coralOnNode {
                present = known
            } else {
                present = try await onNode("looking for a Coral TPU", ["test", "-e", "/dev/apex_0"]).succeeded
            }
            if present { lines += Self.coralLines }
        }
        let gpuPaths = spec.devices.map(\.path).filter { Self.gpuGroup(of: $0) != nil }
        guard !lines.isEmpty || !gpuPaths.isEmpty else { return }
        events(.started(.devices))
        let gids = gpuPaths.isEmpty ? nil : try await readGroupIDs()
        let stop = planned.first { $0.method == .post && $0.path.hasSuffix("/status/stop") }
        let start = planned.first { $0.method == .post && $0.path.hasSuffix("/status/start") }
        guard let stop, let start else {
            throw BuildError(exitCode: BuildExitCode.general, message: "the plan's device action for \(ctid) holds no stop and start requests")
        }
        try await whileStopped(stop: stop, start: start) { () throws(BuildError) in
            if !lines.isEmpty {
                do throws(NodeShellError) {
                    let added = try await shell.appendConfig(ctid: ctid, lines, comment: "lxc-build: device passthrough")
                    log.note("raw config lines added: \(added.count)")
                } catch {
                    throw failure(error, during: "writing device lines to the container config")
                }
            }
            if let gids { try await setDeviceGIDs(gids) }
        }
        var summary = lines.isEmpty ? "" : "\(lines.count) raw device lines"
        if let gids {
            if !spec.unprivileged { try await fixDeviceNodes(gpuPaths, gids: gids) }
            summary += (summary.isEmpty ? "" : ", ") + "GPU passthrough configured (video:\(gids.video), render:\(gids.render))"
        }
        events(.finished(.devices, summary))
    }

    /// The container's `video` and `render` GIDs, creating missing groups; 44 and 104 when nothing answers.
    func readGroupIDs() async throws(BuildError) -> (video: Int, render: Int) {
        let script = #"""
            gid() {
              g=$( (getent group "$1" 2>/dev/null || grep "^$1:" /etc/group) | cut -d: -f3 | head -n1)
              if [ -z "$g" ]; then
                (groupadd -r "$1" || addgroup -S "$1" || addgroup "$1") >/dev/null 2>&1
                g=$( (getent group "$1" 2>/dev/null || grep "^$1:" /etc/group) | cut -d: -f3 | head -n1)
              fi
              echo "$g"
            }
            echo "$(gid video) $(gid render)"
            """#
        let words = try await inside("reading the video and render groups", script).output.split(whereSeparator: \.isWhitespace)
        let video = words.first.flatMap { Int($0) } ?? 44
        let render = words.dropFirst().first.flatMap { Int($0) } ?? 104
        return (video, render)
    }

    /// Sets the gid of every GPU `devN` entry through the API.
    func setDeviceGIDs(_ gids: (video: Int, render: Int)) async throws(BuildError) {
        let container = client.node(node).container(ctid)
        var update = ContainerConfigUpdate()
        do {
            let config = try await container.config()
            for (index, device) in config.options.devices {
                guard let group = Self.gpuGroup(of: device.path) else { continue }
                let gid = group == .render ? gids.render : gids.video
                // Written even when unchanged: the plan lists this request, and the run sends what the plan says.
                var changed = device
                changed.gid = gid
                update.options.devices[index] = changed
            }
            guard !update.options.devices.isEmpty else { return }
            try await container.updateConfig(update)
            log.note("device gids set: " + update.options.devices.keys.sorted().map { "dev\($0)" }.joined(separator: ", "))
        } catch {
            // The container is stopped for this change: a failure leaves it not running (117), as a failed restart does.
            throw BuildError.api(error, during: "setting the GPU device groups of \(ctid)", exitCode: BuildExitCode.notRunning)
        }
    }

    /// Privileged containers: the device nodes' group and mode 660 inside (the last step of `fix_gpu_gids`).
    func fixDeviceNodes(_ paths: [String], gids: (video: Int, render: Int)) async throws(BuildError) {
        var arguments: [String] = []
        for path in paths {
            arguments += [path, String(Self.gpuGroup(of: path) == .render ? gids.render : gids.video)]
        }
        let script = #"while [ $# -gt 1 ]; do [ -e "$1" ] && chgrp "$2" "$1" && chmod 660 "$1"; shift 2; done; exit 0"#
        try await inside("fixing the GPU device nodes", script, arguments: arguments)
    }

    /// Stops the container with the plan's `stop` request, runs `change`, starts it again with `start` and waits
    /// until it runs.
    func whileStopped(stop: APIRequest, start: APIRequest, _ change: () async throws(BuildError) -> Void) async throws(BuildError) {
        let container = client.node(node).container(ctid)
        do {
            if try await container.status().isRunning {
                _ = try await client.waitForTask(try await client.startTask(stop), timeout: taskTimeout)
            }
        } catch {
            throw BuildError.api(error, during: "stopping \(ctid) to change its devices")
        }
        try await change()
        do {
            _ = try await client.waitForTask(try await client.startTask(start), timeout: taskTimeout)
            for _ in 0..<20 {
                if try await container.status().isRunning { return }
                try? await Task.sleep(for: .milliseconds(500))
            }
        } catch {
            throw BuildError.api(error, during: "starting \(ctid) again after changing its devices", exitCode: BuildExitCode.notRunning)
        }
        throw BuildError(exitCode: BuildExitCode.notRunning, message: "container \(ctid) did not run again after its devices were changed")
    }
}
