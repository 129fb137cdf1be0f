import ConfigResolution
import ContainerKitTestSupport
import Foundation
import LXCBuildTestSupport
import ProxmoxAPI
import Testing
@testable import ContainerKit

/// `--gpu intel` as the command line hands it over: `var_gpu=yes` in the command-line layer plus the choice
/// `intel` as a ``BuildOverrides`` value, through ``BuildInput``, the one route from settings to a build.
@Suite("GPU choice reaches the install script, real LXC plus fakepve", .serialized, .enabled(if: LXCContainerFixture.isAvailable))
struct GPUInstallEnvironmentTests {
    @Test("--gpu intel: the Intel iGPU is passed in and the install script sees ENABLE_GPU=yes, as config show says var_gpu=yes")
    func gpuChoiceReachesInstall() async throws {
        let catalog = try makeCatalog(body: "env > /root/contract.env")
        try await withLXCContainer(bash: true) { container in
            try container.attach(#"""
                echo 'video:x:91:' >> /etc/group && echo 'render:x:105:' >> /etc/group
                mkdir -p /dev/dri && mknod /dev/dri/renderD128 c 226 128 && mknod /dev/dri/card0 c 226 0
                """#)
            try await withFakePVE { pve in
                try pve.storeDebianTemplate()
                let app = try AppCatalog(directory: catalog).definition(for: "demo")
                let loader = ConfigLoader(environment: ["LXC_BUILD_DEFAULTS_DIR": try temporaryFolder()])
                let configuration = try loader.resolve(mode: .default, app: try app.profile(), commandLine: [
                    "var_gpu=yes", "var_ctid=\(container.ctid)", "var_unprivileged=0", "var_version=12",
                    "var_net=10.20.0.5/24", "var_gateway=10.20.0.1",
                ])
                #expect(configuration[.gpu].description == "var_gpu=yes (flag)")
                var overrides = BuildOverrides()
                overrides.gpuChoice = .vendor(.intel)
                let input = BuildInput(configuration: configuration, app: app, catalogDirectory: catalog, overrides: overrides)
                let spec = try input.spec()
                #expect(spec.gpu && spec.gpuChoice == .vendor(.intel) && spec.pinned == [.ctid, .osVersion])
                var options = input.builderOptions(shell: LocalNodeShell(configLayout: .plainLXC))
                options.provisioning?.checkNetwork = false
                options.provisioning?.bootstrap = false
                options.provisioning?.logDirectory = try temporaryFolder()
                options.hostReport = DeviceTests.probe("intel-igpu")

                let result = try await pve.builder(options).create(spec)
                #expect(result.ctid == container.ctid)
                let devices = try await pve.passwordClient().node("pve1").container(container.ctid).config().options.devices
                #expect(Set(devices.values.map(\.path)) == ["/dev/dri/renderD128", "/dev/dri/card0"])
                let contract = try container.attach("cat /root/contract.env").split(separator: "\n").map(String.init)
                #expect(contract.contains("ENABLE_GPU=yes"))
                #expect(contract.contains("CTTYPE=0"))
            }
        }
    }

    @Test("var_gpu off: the GPU choice is ignored with a warning and the spec passes nothing in")
    func choiceWithoutGPUIsIgnored() throws {
        let configuration = try ConfigLoader(environment: [:]).resolve(mode: .default, app: nil)
        var overrides = BuildOverrides()
        overrides.gpuChoice = .vendor(.intel)
        let input = BuildInput(configuration: configuration, app: nil, overrides: overrides)
        #expect(try !input.spec().gpu && input.spec().gpuChoice == nil)
        #expect(input.ignoredOverrides == ["GPU choice intel is used only with var_gpu=yes (var_gpu=no (builtin)); ignored"])
    }

    @Test("a library caller's IPv6 override is checked as the command line's is: no prefix, or a gateway with one, is 64 before any request")
    func ipv6OverridesChecked() throws {
        let configuration = try ConfigLoader(environment: [:]).resolve(mode: .default, app: nil, commandLine: ["var_ipv6_method=static"])
        for (address, gateway, named) in [("fd00::5", "fd00::1", "--ipv6-address"), ("fd00::5/64", "fd00::1/64", "--ipv6-gateway"), ("10.0.0.5/24", nil, "--ipv6-address")] {
            var overrides = BuildOverrides()
            overrides.ipv6Address = address
            overrides.ipv6Gateway = gateway
            let input = BuildInput(configuration: configuration, app: nil, overrides: overrides)
            let error = #expect(throws: BuildError.self) { try input.spec() }
            #expect(error?.exitCode == 64 && error?.message.hasPrefix(named) == true, "\(error?.message ?? "")")
        }
        var good = BuildOverrides()
        good.ipv6Address = "fd00::5/64"
        good.ipv6Gateway = "fd00::1"
        #expect(try BuildInput(configuration: configuration, app: nil, overrides: good).spec().network.ipv6 == .fixed(address: "fd00::5/64", gateway: "fd00::1"))
    }
}
