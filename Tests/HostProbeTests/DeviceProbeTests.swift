import HostProbe
import Testing

@Suite("Device probe on fixture hosts")
struct DeviceProbeTests {
    @Test("USB serial adapters are found with their numbers and by-id names; regular files are not devices")
    func usbSerial() throws {
        let (context, _) = try FixtureHost.usbSerial.context()
        let (devices, unknowns) = DeviceProbe(fileSystem: context.fileSystem).scan()
        #expect(devices.usbSerial.map(\.node.description) == [
            "/dev/ttyACM0 (c 166:0)", "/dev/ttyUSB0 (c 188:0)", "/dev/ttyUSB1 (c 188:1)",
        ])
        #expect(devices.usbSerial.map(\.byID) == [
            ["/dev/serial/by-id/usb-dresden_elektronik_ingenieurtechnik_GmbH_ConBee_II_DE2123456-if00"],
            ["/dev/serial/by-id/usb-FTDI_FT232R_USB_UART_A50285BI-if00-port0"],
            [],
        ])
        #expect(devices.tun == nil)
        #expect(unknowns.map(\.fact) == ["tun"])
        #expect(devices.coral.isEmpty)
    }

    @Test("The USB serial plan allows each major and bind-mounts each node and the by-id folder")
    func usbSerialPlan() throws {
        let (context, _) = try FixtureHost.usbSerial.context()
        let plan = PassthroughPlan.usbSerial(DeviceProbe(fileSystem: context.fileSystem).scan().devices.usbSerial)
        #expect(plan.rawLines == [
            "lxc.cgroup2.devices.allow: c 166:* rwm",
            "lxc.cgroup2.devices.allow: c 188:* rwm",
            "lxc.mount.entry: /dev/serial/by-id dev/serial/by-id none bind,optional,create=dir",
            "lxc.mount.entry: /dev/ttyACM0 dev/ttyACM0 none bind,optional,create=file",
            "lxc.mount.entry: /dev/ttyUSB0 dev/ttyUSB0 none bind,optional,create=file",
            "lxc.mount.entry: /dev/ttyUSB1 dev/ttyUSB1 none bind,optional,create=file",
        ])
        #expect(!plan.rawLines.contains("lxc.cgroup2.devices.allow: a"))
        #expect(plan.devEntries() == ["dev0: /dev/ttyACM0", "dev1: /dev/ttyUSB0", "dev2: /dev/ttyUSB1"])
    }

    @Test("TUN uses the numbers read from /dev/net/tun")
    func tun() throws {
        let (context, _) = try FixtureHost.noGPU.context()
        let tun = try #require(DeviceProbe(fileSystem: context.fileSystem).scan().devices.tun)
        let plan = PassthroughPlan.tun(tun)
        #expect(plan.rawLines == [
            "lxc.cgroup2.devices.allow: c 10:200 rwm",
            "lxc.mount.entry: /dev/net/tun dev/net/tun none bind,create=file",
        ])
        #expect(plan.devEntries(startingAt: 3) == ["dev3: /dev/net/tun"])
    }

    @Test("A Coral TPU on the PCI bus without its node is reported with a reason")
    func coralWithoutDriver() throws {
        let fileSystem = try OverlayFileSystem(
            base: RootedFileSystem(root: FixtureHost.coral.root), hiddenDevices: ["/dev/apex_0"]
        )
        let (devices, unknowns) = DeviceProbe(fileSystem: fileSystem).scan()
        #expect(devices.coral.isEmpty)
        #expect(unknowns == [
            UnknownFact(
                fact: "coral",
                reason: "Coral TPU at 0000:04:00.0 on the PCI bus, but only 0 /dev/apex_* node(s): "
                    + "the gasket/apex driver may not be loaded"
            ),
        ])
    }

    @Test("A Coral TPU gets its allow line and build.func's optional bind mount")
    func coral() throws {
        let (context, _) = try FixtureHost.coral.context()
        let (devices, unknowns) = DeviceProbe(fileSystem: context.fileSystem).scan()
        #expect(unknowns.isEmpty)
        #expect(devices.coral.map(\.description) == ["/dev/apex_0 (c 120:0)"])
        #expect(PassthroughPlan.coral(devices.coral).rawLines == [
            "lxc.cgroup2.devices.allow: c 120:0 rwm",
            "lxc.mount.entry: /dev/apex_0 dev/apex_0 none bind,optional,create=file",
        ])
    }
}

