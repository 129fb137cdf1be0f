import ContainerKit

/// The notes lxc-build's create writes (``ContainerBuilder`` `notes(for:template:address:mark:)`), for a container made
/// in the fake directly.
public func lxcBuildNotes(app: String, template: String = "debian-13-standard_13.1-2_amd64.tar.zst", version: String? = nil) -> String {
    var lines = ["## \(app)", "", "- Created by lxc-build on 2026-11-30T10:00:00Z", "- Template: \(template)",
                 "- Resources: 1 core, 512 MiB memory, 8 GiB disk"]
    if let version { lines.append("- Version: \(version)") }
    lines.append("- " + CreatePlan.makeOwnershipMark())
    return lines.joined(separator: "\n")
}
