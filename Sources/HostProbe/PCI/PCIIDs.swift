/// Looks up names in a `pci.ids` database, the file `lspci` itself uses; the fallback for GPU
/// model names on hosts without `lspci`.
public enum PCIIDs {
    /// Where Debian and other distributions keep the database.
    static let paths = ["/usr/share/misc/pci.ids", "/usr/share/hwdata/pci.ids"]

    /// `Vendor Device` (e.g. `Intel Corporation AlderLake-S GT1`), the vendor name alone when the
    /// device is not listed, or `nil` when the vendor is not listed either.
    ///
    /// The format: a vendor line `8086  Intel Corporation`, its devices indented by one tab,
    /// subsystems by two; the class section starts with `C `.
    public static func name(vendorID: UInt16, deviceID: UInt16, in database: String) -> String? {
        let vendorKey = PCIAddress.hex4(vendorID)
        let deviceKey = PCIAddress.hex4(deviceID)
        var vendorName: String?
        for rawLine in database.split(whereSeparator: \.isNewline) {
            let line = String(rawLine)
            if line.hasPrefix("#") || line.hasPrefix("\t\t") { continue }
            if line.hasPrefix("\t") {
                guard let vendorName else { continue }
                let entry = line.dropFirst()
                if entry.lowercased().hasPrefix(deviceKey + " ") {
                    return vendorName + " " + entry.dropFirst(4).trimmingCharacters(in: .whitespaces)
                }
                continue
            }
            if vendorName != nil || line.hasPrefix("C ") { break }
            if line.lowercased().hasPrefix(vendorKey + " ") {
                vendorName = line.dropFirst(4).trimmingCharacters(in: .whitespaces)
            }
        }
        return vendorName
    }
}
