import ConfigResolution
import ContainerKitTestSupport
import Foundation
import Testing
@testable import ContainerKit

/// What `config show` reports for an app read from a catalog, built by ContainerKit alone.
@Suite("AppDefinition.resolve and ConfigReport(resolved:definition:): config show's settings, controls and definition")
struct ConfigShowReportTests {
    @Test("a catalog script's var_arm64 is a control with its line; its declared defaults reach the settings; origin is the script")
    func catalogApp() throws {
        let catalog = try makeCatalog(body: "echo hi")
        try "APP=\"Demo\"\nvar_os=\"${var_os:-debian}\"\nvar_cpu=\"${var_cpu:-3}\"\nvar_arm64=\"${var_arm64:-no}\"\n"
            .write(toFile: catalog + "/ct/demo.sh", atomically: true, encoding: .utf8)
        let definition = try AppCatalog(directory: catalog).definition(for: "demo")
        let control = try #require(definition.arm64Control)
        #expect(control.value == "no" && control.source == "app-script:\(catalog)/ct/demo.sh:4")

        let loader = ConfigLoader(environment: ["LXC_BUILD_DEFAULTS_DIR": try temporaryFolder()])
        let resolved = try AppDefinition.resolve(definition, mode: .default, loader: loader, commandLine: ["var_ram=1024"])
        #expect(resolved.text(.cpu) == "3" && resolved.text(.ram) == "1024")
        let report = ConfigReport(resolved: resolved, definition: definition)
        #expect(report.controls == ["var_arm64": control])
        #expect(report.definition == catalog + "/ct/demo.sh" && report.app == "demo")
        #expect(report.settings["var_cpu"]?.source.hasPrefix("app-script:") == true)
    }

    @Test("a base OS without a catalog: built-in definition, no controls; without an app: no definition")
    func builtIn() throws {
        let debian = try AppCatalog(directory: nil).definition(for: "debian")
        #expect(debian.arm64Control == nil)
        let loader = ConfigLoader(environment: ["LXC_BUILD_DEFAULTS_DIR": try temporaryFolder()])
        let report = ConfigReport(resolved: try AppDefinition.resolve(debian, mode: .default, loader: loader), definition: debian)
        #expect(report.definition == "built-in" && report.controls.isEmpty)
        let none = ConfigReport(resolved: try AppDefinition.resolve(nil, mode: .default, loader: loader), definition: nil)
        #expect(none.definition == nil && none.app == nil)
    }

    @Test("CatalogSource.definition: a folder catalog's script as create reads it; a base OS without a catalog built in; no such app 64")
    func definitionFromSource() async throws {
        let catalog = try makeCatalog(body: "echo hi")
        var fetched: [String] = []
        let demo = try await CatalogSource(catalog: catalog, environment: [:]).definition(for: "demo") { fetched.append($0.path) }
        #expect(demo.origin == catalog + "/ct/demo.sh" && fetched.isEmpty, "a folder is read in place, not fetched")
        let debian = try await CatalogSource(catalog: nil, environment: [:]).definition(for: "debian")
        #expect(debian.origin == "built-in")
        await #expect { _ = try await CatalogSource(catalog: catalog, environment: [:]).definition(for: "nosuchapp") } throws: { error in
            (error as? BuildError) != nil
        }
    }
}
