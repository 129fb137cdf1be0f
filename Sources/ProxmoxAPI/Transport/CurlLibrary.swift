import CCurl

/// libcurl's function table (``lxcb_curl_api``), valid for the life of the process.
///
/// `@unchecked Sendable`: the table is written once, before it is shared, and only read afterwards.
struct CurlAPI: @unchecked Sendable {
    /// The functions `lxcb_curl_load` resolved.
    let table: UnsafePointer<lxcb_curl_api>
}

/// libcurl, opened with `dlopen` on the first request rather than by the dynamic loader at start.
///
/// libcurl brings some 35 libraries (OpenSSL, GnuTLS, Kerberos, LDAP, SSH, ...) whose loading and start-up cost
/// more than the whole of a command that sends no request; `lxc-build --version`, `plan` without a host and
/// `config show` no longer pay it. The binary names neither libcurl nor OpenSSL among its ELF dependencies, so the
/// .deb names them by hand (`scripts/build-deb.sh`).
enum CurlLibrary {
    /// The soname of libcurl built with OpenSSL (Debian's `libcurl4`, `libcurl4t64` on Debian 13).
    static let soname = "libcurl.so.4"

    /// libcurl, opened and initialised (`curl_global_init`) once, on first use; or why it cannot be used.
    static let shared: Result<CurlAPI, ProxmoxError> = load(soname: soname)

    /// Opens `soname`, resolves the functions lxc-build calls and initialises libcurl.
    /// - Returns: The table, or a ``ProxmoxError/Code/transport`` error naming the library, what is wrong and the fix.
    static func load(soname: String) -> Result<CurlAPI, ProxmoxError> {
        let table = UnsafeMutablePointer<lxcb_curl_api>.allocate(capacity: 1)
        table.initialize(to: lxcb_curl_api())
        var reason = [CChar](repeating: 0, count: 512)
        guard lxcb_curl_load(table, soname, &reason, reason.count) == 0 else {
            table.deallocate()
            let text = String(decoding: reason.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            return .failure(
                ProxmoxError(
                    .transport, message: "cannot use libcurl to reach Proxmox VE: \(text)",
                    hint: "Install libcurl built with OpenSSL: apt install libcurl4 (libcurl4t64 on Debian 13)."))
        }
        guard lxcb_curl_global_init(table, Int(CURL_GLOBAL_ALL)) == CURLE_OK else {
            table.deallocate()
            return .failure(ProxmoxError(.transport, message: "libcurl (\(soname)) could not initialise itself (curl_global_init)"))
        }
        return .success(CurlAPI(table: UnsafePointer(table)))
    }
}
