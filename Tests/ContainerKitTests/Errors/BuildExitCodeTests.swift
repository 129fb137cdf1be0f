import ConfigResolution
import Foundation
import HostProbe
import ProxmoxAPI
import Testing
@testable import ContainerKit

/// The one exit-code type: named codes with build.func's numbers, a bare number in JSON, one conversion each from a
/// settings error, an API error and a host check.
@Suite("BuildExitCode: one exit-code type")
struct BuildExitCodeTests {
    struct Wrapper: Codable, Equatable {
        var exitCode: BuildExitCode
        var codes: [BuildExitCode]
    }

    @Test("encodes as the bare number and decodes from it, so the --json documents keep \"exitCode\": 64")
    func jsonIsTheNumber() throws {
        let value = Wrapper(exitCode: .usage, codes: [.updateRolledBack, .fleetPartial])
        let data = try JSONEncoder().encode(value)
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(object["exitCode"] as? Int == 64 && object["codes"] as? [Int] == [82, 85], "\(String(decoding: data, as: UTF8.self))")
        #expect(try JSONDecoder().decode(Wrapper.self, from: Data(#"{"exitCode":234,"codes":[]}"#.utf8)).exitCode == .containerNotFound)
        let error = try JSONEncoder().encode(ErrorReport(BuildError(exitCode: .noQuorum, message: "no quorum")))
        #expect((try JSONSerialization.jsonObject(with: error) as? [String: Any])?["exitCode"] as? Int == 210)
    }

    @Test("the named codes carry build.func's numbers; a literal is the same code; text is the number")
    func namesAndLiterals() {
        let pairs: [(BuildExitCode, Int32)] = [
            (.success, 0), (.general, 1), (.fileTooLarge, 63), (.usage, 64), (.serviceUnavailable, 69), (.cannotCreateOutput, 73),
            (.permissionDenied, 77), (.retiredApp, 80), (.restoreFailed, 88), (.unsupportedArchitecture, 106), (.underProvisioned, 113),
            (.storageTooLow, 114), (.functionsMissing, 115), (.commandTimedOut, 124), (.hungUp, 129), (.interrupted, 130), (.quit, 131),
            (.outputClosed, 141), (.terminated, 143), (.invalidSettings, 208), (.createFailed, 209), (.hardwareNotDetected, 236),
            (.osMismatch, 238), (.declined, 254),
        ]
        for (code, number) in pairs {
            #expect(code.rawValue == number && code == BuildExitCode(rawValue: number) && "\(code)" == String(number))
            #expect(BuildExitCode(String(number)) == code && Int(code) == Int(number))
        }
        let literal: BuildExitCode = 64
        #expect(literal == .usage && BuildError(exitCode: 64, message: "x").exitCode == BuildExitCode.usage)
        #expect(BuildExitCode("sixty-four") == nil)
        #expect([BuildExitCode.hungUp, .interrupted, .quit, .outputClosed, .terminated].allSatisfy(\.isStop) && !BuildExitCode.usage.isStop)
        #expect(BuildExitCode.underProvisioned.isUpdateGuard && BuildExitCode.storageTooLow.isUpdateGuard && !BuildExitCode.createFailed.isUpdateGuard)
    }

    @Test("explanation and category come from the one table, for build.func's codes and lxc-build's own")
    func explanations() {
        #expect(BuildExitCode.usage.explanation == "Usage error (wrong arguments)" && BuildExitCode.usage.category == "config")
        #expect(BuildExitCode.createFailed.explanation == "Proxmox: Container creation failed" && BuildExitCode.createFailed.category == "proxmox")
        #expect(BuildExitCode.fleetPartial.explanation.contains("lxc-build") && BuildExitCode.fleetPartial.category == "runtime")
        #expect(BuildExitCode.success.explanation == "Success" && BuildExitCode(rawValue: 99).explanation == "Unknown error")
        #expect(BuildError(exitCode: .noIP, message: "x").explanation == BuildExitCode.noIP.explanation)
    }

    @Test("one conversion from a settings error: 112 for the mode, 205 for only a bad container id, else 64")
    func fromConfigError() {
        let ctid = ValueRejection(variable: ConfigKey.ctid.variableName, value: "42", source: .environment, reason: "below 100", accepted: "100-999999999")
        let ram = ValueRejection(variable: "var_ram", value: "lots", source: .environment, reason: "not a number", accepted: "MiB")
        #expect(BuildError(ConfigError(code: .invalidMode, message: "mode")).exitCode == .invalidMenuOption)
        #expect(BuildError(ConfigError(code: .invalidValue, message: "ctid", rejections: [ctid])).exitCode == .invalidCTID)
        #expect(BuildError(ConfigError(code: .invalidValue, message: "both", rejections: [ctid, ram])).exitCode == .usage)
        #expect(BuildError.from(ConfigError(code: .unknownKey, message: "key")).exitCode == .usage)
        #expect(BuildError.from(CocoaError(.fileNoSuchFile)).exitCode == .general)
    }

    @Test("one conversion from an API error: the step's code, except for failures that keep their own")
    func fromAPIError() {
        let refused = ProxmoxError(.parameterVerification, message: "refused")
        let down = ProxmoxError(.transport, message: "down")
        #expect(BuildError.api(refused, during: "creating", exitCode: .createFailed).exitCode == .createFailed)
        #expect(BuildError.api(down, during: "creating", exitCode: .createFailed).exitCode == .curlConnect)
        #expect(BuildExitCode.code(for: ProxmoxError(.forbidden, message: "no")) == .permissionDenied)
        #expect(BuildError.from(down).exitCode == .curlConnect)
    }

    @Test("one conversion from HostProbe's checks: a failed check's code; passed, warned or unknown checks stop nothing")
    func fromHostChecks() {
        let root = HostCheck(name: .root, status: .failed, exitCode: 104, message: "not root")
        let bridge = HostCheck(name: .bridge, status: .failed, exitCode: 116, message: "no vmbr0")
        let unknown = HostCheck(name: .quorum, status: .unknown, exitCode: 210, message: "not asked")
        let passed = HostCheck(name: .arch, status: .passed, message: "amd64")
        #expect(BuildExitCode(root) == .notRoot && BuildExitCode(bridge) == .noDefaultBridge)
        #expect(BuildExitCode(unknown) == nil && BuildExitCode(passed) == nil)
        let report = HostReport(gpus: [], devices: Devices(), host: HostFacts(), checks: [passed, unknown, bridge, root])
        #expect(BuildExitCode(firstFailureOf: report) == .noDefaultBridge)
        let fine = HostReport(gpus: [], devices: Devices(), host: HostFacts(), checks: [passed, unknown])
        #expect(BuildExitCode(firstFailureOf: fine) == nil)
    }
}
