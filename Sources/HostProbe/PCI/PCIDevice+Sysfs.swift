/// Reading PCI devices from sysfs.
extension PCIDevice {
    /// Where the kernel lists PCI functions.
    static let sysfsFolder = "/sys/bus/pci/devices"

    /// Reads one device's `vendor`, `device` and `class` files and `driver` link from the sysfs
    /// folder `path`; `nil` when they are missing or malformed.
    static func read(sysfsFolder path: String, fileSystem: any FileSystem) -> PCIDevice? {
        guard let vendor: UInt16 = fileSystem.text(at: VirtualPath.join(path, "vendor")).flatMap(PCIAddress.parseHex),
            let device: UInt16 = fileSystem.text(at: VirtualPath.join(path, "device")).flatMap(PCIAddress.parseHex),
            let classCode: UInt32 = fileSystem.text(at: VirtualPath.join(path, "class")).flatMap(PCIAddress.parseHex)
        else { return nil }
        let driver = fileSystem.symlinkDestination(at: VirtualPath.join(path, "driver")).map(VirtualPath.lastComponent)
        let address = VirtualPath.lastComponent(fileSystem.canonicalPath(path))
        return PCIDevice(address: address, vendorID: vendor, deviceID: device, classCode: classCode, driver: driver)
    }

    /// Every PCI function under `/sys/bus/pci/devices`, or `nil` when that folder cannot be listed.
    static func all(fileSystem: any FileSystem) -> [PCIDevice]? {
        guard let names = fileSystem.directoryEntries(at: sysfsFolder) else { return nil }
        return names.compactMap { read(sysfsFolder: VirtualPath.join(sysfsFolder, $0), fileSystem: fileSystem) }
    }
}
