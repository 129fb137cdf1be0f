import Foundation
import HostProbe
import Testing

/// The fixture host trees in `Fixtures/hosts/<name>` (see `Fixtures/README.md`).
enum FixtureHost: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case noGPU = "no-gpu"
    case intelIGPU = "intel-igpu"
    case amdDGPU = "amd-dgpu"
    case nvidiaLoaded = "nvidia-loaded"
    case nvidiaNoDriver = "nvidia-no-driver"
    case intelNVIDIA = "intel-nvidia"
    case renumbered
    case coral
    case usbSerial = "usb-serial"
    case pve74 = "pve-7.4"
    case notPVE = "not-pve"

    var testDescription: String { rawValue }

    /// The folder that stands for the host's `/`.
    var root: URL {
        get throws {
            let fixtures = try #require(Bundle.module.resourceURL).appendingPathComponent("Fixtures")
            return fixtures.appendingPathComponent("hosts").appendingPathComponent(rawValue)
        }
    }

    /// A context over the tree whose commands come from its recordings through a
    /// ``ScriptedCommandRunner``, so a command the fixture does not record fails the test.
    /// `overriding` replaces or adds replies to the fixture's recordings.
    func context(overriding: [[String]: RecordedCommandRunner.Reply] = [:]) throws -> (ProbeContext, ScriptedCommandRunner) {
        let root = try root
        let script = RecordedCommandRunner(root: root).recordings.merging(overriding) { _, new in new }
        let runner = ScriptedCommandRunner(script)
        let context = ProbeContext(
            fileSystem: try RootedFileSystem(root: root), runner: runner, environment: [:], commandTimeout: .seconds(5)
        )
        return (context, runner)
    }
}
