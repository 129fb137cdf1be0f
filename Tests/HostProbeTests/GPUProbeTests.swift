import HostProbe
import Testing

/// What one fixture host's GPU scan must find.
struct GPUExpectation: Sendable, CustomTestStringConvertible {
    struct Card: Sendable {
        var vendor: GPUVendor
        var pci: String
        var model: String?
        var render: String?
        var card: String?
        var extra: [String] = []
        var problem: String?
    }

    var host: FixtureHost
    var cards: [Card]
    var testDescription: String { host.rawValue }
}

let nvidiaNodes = [
    "/dev/nvidia0", "/dev/nvidia-caps/nvidia-cap1", "/dev/nvidia-caps/nvidia-cap2", "/dev/nvidia-modeset",
    "/dev/nvidia-uvm", "/dev/nvidia-uvm-tools", "/dev/nvidiactl",
]

let gpuExpectations: [GPUExpectation] = [
    GPUExpectation(host: .noGPU, cards: []),
    GPUExpectation(host: .usbSerial, cards: []),
    GPUExpectation(host: .intelIGPU, cards: [
        .init(vendor: .intel, pci: "0000:00:02.0", model: "Intel Corporation AlderLake-S GT1",
              render: "/dev/dri/renderD128", card: "/dev/dri/card0"),
    ]),
    GPUExpectation(host: .amdDGPU, cards: [
        .init(vendor: .amd, pci: "0000:03:00.0",
              model: "Advanced Micro Devices, Inc. [AMD/ATI] Navi 21 [Radeon RX 6800/6800 XT / 6900 XT]",
              render: "/dev/dri/renderD128", card: "/dev/dri/card0", extra: ["/dev/kfd"]),
    ]),
    GPUExpectation(host: .nvidiaLoaded, cards: [
        .init(vendor: .nvidia, pci: "0000:01:00.0", model: "NVIDIA Corporation GA102 [GeForce RTX 3090]",
              render: "/dev/dri/renderD128", card: "/dev/dri/card0", extra: nvidiaNodes),
    ]),
    GPUExpectation(host: .nvidiaNoDriver, cards: [
        .init(vendor: .nvidia, pci: "0000:01:00.0", model: "NVIDIA Corporation TU104GL [Tesla T4]",
              problem: "NVIDIA GPU detected via PCI but no /dev/nvidia* devices found for it: "
                + "the host driver may not be loaded"),
    ]),
    GPUExpectation(host: .intelNVIDIA, cards: [
        .init(vendor: .intel, pci: "0000:00:02.0", model: "Intel Corporation CoffeeLake-S GT2 [UHD Graphics 630]",
              render: "/dev/dri/renderD129", card: "/dev/dri/card1"),
        .init(vendor: .nvidia, pci: "0000:01:00.0", model: "NVIDIA Corporation GA102 [GeForce RTX 3090]",
              render: "/dev/dri/renderD128", card: "/dev/dri/card0", extra: nvidiaNodes),
    ]),
    GPUExpectation(host: .renumbered, cards: [
        .init(vendor: .intel, pci: "0000:00:02.0", model: "Intel Corporation Alder Lake-P GT2 [Iris Xe Graphics]",
              render: "/dev/dri/renderD129", card: "/dev/dri/card1"),
    ]),
    GPUExpectation(host: .coral, cards: [
        .init(vendor: .other, pci: "0000:05:00.0", model: "ASPEED Technology, Inc. ASPEED Graphics Family",
              card: "/dev/dri/card0"),
    ]),
    GPUExpectation(host: .pve74, cards: [
        .init(vendor: .intel, pci: "0000:00:02.0", model: "Intel Corporation CoffeeLake-S GT2 [UHD Graphics 630]",
              render: "/dev/dri/renderD128", card: "/dev/dri/card0"),
    ]),
    GPUExpectation(host: .notPVE, cards: [
        .init(vendor: .intel, pci: "0000:00:02.0", render: "/dev/dri/renderD128", card: "/dev/dri/card0"),
    ]),
]

@Suite("GPU probe on fixture hosts")
struct GPUProbeTests {
    @Test("Each fixture host yields exactly its cards, nodes and problems", arguments: gpuExpectations)
    func scan(expected: GPUExpectation) async throws {
        let (context, runner) = try expected.host.context()
        let scan = await GPUProbe(context: context).scan()
        #expect(runner.commands == [["lspci", "-nn"]])
        #expect(scan.gpus.map(\.pci) == expected.cards.map(\.pci))
        for (gpu, card) in zip(scan.gpus, expected.cards) {
            #expect(gpu.vendor == card.vendor)
            #expect(gpu.model == card.model)
            #expect(gpu.render == card.render)
            #expect(gpu.card == card.card)
            #expect(gpu.extra == card.extra)
            #expect(gpu.problem == card.problem)
            let nodePaths = [card.render, card.card].compactMap(\.self) + card.extra
            #expect(Set(gpu.nodes.map(\.path)) == Set(nodePaths))
        }
    }