@Suite("GPU passthrough plans")
struct GPUPassthroughTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var host: FixtureHost
        var pci: String
        var entries: [String]
        var testDescription: String { "\(host.rawValue) \(pci)" }
    }

    static let cases: [Case] = [
        Case(host: .intelIGPU, pci: "0000:00:02.0",
             entries: ["dev0: /dev/dri/renderD128,gid=104", "dev1: /dev/dri/card0,gid=44"]),
        Case(host: .renumbered, pci: "0000:00:02.0",
             entries: ["dev0: /dev/dri/renderD129,gid=104", "dev1: /dev/dri/card1,gid=44"]),
        Case(host: .amdDGPU, pci: "0000:03:00.0",
             entries: ["dev0: /dev/dri/renderD128,gid=104", "dev1: /dev/dri/card0,gid=44", "dev2: /dev/kfd,gid=104"]),
        Case(host: .nvidiaLoaded, pci: "0000:01:00.0",
             entries: nvidiaNodes.enumerated().map { "dev\($0.offset): \($0.element),gid=44" }),
        Case(host: .intelNVIDIA, pci: "0000:00:02.0",
             entries: ["dev0: /dev/dri/renderD129,gid=104", "dev1: /dev/dri/card1,gid=44"]),
        Case(host: .intelNVIDIA, pci: "0000:01:00.0",
             entries: nvidiaNodes.enumerated().map { "dev\($0.offset): \($0.element),gid=44" }),
        Case(host: .nvidiaNoDriver, pci: "0000:01:00.0", entries: []),
        Case(host: .coral, pci: "0000:05:00.0", entries: []),
    ]

    @Test("Each GPU's plan names exactly its own nodes", arguments: cases)
    func plan(testCase: Case) async throws {
        let (context, _) = try testCase.host.context()
        let gpus = await GPUProbe(context: context).scan().gpus
        let gpu = try #require(gpus.first { $0.pci == testCase.pci })
        let plan = PassthroughPlan.gpu(gpu)
        #expect(plan.devEntries() == testCase.entries)
        #expect(plan.rawLines.isEmpty)
        if testCase.entries.isEmpty {
            #expect(plan.notes.first?.hasPrefix("GPU \(testCase.pci) is not passed through: ") == true)
        }
    }

    @Test("The container's own group IDs replace the fallbacks")
    func containerGIDs() async throws {
        let (context, _) = try FixtureHost.intelIGPU.context()
        let gpu = try #require(await GPUProbe(context: context).scan().gpus.first)
        let entries = PassthroughPlan.gpu(gpu).devEntries(startingAt: 2, gids: .init(video: 44, render: 993))
        #expect(entries == ["dev2: /dev/dri/renderD128,gid=993", "dev3: /dev/dri/card0,gid=44"])
    }

    @Test("Choosing a GPU never prompts: one usable card is picked, several are ambiguous")
    func selection() async throws {
        let (mixedContext, _) = try FixtureHost.intelNVIDIA.context()
        let mixed = await GPUProbe(context: mixedContext).scan().gpus
        #expect(GPUSelection.choose(from: mixed) == .ambiguous(mixed))
        guard case .selected(let intel) = GPUSelection.choose(from: mixed, vendor: .intel) else {
            Issue.record("the Intel card should be selected")
            return
        }
        #expect(intel.pci == "0000:00:02.0")
        guard case .selected(let nvidia) = GPUSelection.choose(from: mixed, pci: "01:00.0") else {
            Issue.record("the card at 01:00.0 should be selected")
            return
        }
        #expect(nvidia.vendor == .nvidia)
        #expect(GPUSelection.choose(from: mixed, vendor: .amd) == .none(reason: "no AMD GPU found"))

        let (noDriverContext, _) = try FixtureHost.nvidiaNoDriver.context()
        let noDriver = await GPUProbe(context: noDriverContext).scan().gpus
        guard case .none(let reason) = GPUSelection.choose(from: noDriver) else {
            Issue.record("a card without its driver must not be selected")
            return
        }
        #expect(reason.contains("host driver may not be loaded"))
        #expect(GPUSelection.choose(from: []) == .none(reason: "no GPU found"))
    }
}
