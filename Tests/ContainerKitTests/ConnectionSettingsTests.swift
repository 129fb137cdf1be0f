import ContainerKit
import Foundation
import Testing

/// `PROXMOX_VE_*` and `--endpoint` as ``ConnectionSettings`` reads them: values kept as given where a space
/// matters, refusals that name where the value came from and never show a secret.
@Suite("connection settings")
struct ConnectionSettingsTests {
    @Test("the password keeps its surrounding spaces; names and codes lose them")
    func passwordKeptAsGiven() {
        let settings = ConnectionSettings(environment: [
            "PROXMOX_VE_USERNAME": " root@pam ", "PROXMOX_VE_PASSWORD": "  pass word\t", "PROXMOX_VE_OTP": " 123456 ",
        ])
        #expect(settings.password == "  pass word\t")
        #expect(settings.username == "root@pam" && settings.otp == "123456")
        #expect(ConnectionSettings(environment: ["PROXMOX_VE_PASSWORD": ""]).password == nil)
    }

    @Test("an endpoint with a password in it is refused with exit 64, naming its source, the password masked")
    func endpointRefusal() {
        var settings = ConnectionSettings(environment: [
            "PROXMOX_VE_ENDPOINT": "https://root:hunter2@pve.example.com:8006", "PROXMOX_VE_API_TOKEN": "root@pam!ci=aaaa-bbbb",
        ])
        #expect {
            _ = try settings.makeClient()
        } throws: { error in
            guard let error = error as? BuildError else { return false }
            return error.exitCode == 64 && error.message.hasPrefix("PROXMOX_VE_ENDPOINT 'https://********@pve.example.com:8006'")
                && !String(describing: error).contains("hunter2")
        }
        settings.override(endpointFlag: "http://pve.example.com:8006")
        #expect(settings.endpointSetting == "--endpoint")
        #expect {
            _ = try settings.makeClient()
        } throws: { error in
            guard let error = error as? BuildError else { return false }
            return error.exitCode == 64 && error.message.hasPrefix("--endpoint 'http://pve.example.com:8006'")
                && error.message.contains("clear text")
        }
        settings.override(endpointFlag: nil)
        #expect(settings.endpoint == "http://pve.example.com:8006" && settings.endpointSetting == "--endpoint")
    }
}
