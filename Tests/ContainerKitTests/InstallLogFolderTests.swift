import ConfigResolution
import Foundation
import Testing
@testable import ContainerKit

/// Where a failed install's combined log goes: the folder the caller names (the CLI's private log folder), not a
/// shared, predictable `/tmp` path.
@Suite("The combined log of a failed install")
struct InstallLogFolderTests {
    static func configuration() throws -> ResolvedConfiguration {
        let profile = try AppCatalog(directory: nil).definition(for: "debian").profile()
        let layers = [ConfigLayer.app(profile), ConfigLayer.builtIn()]
        return try ResolvedConfiguration(mode: .default, app: profile, layers: layers)
    }

    @Test("the overrides' log folder reaches the provisioning options; without one, the library default stays")
    func folderCarried() throws {
        var overrides = BuildOverrides()
        overrides.logDirectory = "/var/log/lxc-build"
        let configuration = try Self.configuration()
        let chosen = BuildInput(configuration: configuration, app: nil, overrides: overrides).builderOptions(shell: nil)
        #expect(chosen.provisioning?.logDirectory == "/var/log/lxc-build")
        let standard = BuildInput(configuration: configuration, app: nil).builderOptions(shell: nil)
        #expect(standard.provisioning?.logDirectory == ProvisioningOptions(shell: nil).logDirectory)
    }

    @Test("the log is written 0600 into the chosen folder; a symbolic link planted at its path is refused")
    func writtenPrivately() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("install-log-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/app-100-abcd1234.log"
        try LogFile.write(Data("log\n".utf8), to: path)
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        let planted = folder + "/planted.log"
        try FileManager.default.createSymbolicLink(atPath: planted, withDestinationPath: folder + "/elsewhere")
        #expect(throws: LogFileError.self) { try LogFile.write(Data("log\n".utf8), to: planted) }
        #expect(!FileManager.default.fileExists(atPath: folder + "/elsewhere"))
    }
}
