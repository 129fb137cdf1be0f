import HostProbe
import ProxmoxAPI

extension ContainerBuilder {
    /// Adds the `devN` entries for a GPU, USB serial adapters and Coral TPUs found by the node's probe (build.func's
    /// `detect_gpu_devices` and its USB, TUN and Coral lines), and AMD's extra 4 GB of disk for ROCm. Every node
    /// becomes a `devN` entry through the API (PVE ≥ 8.1, root@pam), so no raw `lxc.*` lines are needed.
    ///
    /// Several GPUs and no choice: an interactive run asks; an unattended one passes none and says how to choose
    /// (build.func's GPU question reads the terminal with no timeout and hangs unattended runs). No GPU: a warning, as
    /// build.func skips.
    /// - Returns: The plan's notes (renumbering advice, GPUs left out and why).
    func planDevices(_ spec: inout ContainerSpec, warnings: inout [String]) async throws(BuildError) -> [String] {
        guard spec.gpu || spec.usbSerial || spec.coral else { return [] }
        let report: HostReport
        if let probe = options.hostReport {
            events(.started(.devices))
            report = await probe()
        } else if let nodeInspection {
            events(.started(.devices))
            report = try await nodeInspection.report()
        } else if spec.usbSerial || spec.coral {
            throw Self.deviceListRefusal(spec, node: options.node)
        } else {
            // var_gpu alone: the API's PCI list of the chosen node decides (``checkNodeAccess``).
            return []
        }
        var plan = PassthroughPlan()
        var notes: [String] = []
        if spec.gpu {
            let gpu = try await chooseGPU(spec, report: report, warnings: &warnings)
            if let gpu {
                plan = plan + report.passthroughPlan(gpu: gpu)
                events(.decided("GPU \(gpu.vendor.rawValue) \(gpu.model ?? gpu.pci): \(gpu.render ?? gpu.extra.first ?? "") passed in"))
                if gpu.vendor == .amd {
                    spec.diskGiB += 4
                    events(.decided("AMD GPU: the disk grows by 4 GiB (\(spec.diskGiB) GiB) for ROCm, as build.func does"))
                }
            }
        }
        if spec.usbSerial {
            let serial = report.passthroughPlan(usbSerial: true)
            if serial.devices.isEmpty { warnings.append("--usb-serial: the node has no USB serial adapter") }
            plan = plan + serial
        }
        if spec.coral {
            let coral = report.passthroughPlan(coral: true)
            if coral.devices.isEmpty { warnings.append("--coral: the node has no Coral TPU (/dev/apex_*)") }
            plan = plan + coral
        }
        notes += plan.notes
        for entry in plan.devEntries(startingAt: spec.devices.count) {
            guard let value = entry.split(separator: " ", maxSplits: 1).last.map(String.init),
                let device = try? DevicePassthrough(parsing: value), !spec.devices.contains(where: { $0.path == device.path })
            else { continue }
            spec.devices.append(device)
        }
        events(.finished(.devices, spec.devices.isEmpty ? "none" : spec.devices.map(\.path).joined(separator: ", ")))
        return notes
    }

    private func chooseGPU(_ spec: ContainerSpec, report: HostReport, warnings: inout [String]) async throws(BuildError) -> GPU? {
        switch GPUSelection.choose(from: report.gpus, choice: spec.gpuChoice) {
        case .selected(let gpu):
            return gpu
        case .none(let reason):
            if spec.gpuChoice != nil {
                throw BuildError(exitCode: .hardwareNotDetected, message: "--gpu \(spec.gpuChoice.map(String.init(describing:)) ?? ""): \(reason)")
            }
            warnings.append("var_gpu=yes: no GPU passed through: \(reason)")
            return nil
        case .ambiguous(let gpus):
            let labels = gpus.map { "\($0.vendor.rawValue) \($0.model ?? "") (\($0.pci))" }
            if options.interactive, let chooser = options.chooser {
                guard let index = await chooser.choose("Which GPU should the container get?", options: labels, defaultIndex: 0),
                    gpus.indices.contains(index)
                else { return nil }
                return gpus[index]
            }
            warnings.append(
                "var_gpu=yes: the node has several GPUs (\(labels.joined(separator: "; "))) and none was chosen, so none is "
                    + "passed through; choose with --gpu VENDOR or --gpu PCI-ADDRESS")
            return nil
        }
    }
}
