/// The DRM nodes of the host (`/dev/dri/card*`, `/dev/dri/renderD*`) grouped by the PCI device
/// they belong to, and their stable `/dev/dri/by-path` names.
struct DRMNodes: Sendable {
    /// Node names (`card1`, `renderD129`) by PCI address, in numeric order.
    var namesByAddress: [String: [String]] = [:]
    /// `/dev/dri/by-path/...` links by the node path they point to.
    var byPath: [String: [String]] = [:]

    /// Reads `/sys/class/drm/*/device` (a link to the PCI device folder) for every `cardN` and
    /// `renderDN` entry, and resolves every link in `/dev/dri/by-path`.
    static func scan(_ fileSystem: any FileSystem) -> DRMNodes {
        var nodes = DRMNodes()
        for name in (fileSystem.directoryEntries(at: "/sys/class/drm") ?? []).sorted(by: numericOrder)
        where isNodeName(name) {
            let device = fileSystem.canonicalPath("/sys/class/drm/\(name)/device")
            guard fileSystem.exists(at: VirtualPath.join(device, "vendor")) else { continue }
            nodes.namesByAddress[PCIAddress.normalized(VirtualPath.lastComponent(device)), default: []].append(name)
        }
        for link in fileSystem.directoryEntries(at: "/dev/dri/by-path") ?? [] {
            let path = "/dev/dri/by-path/\(link)"
            nodes.byPath[fileSystem.canonicalPath(path), default: []].append(path)
        }
        return nodes
    }

    /// `card0` or `renderD128`, not a connector such as `card0-HDMI-A-1` nor `version`.
    static func isNodeName(_ name: String) -> Bool {
        for prefix in ["card", "renderD"] where name.hasPrefix(prefix) {
            let number = name.dropFirst(prefix.count)
            return !number.isEmpty && number.allSatisfy(\.isNumber)
        }
        return false
    }

    /// Orders `card2` before `card10`: by the text before the number, then by the number.
    static func numericOrder(_ lhs: String, _ rhs: String) -> Bool {
        func split(_ name: String) -> (String, Int) {
            let digits = name.reversed().prefix(while: \.isNumber)
            return (String(name.dropLast(digits.count)), Int(String(digits.reversed())) ?? -1)
        }
        let (left, right) = (split(lhs), split(rhs))
        return left.0 == right.0 ? left.1 < right.1 : left.0 < right.0
    }
}