    @Test("Nodes carry the major:minor declared for the host, and by-path names point at them")
    func nodeNumbersAndByPath() async throws {
        let (context, _) = try FixtureHost.intelNVIDIA.context()
        let gpus = await GPUProbe(context: context).scan().gpus
        let intel = try #require(gpus.first { $0.vendor == .intel })
        #expect(intel.nodes.map(\.number.description) == ["c 226:1", "c 226:129"])
        #expect(intel.byPath == ["/dev/dri/by-path/pci-0000:00:02.0-card", "/dev/dri/by-path/pci-0000:00:02.0-render"])
        let nvidia = try #require(gpus.first { $0.vendor == .nvidia })
        #expect(nvidia.driver == "nvidia")
        #expect(nvidia.driverVersion == "550.54.14")
        #expect(nvidia.nodes.first { $0.path == "/dev/nvidiactl" }?.number.majorMinor == "195:255")
    }

    @Test("Without lspci the model comes from pci.ids, and without either it is unknown with a reason")
    func modelFallbacks() async throws {
        let (oldContext, _) = try FixtureHost.pve74.context()
        let old = await GPUProbe(context: oldContext).scan()
        #expect(old.unknowns.isEmpty)
        let (bareContext, _) = try FixtureHost.notPVE.context()
        let bare = await GPUProbe(context: bareContext).scan()
        #expect(bare.gpus.first?.model == nil)
        #expect(bare.unknowns == [
            UnknownFact(fact: "gpu models", reason: "lspci is not installed, and no pci.ids database was found"),
        ])
    }

    @Test("A render node that sysfs lists but /dev lacks is a problem, never a passthrough candidate")
    func missingDeviceNode() async throws {
        let fileSystem = try OverlayFileSystem(
            base: RootedFileSystem(root: FixtureHost.intelIGPU.root), hiddenDevices: ["/dev/dri/renderD128"]
        )
        let (fixture, _) = try FixtureHost.intelIGPU.context()
        var context = fixture
        context.fileSystem = fileSystem
        let gpu = try #require(await GPUProbe(context: context).scan().gpus.first)
        #expect(gpu.render == nil)
        #expect(gpu.card == "/dev/dri/card0")
        #expect(gpu.problem == "/dev/dri/renderD128 is listed in sysfs but is not a device node on the host")
        #expect(!gpu.isUsable)
        #expect(PassthroughPlan.gpu(gpu).devices.isEmpty)
    }

    @Test("A card only lspci lists, with no driver and no nodes, is kept with a reason, not dropped")
    func lspciOnlyCard() async throws {
        let lspci = "00:02.0 VGA compatible controller [0300]: Intel Corporation Device [8086:a780]\n"
        let (context, _) = try FixtureHost.noGPU.context(overriding: [["lspci", "-nn"]: .output(["lspci", "-nn"], lspci)])
        let gpu = try #require(await GPUProbe(context: context).scan().gpus.first)
        #expect(gpu.vendor == .intel)
        #expect(gpu.ids == "8086:a780")
        #expect(gpu.model == "Intel Corporation Device")
        #expect(gpu.problem == "no /dev/dri nodes: no kernel driver is bound to it (driver not loaded)")
        #expect(PassthroughPlan.gpu(gpu).isEmpty)
    }

    @Test("A card bound to vfio-pci is reported as reserved for a VM")
    func vfioBound() async throws {
        let runner = ScriptedCommandRunner([["lspci", "-nn"]: .missing])
        let fileSystem = try OverlayFileSystem(
            base: RootedFileSystem(root: FixtureHost.nvidiaNoDriver.root),
            links: ["/sys/devices/pci0000:00/0000:00:01.0/0000:01:00.0/driver": "../../../../bus/pci/drivers/vfio-pci"]
        )
        let gpu = try #require(
            await GPUProbe(context: ProbeContext(fileSystem: fileSystem, runner: runner)).scan().gpus.first
        )
        #expect(gpu.driver == "vfio-pci")
        #expect(gpu.problem?.hasPrefix("bound to vfio-pci (reserved for passthrough to a VM)") == true)
    }
}
