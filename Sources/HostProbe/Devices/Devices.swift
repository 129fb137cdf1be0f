/// A USB serial adapter (`/dev/ttyUSB*`, `/dev/ttyACM*`) and its stable names.
public struct SerialDevice: Sendable, Codable, Hashable {
    /// The node, e.g. `/dev/ttyUSB0`, with its numbers.
    public var node: DeviceFile
    /// Its `/dev/serial/by-id/...` links (stable across reboots and re-plugging).
    public var byID: [String]

    /// Creates an entry.
    public init(node: DeviceFile, byID: [String] = []) {
        self.node = node
        self.byID = byID
    }

    private enum CodingKeys: String, CodingKey {
        case node
        case byID = "byId"
    }
}

/// The non-GPU devices build.func can pass through: TUN, USB serial adapters and Coral TPUs.
public struct Devices: Sendable, Codable, Hashable {
    /// `/dev/net/tun`, when it is a character device.
    public var tun: DeviceFile?
    /// USB serial adapters, in node order.
    public var usbSerial: [SerialDevice]
    /// Coral Edge TPU nodes (`/dev/apex_*`).
    public var coral: [DeviceFile]

    /// Creates a device list.
    public init(tun: DeviceFile? = nil, usbSerial: [SerialDevice] = [], coral: [DeviceFile] = []) {
        self.tun = tun
        self.usbSerial = usbSerial
        self.coral = coral
    }
}

/// Finds `/dev/net/tun`, USB serial adapters and Coral TPUs, with their major:minor numbers.
public struct DeviceProbe: Sendable {
    /// Where the nodes are read.
    public var fileSystem: any FileSystem

    /// Creates a probe reading `fileSystem`.
    public init(fileSystem: any FileSystem = LocalFileSystem()) {
        self.fileSystem = fileSystem
    }

    /// Lists the devices; a missing node is simply absent, with the reason in `unknowns`.
    public func scan() -> (devices: Devices, unknowns: [UnknownFact]) {
        var unknowns: [UnknownFact] = []
        let tun = characterDevice("/dev/net/tun")
        if tun == nil {
            unknowns.append(
                UnknownFact(fact: "tun", reason: "/dev/net/tun is not a character device (is the tun module loaded?)")
            )
        }
        let names = fileSystem.directoryEntries(at: "/dev") ?? []
        var byID: [String: [String]] = [:]
        for link in fileSystem.directoryEntries(at: "/dev/serial/by-id") ?? [] {
            let path = "/dev/serial/by-id/\(link)"
            byID[fileSystem.canonicalPath(path), default: []].append(path)
        }
        let serial = names.filter { $0.hasPrefix("ttyUSB") || $0.hasPrefix("ttyACM") }
            .sorted(by: DRMNodes.numericOrder)
            .compactMap { name in characterDevice("/dev/\(name)") }
            .map { SerialDevice(node: $0, byID: byID[$0.path] ?? []) }
        let coral = names.filter { $0.hasPrefix("apex_") }.sorted(by: DRMNodes.numericOrder)
            .compactMap { characterDevice("/dev/\($0)") }
        let coralCards = (PCIDevice.all(fileSystem: fileSystem) ?? []).filter(\.isCoralTPU)
        if coral.count < coralCards.count {
            let addresses = coralCards.map(\.address).joined(separator: ", ")
            unknowns.append(
                UnknownFact(
                    fact: "coral",
                    reason: "Coral TPU at \(addresses) on the PCI bus, but only \(coral.count) /dev/apex_* node(s): "
                        + "the gasket/apex driver may not be loaded"
                )
            )
        }
        return (Devices(tun: tun, usbSerial: serial, coral: coral), unknowns)
    }

    private func characterDevice(_ path: String) -> DeviceFile? {
        fileSystem.deviceFile(at: path).flatMap { $0.type == .character ? $0 : nil }
    }
}
