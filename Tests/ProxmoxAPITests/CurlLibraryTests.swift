import Testing
@testable import ProxmoxAPI

/// libcurl is opened on the first request (issue 21): what happens when it is missing or is not the libcurl we need.
@Suite("libcurl opened on first use")
struct CurlLibraryTests {
    @Test("the libcurl of this machine opens, with OpenSSL")
    func opens() throws {
        _ = try CurlLibrary.shared.get()
    }

    @Test("a missing library: the error names it and the package to install")
    func missing() {
        guard case .failure(let error) = CurlLibrary.load(soname: "libcurl-lxcbuild-absent.so.4") else {
            Issue.record("an absent library loaded")
            return
        }
        #expect(error.code == .transport)
        #expect(error.message.contains("libcurl-lxcbuild-absent.so.4"), "\(error.message)")
        #expect(error.hint?.contains("apt install libcurl4") == true)
    }

    @Test("a library that is not libcurl: the first function it lacks is named")
    func notCurl() {
        guard case .failure(let error) = CurlLibrary.load(soname: "libjansson.so.4") else {
            Issue.record("jansson passed for libcurl")
            return
        }
        #expect(error.message.contains("libjansson.so.4 has no curl_global_init"), "\(error.message)")
    }
}
