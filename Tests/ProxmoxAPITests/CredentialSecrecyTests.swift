import Foundation
import LXCBuildTestSupport
import Testing
@testable import ProxmoxAPI

/// Credentials are used exactly as given and never shown, even when written the wrong way.
@Suite("credentials: used as given, never echoed", .serialized)
struct CredentialSecrecyTests {
    @Test("a token written the wrong way round (SECRET=USER@REALM!ID) is refused without showing the secret", arguments: [
        "aaaaaaaa-s3cr3t-cccc=root@pam!ci", "PVEAPIToken=s3cr3t=root@pam!ci", "s3cr3t", "root@pam!ci=", "s3cr3t=",
        "root@pam!c\ni=s3cr3t", "root@pam!ci=s3c r3t",
    ])
    func tokenNeverEchoed(text: String) {
        #expect {
            try APIToken(parsing: text)
        } throws: { error in
            guard let error = error as? ProxmoxError else { return false }
            return error.code == .invalidArgument && error.message.contains("PROXMOX_VE_API_TOKEN")
                && !error.description.contains("s3cr3t") && !error.description.contains("s3c r3t")
        }
    }

    @Test("a password with leading and trailing spaces logs in as it is; the trimmed one does not")
    func spacedPassword() async throws {
        try await withFakePVE { pve in
            let password = "  two words\t "
            try pve.set("password", password)
            let version = try await pve.passwordClient(password: password).version()
            #expect(!version.version.isEmpty)
            await #expect {
                _ = try await pve.passwordClient(password: "two words").version()
            } throws: { error in
                (error as? ProxmoxError)?.code == .unauthorized && !String(describing: error).contains("two words")
            }
        }
    }
}
