/// The NVIDIA driver's character devices and facts, read from `/dev` and `/proc/driver/nvidia`.
struct NVIDIANodes: Sendable {
    /// `/dev/nvidiaN` by N: one per GPU.
    var numbered: [Int: DeviceFile] = [:]
    /// The nodes every NVIDIA GPU needs: `nvidiactl`, `nvidia-uvm`, `nvidia-uvm-tools`,
    /// `nvidia-modeset`, and `/dev/nvidia-caps/*`.
    var shared: [DeviceFile] = []
    /// The driver version, when `/proc/driver/nvidia/version` is readable.
    var driverVersion: String?

    /// Scans `/dev` for character devices named `nvidia*` and `/dev/nvidia-caps`.
    static func scan(_ fileSystem: any FileSystem) -> NVIDIANodes {
        var nodes = NVIDIANodes()
        for name in fileSystem.directoryEntries(at: "/dev") ?? [] where name.hasPrefix("nvidia") {
            guard let file = characterDevice("/dev/\(name)", fileSystem) else { continue }
            if let index = Int(name.dropFirst("nvidia".count)) {
                nodes.numbered[index] = file
            } else {
                nodes.shared.append(file)
            }
        }
        for name in fileSystem.directoryEntries(at: "/dev/nvidia-caps") ?? [] {
            if let file = characterDevice("/dev/nvidia-caps/\(name)", fileSystem) { nodes.shared.append(file) }
        }
        nodes.shared.sort { $0.path < $1.path }
        nodes.driverVersion = fileSystem.text(at: "/proc/driver/nvidia/version").flatMap(parseVersion)
        return nodes
    }

    private static func characterDevice(_ path: String, _ fileSystem: any FileSystem) -> DeviceFile? {
        fileSystem.deviceFile(at: path).flatMap { $0.type == .character ? $0 : nil }
    }

    /// The `/dev/nvidiaN` minor of the GPU at `address`, from
    /// `/proc/driver/nvidia/gpus/<address>/information`.
    static func deviceMinor(of address: String, _ fileSystem: any FileSystem) -> Int? {
        fileSystem.text(at: "/proc/driver/nvidia/gpus/\(address)/information").flatMap(parseDeviceMinor)
    }

    /// The driver version in `/proc/driver/nvidia/version` (`NVRM version: NVIDIA UNIX x86_64
    /// Kernel Module  550.54.14  ...`), matched like build.func: `\d{3,}\.\d+(\.\d+)?`.
    static func parseVersion(_ text: String) -> String? {
        text.firstMatch(of: #/\d{3,}\.\d+(?:\.\d+)?/#).map { String($0.output) }
    }

    /// The number on the `Device Minor:` line of a GPU's `information` file.
    static func parseDeviceMinor(_ text: String) -> Int? {
        for line in text.split(whereSeparator: \.isNewline) where line.hasPrefix("Device Minor:") {
            return Int(line.dropFirst("Device Minor:".count).trimmingCharacters(in: .whitespaces))
        }
        return nil
    }
}
