import ConfigResolution
import ContainerKitTestSupport
import Foundation
import LXCBuildTestSupport
import Testing
@testable import ContainerKit

/// Every form community-scripts' `ct/<app>.sh` files use, read statically, against what bash itself makes of
/// the same (trusted, test-written) lines; unknown forms warned; `var_arm64`; retired apps.
@Suite("Catalog script forms")
struct CatalogFormsTests {
    /// One form per case: the line as a catalog writes it, the variable, and the value lxc-build must take.
    struct Form: Sendable, CustomTestStringConvertible {
        let line: String
        let variable: String
        let expected: String
        var testDescription: String { line }
    }

    static let forms: [Form] = [
        Form(line: #"var_cpu="${var_cpu:-2}""#, variable: "var_cpu", expected: "2"),
        Form(line: #"var_ram="1024""#, variable: "var_ram", expected: "1024"),
        Form(line: "var_disk=6", variable: "var_disk", expected: "6"),
        Form(line: #"export var_os="${var_os:-debian}""#, variable: "var_os", expected: "debian"),
        Form(line: "export var_version=12", variable: "var_version", expected: "12"),
        Form(line: "var_unprivileged='1'", variable: "var_unprivileged", expected: "1"),
        Form(line: "var_nesting=1 # nesting for docker", variable: "var_nesting", expected: "1"),
        Form(line: #"var_fuse="${var_fuse:-no}"   # a comment after a quoted value"#, variable: "var_fuse", expected: "no"),
        Form(line: "var_tun=${var_tun:-yes}", variable: "var_tun", expected: "yes"),
        Form(line: #"var_runner_token="""#, variable: "var_runner_token", expected: ""),
        Form(line: #"export var_version_pin="${var_version_pin:-${NSAPP}-1.2}""#, variable: "var_version_pin", expected: "formsapp-1.2"),
        Form(line: #"var_install_variant="${APP} full""#, variable: "var_install_variant", expected: "Forms App full"),
        Form(line: #"var_channel='${NSAPP}'"#, variable: "var_channel", expected: "${NSAPP}"),
        Form(line: #"var_motto="say \"hi\" \$5""#, variable: "var_motto", expected: #"say "hi" $5"#),
        Form(line: #"var_hash=a#b"#, variable: "var_hash", expected: "a#b"),
        Form(line: #"var_mix="${var_mix:-'quoted'}""#, variable: "var_mix", expected: "'quoted'"),
        Form(line: #"var_mirror=${var_mirror:-"https://$NSAPP.example"}"#, variable: "var_mirror", expected: "https://formsapp.example"),
    ]

    static let header = #"APP="Forms App""#

    /// What bash assigns for `form`'s line (the script's `APP` and build.func's `NSAPP` set before it).
    static func bashValue(_ form: Form) throws -> String {
        let script = "\(header)\nNSAPP=$(echo \"${APP,,}\" | tr -d ' ')\n\(form.line)\nprintf '%s' \"$\(form.variable)\""
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = ["--noprofile", "--norc", "-c", script]
        process.environment = ["PATH": "/usr/bin:/bin"]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: output, as: UTF8.self)
    }

    @Test("each form reads as bash reads it", arguments: forms)
    func formMatchesBash(_ form: Form) throws {
        #expect(try Self.bashValue(form) == form.expected, "the test's own expectation is what bash does")
        let script = AppScript(reading: "\(Self.header)\n\(form.line)\n")
        let taken = ConfigKey(variableName: form.variable).map { script.defaults[$0] } ?? script.appKeys[form.variable]
        #expect(taken == form.expected)
        #expect(script.lines[form.variable] == 2)
        #expect(script.notUnderstood.isEmpty, "\(script.notUnderstood)")
    }

    /// A catalog folder in community-scripts' layout, written here: one app per form, a retired stub, an app
    /// without an install script.
    static func makeFormsCatalog() throws -> String {
        let directory = NSTemporaryDirectory() + "lxcbuild-forms-\(UUID().uuidString.prefix(8))"
        for folder in ["ct", "install"] {
            try FileManager.default.createDirectory(atPath: "\(directory)/\(folder)", withIntermediateDirectories: true)
        }
        for (index, form) in forms.enumerated() {
            let script = "#!/usr/bin/env bash\nsource <(curl -fsSL https://example.invalid/build.func)\n\(header)\n\(form.line)\nstart\n"
            try script.write(toFile: "\(directory)/ct/form\(index).sh", atomically: true, encoding: .utf8)
            try "echo install\n".write(toFile: "\(directory)/install/form\(index)-install.sh", atomically: true, encoding: .utf8)
        }
        return directory
    }

    @Test("a catalog with one app per form: each definition carries the value, its line and no warning")
    func catalogFolder() throws {
        let directory = try Self.makeFormsCatalog()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        for (index, form) in Self.forms.enumerated() {
            let app = try AppCatalog(directory: directory).definition(for: "form\(index)")
            #expect(app.name == "Forms App" && app.skipped.isEmpty && app.hasInstallScript == true)
            let profile = try app.profile()
            #expect(profile.source(of: form.variable).description == "app-script:\(directory)/ct/form\(index).sh:4")
            if ConfigKey(variableName: form.variable) == nil {
                #expect(profile.appKeys[form.variable] == form.expected)
            }
        }
    }

    @Test("tags: a trailing ';' and empty items are dropped, in the ${var:-v} and the plain form")
    func tags() throws {
        #expect(AppScript(reading: #"var_tags="${var_tags:-media;}""#).defaults[.tags] == "media")
        #expect(AppScript(reading: "var_tags=media;;arr;").defaults[.tags] == nil, "unquoted ';' ends the command")
        #expect(AppScript(reading: "var_tags='media;;arr;'").defaults[.tags] == "media;arr")
    }

    @Test("unknown forms are warned with file and line, never taken and never silent")
    func unknownForms() throws {
        let script = #"""
            APP="Odd"
            var_cpu="${var_cpu:-$(nproc)}"
            var_ram=`free -m`
            var_disk="${OTHER:-8}"
            var_os="${var_os:-$HOME}"
            var_version=12; var_tags=x
            var_gpu+=yes
            if [ -e /dev/dri ]; then
              var_gpu=yes
            fi
            var_install="${var_install:-x}"
            var_fuse="unterminated
            """#
        let app = try AppCatalog(directory: "/catalog") { $0 == "/catalog/ct/odd.sh" ? script : nil }.definition(for: "odd")
        #expect(app.declaredDefaults.isEmpty && app.appKeys.isEmpty, "\(app.declaredDefaults) \(app.appKeys)")
        let lines = app.skipped.map { $0.split(separator: ":").dropFirst().first.map(String.init) ?? "" }
        #expect(lines == ["2", "3", "4", "5", "6", "7", "9", "11", "12"], "\(app.skipped)")
        #expect(app.skipped.allSatisfy { $0.hasPrefix("/catalog/ct/odd.sh:") && $0.hasSuffix("; ignored") })
        #expect(app.skipped[0].contains("var_cpu") && app.skipped[0].contains("command substitution"))
    }

    @Test("lines inside functions run later (update_script): not read, not warned")
    func functionBodies() {
        let script = AppScript(reading: "APP=\"F\"\nfunction update_script() {\n  var_cpu=9\n  exit\n}\nhelper()\n{\n  var_ram=1\n}\nvar_disk=3\nstart\n")
        #expect(script.defaults == [.disk: "3"] && script.notUnderstood.isEmpty && script.retirementNotice == nil)
    }

    @Test("var_arm64: understood, never warned; an app that says no is refused on arm64 before any write (106)")
    func arm64() async throws {
        let script = #"APP="Amd Only"\#nvar_arm64="${var_arm64:-no}"\#nvar_os="${var_os:-debian}"\#n"#
        let app = try AppCatalog(directory: "/c") { $0 == "/c/ct/amdonly.sh" ? script : nil }.definition(for: "amdonly")
        #expect(app.supportsARM64 == false && app.skipped.isEmpty)
        #expect(AppScript(reading: "var_arm64=yes").supportsARM64 == true)
        let configuration = try ConfigLoader(environment: [:]).resolve(mode: .default, app: try app.profile(), commandLine: ["var_version=12"])
        var spec = try BuildInput(configuration: configuration, app: app, overrides: { var o = BuildOverrides(); o.runInstallScript = false; return o }()).spec()
        #expect(spec.appSupportsARM64 == false)
        #expect(throws: Never.self) { try spec.checkArchitecture() }
        spec.arch = "arm64"
        try await withFakePVE { pve in
            try pve.storeDebianTemplate()
            let error = await #expect(throws: BuildError.self) { _ = try await pve.builder().create(spec) }
            #expect(error?.exitCode == 106 && error?.message.contains("var_arm64=no") == true)
            #expect(try pve.writes().isEmpty, "nothing was written")
        }
    }

    @Test("a retired stub: refused with its own notice, escaped, exit 80; a missing install script too, unless --no-install")
    func retired() throws {
        let stub = "#!/usr/bin/env bash\nsource <(curl -fsSL https://example.invalid/build.func)\nAPP=\"Old\"\nvar_tags=\"${var_tags:-old}\"\n"
            + "header_info \"$APP\"\ncolor\nmsg_error \"${RD}Old is retired\u{1B}[2J: use New.${CL}\"\necho -e \"See the catalog.\"\nexit 1\nstart\n"
        let catalog = AppCatalog(directory: "/c") { path in
            switch path {
            case "/c/ct/old.sh": stub
            case "/c/ct/noinstall.sh": "APP=\"No Install\"\nvar_cpu=1\nstart\n"
            default: nil
            }
        }
        let error = #expect(throws: BuildError.self) { try catalog.definition(for: "old") }
        #expect(error?.exitCode == BuildExitCode.retiredApp)
        #expect(error?.message.contains("Old is retired\\u{1B}[2J: use New.\nSee the catalog.") == true, "\(error?.message ?? "")")
        #expect(error?.message.unicodeScalars.contains("\u{1B}") == false)

        let app = try catalog.definition(for: "noinstall")
        #expect(app.hasInstallScript == false)
        let configuration = try ConfigLoader(environment: [:]).resolve(mode: .default, app: try app.profile())
        let refused = #expect(throws: BuildError.self) { try BuildInput(configuration: configuration, app: app, catalogDirectory: "/c").spec() }
        #expect(refused?.exitCode == BuildExitCode.retiredApp && refused?.message.contains("install/noinstall-install.sh") == true)
        var overrides = BuildOverrides()
        overrides.runInstallScript = false
        #expect(throws: Never.self) { try BuildInput(configuration: configuration, app: app, catalogDirectory: "/c", overrides: overrides).spec() }
        #expect(BuildExitCode.table[BuildExitCode.retiredApp.rawValue] == nil, "a code build.func's table does not use")
    }
}
