import ContainerKitTestSupport
import Foundation
import HostProbe
import LXCBuildTestSupport
import ProxmoxAPI
import Testing
@testable import ContainerKit

/// GPU, USB serial and Coral passthrough planned from HostProbe's fixture hosts, created on fakepve.
@Suite("Device passthrough from the node's probe", .serialized)
struct DeviceTests {
    static func probe(_ host: String) -> @Sendable () async -> HostReport {
        {
            let root = FakePVE.packageRoot.appendingPathComponent("Tests/HostProbeTests/Fixtures/hosts/\(host)")
            let context = (try? ProbeContext.rooted(at: root)) ?? ProbeContext()
            return await HostProber(context: context).report()
        }
    }

    func plan(_ host: String, _ configure: (inout ContainerSpec) -> Void, pve: FakePVE, events: EventLog = EventLog()) async throws -> CreatePlan {
        var options = ContainerBuilder.Options()
        options.hostReport = Self.probe(host)
        var spec = staticSpec()
        configure(&spec)
        return try await pve.builder(options, events: events).plan(spec)
    }

    @Test("an Intel iGPU becomes devN entries for its render and card nodes, created on the container")
    func intel() async throws {
        try await withFakePVE { pve in
            try pve.storeDebianTemplate()
            let plan = try await plan("intel-igpu", { $0.gpu = true }, pve: pve)
            let paths = plan.createRequest.options.devices.values.map(\.path).sorted()
            #expect(paths.contains { $0.hasPrefix("/dev/dri/renderD") } && paths.contains { $0.hasPrefix("/dev/dri/card") })
            #expect(plan.createRequest.options.devices.values.allSatisfy { $0.gid != nil })
            let result = try await pve.builder().execute(plan)
            let config = try await pve.passwordClient().node("pve1").container(result.ctid).config()
            #expect(Set(config.options.devices.values.map(\.path)) == Set(paths))
        }
    }

    @Test("the renumbered host passes its real nodes (card1, renderD129)")
    func renumbered() async throws {
        try await withFakePVE { pve in
            try pve.storeDebianTemplate()
            let plan = try await plan("renumbered", { $0.gpu = true }, pve: pve)
            let paths = Set(plan.createRequest.options.devices.values.map(\.path))
            #expect(paths.contains("/dev/dri/renderD129") && paths.contains("/dev/dri/card1"))
        }
    }

    @Test("an AMD GPU adds /dev/kfd and 4 GiB of disk for ROCm")
    func amd() async throws {
        try await withFakePVE { pve in
            try pve.storeDebianTemplate()
            let plan = try await plan("amd-dgpu", { $0.gpu = true }, pve: pve)
            #expect(plan.createRequest.options.devices.values.contains { $0.path == "/dev/kfd" })
            #expect(plan.createRequest.options.rootfs?.volume == "local-lvm:8")
        }
    }

    @Test("Intel and NVIDIA on one host, unattended and no choice: no GPU, and a warning that says how to choose")
    func ambiguous() async throws {
        try await withFakePVE { pve in
            try pve.storeDebianTemplate()
            let plan = try await plan("intel-nvidia", { $0.gpu = true }, pve: pve)
            #expect(plan.createRequest.options.devices.isEmpty)
            #expect(plan.warnings.contains { $0.contains("several GPUs") && $0.contains("--gpu") })
            let nvidia = try await self.plan("intel-nvidia", { $0.gpu = true; $0.gpuChoice = .vendor(.nvidia) }, pve: pve)
            #expect(nvidia.createRequest.options.devices.values.allSatisfy { $0.path.hasPrefix("/dev/nvidia") })
            #expect(!nvidia.createRequest.options.devices.isEmpty)
        }
    }

    @Test("NVIDIA without a loaded driver: no GPU, with the reason; no GPU at all: a warning")
    func noUsableGPU() async throws {
        try await withFakePVE { pve in
            try pve.storeDebianTemplate()
            let plan = try await plan("nvidia-no-driver", { $0.gpu = true }, pve: pve)
            #expect(plan.createRequest.options.devices.isEmpty)
            #expect(plan.warnings.contains { $0.contains("no GPU passed through") })
            let none = try await self.plan("no-gpu", { $0.gpu = true }, pve: pve)
            #expect(none.createRequest.options.devices.isEmpty && none.warnings.contains { $0.contains("var_gpu=yes") })
        }
    }

    @Test("USB serial adapters and a Coral TPU become devN entries")
    func serialAndCoral() async throws {
        try await withFakePVE { pve in
            try pve.storeDebianTemplate()
            let serial = try await plan("usb-serial", { $0.usbSerial = true }, pve: pve)
            #expect(serial.createRequest.options.devices.values.contains { $0.path.hasPrefix("/dev/ttyUSB") || $0.path.hasPrefix("/dev/ttyACM") })
            let coral = try await plan("coral", { $0.coral = true }, pve: pve)
            #expect(coral.createRequest.options.devices.values.contains { $0.path.hasPrefix("/dev/apex_") })
        }
    }

    @Test("USB serial passthrough without a way to read the node's devices is refused before anything is created")
    func noProbe() async throws {
        // var_gpu alone is decided by the API's PCI list (GPUWithoutNodeShellTests).
        try await withFakePVE { pve in
            try pve.storeDebianTemplate()
            var spec = staticSpec()
            spec.usbSerial = true
            await #expect {
                _ = try await pve.builder().create(spec)
            } throws: { error in
                (error as? BuildError)?.message.contains("--usb-serial") == true
            }
            #expect(try pve.writes().isEmpty)
        }
    }
}
