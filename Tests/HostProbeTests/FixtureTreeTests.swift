import Foundation
import HostProbe
import Testing

@Suite("Fixture trees")
struct FixtureTreeTests {
    @Test("Every fixture host opens, and its sysfs links lead to folders in the tree", arguments: FixtureHost.allCases)
    func treeIsConsistent(host: FixtureHost) throws {
        let fileSystem = try RootedFileSystem(root: host.root)
        let sysfsLinks = fileSystem.declaredLinks.keys.filter {
            $0.hasPrefix("/sys/class/drm/") || $0.hasPrefix("/sys/bus/pci/devices/") || $0.hasSuffix("/device")
        }
        for link in sysfsLinks {
            #expect(fileSystem.exists(at: link), "\(link) resolves to \(fileSystem.canonicalPath(link))")
        }
    }

    @Test("The drm device link of the Intel host resolves to its PCI device folder")
    func drmLinkResolves() throws {
        let fileSystem = try RootedFileSystem(root: FixtureHost.intelIGPU.root)
        #expect(fileSystem.symlinkDestination(at: "/sys/class/drm/renderD128/device") == "../../../0000:00:02.0")
        #expect(fileSystem.canonicalPath("/sys/class/drm/renderD128/device") == "/sys/devices/pci0000:00/0000:00:02.0")
        #expect(fileSystem.trimmedText(at: "/sys/class/drm/renderD128/device/vendor") == "0x8086")
    }
}
