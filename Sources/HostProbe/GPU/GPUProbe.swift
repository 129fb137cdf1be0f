/// The GPUs found on a host, and the facts that could not be read while looking.
public struct GPUScan: Sendable, Codable, Hashable {
    /// One entry per card, in PCI address order.
    public var gpus: [GPU]
    /// What could not be read (e.g. `lspci` missing), with the reason.
    public var unknowns: [UnknownFact]

    /// Creates a scan result.
    public init(gpus: [GPU], unknowns: [UnknownFact] = []) {
        self.gpus = gpus
        self.unknowns = unknowns
    }
}

/// Finds the host's GPUs and their device nodes (build.func's `detect_gpu_devices`, done per card).
///
/// Cards come from `/sys/bus/pci/devices` (display class `0x03`) plus any `VGA|Display|3D` line of
/// `lspci -nn` missing there. Each card's nodes are found through `/sys/class/drm/*/device`, so a
/// renumbered host (`card1`/`renderD129`) and multi-GPU hosts get exactly the nodes of each card.
public struct GPUProbe: Sendable {
    /// What the probe reads through.
    public var context: ProbeContext

    /// Creates a probe; the default context reads this machine.
    public init(context: ProbeContext = ProbeContext()) {
        self.context = context
    }

    /// Looks for GPUs. Never throws and never prompts: unreadable sources become ``UnknownFact``s.
    public func scan() async -> GPUScan {
        let fileSystem = context.fileSystem
        var unknowns: [UnknownFact] = []
        let sysfs = PCIDevice.all(fileSystem: fileSystem)
        if sysfs == nil {
            unknowns.append(UnknownFact(fact: "pci devices", reason: "\(PCIDevice.sysfsFolder) cannot be listed"))
        }
        var lspciFailure: String?
        var lspci: [LspciEntry] = []
        switch await context.run(["lspci", "-nn"]) {
        case .success(let result) where result.succeeded: lspci = LspciParser.parse(result.stdout)
        case .success(let result): lspciFailure = "\(result.commandLine) ended with \(result.exitStatus)"
        case .failure(let error): lspciFailure = error.message
        }

        var cards = (sysfs ?? []).filter(\.isDisplayController)
        for entry in lspci where entry.isGPU && !cards.contains(where: { $0.address == entry.address }) {
            cards.append(
                PCIDevice(
                    address: entry.address, vendorID: entry.vendorID, deviceID: entry.deviceID,
                    classCode: UInt32(entry.classID) << 8
                )
            )
        }
        cards.sort { $0.address < $1.address }

        let database = PCIIDs.paths.lazy.compactMap { fileSystem.text(at: $0) }.first
        let drm = DRMNodes.scan(fileSystem)
        let nvidia = NVIDIANodes.scan(fileSystem)
        let nvidiaCount = cards.filter { GPUVendor(pciVendorID: $0.vendorID) == .nvidia }.count
        let gpus = cards.map { card in
            var gpu = describe(card, drm: drm, nvidia: nvidia, nvidiaCount: nvidiaCount)
            gpu.model =
                lspci.first { $0.address == card.address }?.name
                ?? database.flatMap { PCIIDs.name(vendorID: card.vendorID, deviceID: card.deviceID, in: $0) }
            return gpu
        }
        if let lspciFailure, gpus.contains(where: { $0.model == nil }) {
            unknowns.append(UnknownFact(fact: "gpu models", reason: "\(lspciFailure), and no pci.ids database was found"))
        }
        return GPUScan(gpus: gpus, unknowns: unknowns)
    }

    /// One card with its nodes and, when it cannot be passed through, the reason.
    private func describe(_ card: PCIDevice, drm: DRMNodes, nvidia: NVIDIANodes, nvidiaCount: Int) -> GPU {
        let fileSystem = context.fileSystem
        let vendor = GPUVendor(pciVendorID: card.vendorID)
        var gpu = GPU(vendor: vendor, pci: card.address, ids: card.ids, driver: card.driver)
        var problems: [String] = []

        for name in drm.namesByAddress[card.address] ?? [] {
            let path = "/dev/dri/\(name)"
            guard let node = fileSystem.deviceFile(at: path), node.type == .character else {
                problems.append("\(path) is listed in sysfs but is not a device node on the host")
                continue
            }
            if name.hasPrefix("renderD"), gpu.render == nil {
                gpu.render = path
            } else if name.hasPrefix("card"), gpu.card == nil {
                gpu.card = path
            } else {
                continue
            }
            gpu.nodes.append(node)
            gpu.byPath += drm.byPath[path] ?? []
        }

        switch vendor {
        case .amd:
            if let kfd = fileSystem.deviceFile(at: "/dev/kfd"), kfd.type == .character {
                gpu.extra.append(kfd.path)
                gpu.nodes.append(kfd)
            }
        case .nvidia:
            let own: [DeviceFile]
            if let minor = NVIDIANodes.deviceMinor(of: card.address, fileSystem) {
                own = nvidia.numbered[minor].map { [$0] } ?? []
            } else {
                own = nvidiaCount == 1 ? nvidia.numbered.sorted { $0.key < $1.key }.map(\.value) : []
            }
            if own.isEmpty {
                let bound = card.driver.map { " (bound to \($0))" } ?? ""
                problems.append(
                    "NVIDIA GPU detected via PCI but no /dev/nvidia* devices found for it: "
                        + "the host driver may not be loaded\(bound)"
                )
            } else {
                let extra = own + nvidia.shared
                gpu.extra += extra.map(\.path)
                gpu.nodes += extra
            }
            gpu.driverVersion = nvidia.driverVersion
        case .intel, .other:
            break
        }

        if card.driver == "vfio-pci" {
            problems.insert("bound to vfio-pci (reserved for passthrough to a VM)", at: 0)
        } else if vendor != .nvidia, gpu.render == nil, gpu.card == nil, problems.isEmpty {
            problems.append(
                card.driver.map { "driver \($0) created no /dev/dri nodes" }
                    ?? "no /dev/dri nodes: no kernel driver is bound to it (driver not loaded)"
            )
        }
        gpu.problem = problems.isEmpty ? nil : problems.joined(separator: "; ")
        return gpu
    }
}
