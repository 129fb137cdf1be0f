/// Everything HostProbe learned about a host, in the shape `lxc-build probe --json` prints.
public struct HostReport: Sendable, Codable, Hashable {
    /// One entry per GPU, including cards that cannot be passed through (with their problem).
    public var gpus: [GPU]
    /// TUN, USB serial adapters and Coral TPUs.
    public var devices: Devices
    /// Facts about the host.
    public var host: HostFacts
    /// build.func's host checks with their exit codes.
    public var checks: [HostCheck]
    /// What could not be read, with the reason.
    public var unknowns: [UnknownFact]

    /// Creates a report.
    public init(gpus: [GPU], devices: Devices, host: HostFacts, checks: [HostCheck], unknowns: [UnknownFact] = []) {
        self.gpus = gpus
        self.devices = devices
        self.host = host
        self.checks = checks
        self.unknowns = unknowns
    }

    /// The checks that would stop build.func, in its order.
    public var failedChecks: [HostCheck] { checks.filter { !$0.ok } }

    /// The exit code build.func would stop with: the first failed check's, `nil` when all are ok.
    public var exitCode: Int? { failedChecks.first?.exitCode }

    /// Chooses the GPU to pass through without prompting (see ``GPUSelection/choose(from:vendor:pci:)``).
    public func selectGPU(vendor: GPUVendor? = nil, pci: String? = nil) -> GPUSelection {
        GPUSelection.choose(from: gpus, vendor: vendor, pci: pci)
    }

    /// The plan for a container that wants the given GPU and devices; a wanted device the host
    /// lacks adds a note instead of a line, so the container never refers to a missing node.
    public func passthroughPlan(gpu: GPU? = nil, tun: Bool = false, usbSerial: Bool = false, coral: Bool = false)
        -> PassthroughPlan
    {
        var plan = gpu.map(PassthroughPlan.gpu) ?? PassthroughPlan()
        if tun {
            plan = plan + (devices.tun.map(PassthroughPlan.tun) ?? PassthroughPlan(notes: ["/dev/net/tun is missing"]))
        }
        if usbSerial {
            plan = plan + (devices.usbSerial.isEmpty
                ? PassthroughPlan(notes: ["no USB serial adapters found"]) : PassthroughPlan.usbSerial(devices.usbSerial))
        }
        if coral {
            plan = plan + (devices.coral.isEmpty
                ? PassthroughPlan(notes: ["no Coral TPU (/dev/apex_*) found"]) : PassthroughPlan.coral(devices.coral))
        }
        return plan
    }
}

/// Probes a whole host at once: GPUs, devices, host facts and checks.
///
/// ```swift
/// let report = await HostProber().report()                          // this machine
/// let fixture = await HostProber(context: try .rooted(at: dir)).report() // a copied tree
/// ```
public struct HostProber: Sendable {
    /// What the probes read through.
    public var context: ProbeContext

    /// Creates a prober; the default context reads this machine.
    public init(context: ProbeContext = ProbeContext()) {
        self.context = context
    }

    /// Runs every probe (concurrently) and assembles the report. Never throws, never prompts,
    /// never hangs longer than the context's command timeout per command.
    public func report() async -> HostReport {
        async let gpuScan = GPUProbe(context: context).scan()
        async let hostScan = HostFactsProbe(context: context).scan()
        let deviceScan = DeviceProbe(fileSystem: context.fileSystem).scan()
        let (gpus, host) = await (gpuScan, hostScan)
        return HostReport(
            gpus: gpus.gpus,
            devices: deviceScan.devices,
            host: host.facts,
            checks: host.checks,
            unknowns: gpus.unknowns + deviceScan.unknowns + host.unknowns
        )
    }
}
