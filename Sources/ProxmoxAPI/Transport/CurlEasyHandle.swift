import CCurl
import Foundation

/// Owns one libcurl easy handle and the C memory its callbacks use.
///
/// `@unchecked Sendable`: a handle is used by one transfer at a time; between transfers it sits in
/// ``CurlTransport``'s pool, whose mutex hands it to exactly one thread.
final class CurlEasyHandle: @unchecked Sendable {
    private let api: UnsafePointer<lxcb_curl_api>
    private let handle: UnsafeMutableRawPointer
    private let errorBuffer: UnsafeMutablePointer<CChar>
    private let pinState: UnsafeMutablePointer<lxcb_pin_state>

    init(api: CurlAPI) throws(ProxmoxError) {
        guard let handle = lxcb_curl_easy_init(api.table) else {
            throw ProxmoxError(.transport, message: "libcurl could not create a handle")
        }
        self.api = api.table
        self.handle = handle
        errorBuffer = .allocate(capacity: Int(CURL_ERROR_SIZE) + 1)
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
        pinState = .allocate(capacity: 1)
        pinState.initialize(to: lxcb_pin_state())
        pinState.pointee.api = api.table
    }

    deinit {
        lxcb_curl_easy_cleanup(api, handle)
        errorBuffer.deallocate()
        pinState.deallocate()
    }

    /// Runs one request to completion on the calling thread.
    func perform(
        _ request: HTTPRequest, configuration: CurlTransport.Configuration, cancellation: CancellationFlag
    ) -> Result<HTTPResponse, ProxmoxError> {
        lxcb_curl_easy_reset(api, handle)
        errorBuffer[0] = 0
        let accumulator = ResponseAccumulator(cancellation: cancellation)
        accumulator.bodyLimit = configuration.maximumBodySize
        var headerList: UnsafeMutablePointer<curl_slist>?
        defer { lxcb_curl_slist_free_all(api, headerList) }

        var code = configure(request, configuration: configuration, accumulator: accumulator)
        for header in request.headers {
            headerList = lxcb_curl_slist_append(api, headerList, "\(header.name): \(header.value)")
        }
        // PVE answers errors by closing the connection; a 100-continue round trip only adds latency.
        headerList = lxcb_curl_slist_append(api, headerList, "Expect:")
        if code == CURLE_OK { code = lxcb_curl_setopt_slist(api, handle, CURLOPT_HTTPHEADER, headerList) }
        if code == CURLE_OK { code = applyTrust(configuration.trust) }
        if code == CURLE_OK {
            code = withExtendedLifetime(accumulator) { lxcb_curl_easy_perform(api, handle) }
        }
        if accumulator.exceededBodyLimit, let limit = accumulator.bodyLimit {
            let host = URLComponents(string: request.url)?.host ?? request.url
            return .failure(ProxmoxError(.decoding, message: "the answer from \(host) is larger than \(limit) bytes; stopped reading it"))
        }
        guard code == CURLE_OK else { return .failure(error(for: code, request: request, trust: configuration.trust)) }

        var status = 0
        _ = lxcb_curl_getinfo_long(api, handle, CURLINFO_RESPONSE_CODE, &status)
        return .success(
            HTTPResponse(
                status: status, reason: accumulator.reason, headers: accumulator.headers, body: accumulator.body))
    }

    private func configure(
        _ request: HTTPRequest, configuration: CurlTransport.Configuration, accumulator: ResponseAccumulator
    ) -> CURLcode {
        let userdata = Unmanaged.passUnretained(accumulator).toOpaque()
        var steps: [() -> CURLcode] = [
            { lxcb_curl_setopt_string(self.api, self.handle, CURLOPT_URL, request.url) },
            { lxcb_curl_setopt_long(self.api, self.handle, CURLOPT_NOSIGNAL, 1) },
            { lxcb_curl_setopt_pointer(self.api, self.handle, CURLOPT_ERRORBUFFER, self.errorBuffer) },
            {
                lxcb_curl_setopt_string(
                    self.api, self.handle, CURLOPT_PROTOCOLS_STR, configuration.allowPlainHTTPOnLoopback ? "http,https" : "https")
            },
            { lxcb_curl_setopt_long(self.api, self.handle, CURLOPT_FOLLOWLOCATION, 0) },
            { lxcb_curl_setopt_string(self.api, self.handle, CURLOPT_ACCEPT_ENCODING, "") },
            { lxcb_curl_setopt_string(self.api, self.handle, CURLOPT_USERAGENT, configuration.userAgent) },
            { lxcb_curl_setopt_long(self.api, self.handle, CURLOPT_CONNECTTIMEOUT_MS, configuration.connectTimeout.milliseconds) },
            { lxcb_curl_setopt_long(self.api, self.handle, CURLOPT_TIMEOUT_MS, configuration.requestTimeout.milliseconds) },
            { lxcb_curl_setopt_data_callback(self.api, self.handle, CURLOPT_WRITEFUNCTION, curlWriteBody) },
            { lxcb_curl_setopt_pointer(self.api, self.handle, CURLOPT_WRITEDATA, userdata) },
            { lxcb_curl_setopt_data_callback(self.api, self.handle, CURLOPT_HEADERFUNCTION, curlWriteHeader) },
            { lxcb_curl_setopt_pointer(self.api, self.handle, CURLOPT_HEADERDATA, userdata) },
            { lxcb_curl_setopt_long(self.api, self.handle, CURLOPT_NOPROGRESS, 0) },
            { lxcb_curl_setopt_xferinfo_callback(self.api, self.handle, curlProgress) },
            { lxcb_curl_setopt_pointer(self.api, self.handle, CURLOPT_XFERINFODATA, userdata) },
        ]
        switch request.method {
        case "GET":
            steps.append { lxcb_curl_setopt_long(self.api, self.handle, CURLOPT_HTTPGET, 1) }
        default:
            steps.append { lxcb_curl_setopt_string(self.api, self.handle, CURLOPT_CUSTOMREQUEST, request.method) }
        }
        if !request.isSafeToResend {
            // libcurl silently sends a request again, on a new connection, when a reused connection closes
            // before any answer byte: for a write the server may already have acted on the first copy. A fresh
            // connection is never retried that way; a lost answer then surfaces as an ambiguous error.
            steps.append { lxcb_curl_setopt_long(self.api, self.handle, CURLOPT_FRESH_CONNECT, 1) }
        }
        if let body = request.body {
            steps.append { lxcb_curl_setopt_off(self.api, self.handle, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(body.count)) }
            steps.append {
                // COPYPOSTFIELDS copies the bytes, so the body's buffer may go away after this call.
                body.isEmpty
                    ? lxcb_curl_setopt_string(self.api, self.handle, CURLOPT_COPYPOSTFIELDS, "")
                    : body.withUnsafeBytes { buffer in
                        lxcb_curl_setopt_pointer(
                            self.api, self.handle, CURLOPT_COPYPOSTFIELDS, UnsafeMutableRawPointer(mutating: buffer.baseAddress))
                    }
            }
        }
        for step in steps {
            let code = step()
            if code != CURLE_OK { return code }
        }
        return CURLE_OK
    }

    private func applyTrust(_ trust: TLSTrust) -> CURLcode {
        switch trust {
        case .system:
            return CURLE_OK
        case .caFile(let path):
            // CAINFO replaces libcurl's bundle file, but its built-in CA folder (/etc/ssl/certs on Debian) would
            // stay on beside it: any certificate a public CA signed for the host would pass. The file is the only anchor.
            let code = lxcb_curl_setopt_string(api, handle, CURLOPT_CAINFO, path)
            return code == CURLE_OK ? lxcb_curl_setopt_string(api, handle, CURLOPT_CAPATH, nil) : code
        case .fingerprint(let fingerprint):
            withUnsafeMutableBytes(of: &pinState.pointee.expected) { buffer in
                buffer.copyBytes(from: fingerprint.bytes)
            }
            pinState.pointee.seen_set = 0
            return lxcb_curl_pin_certificate_sha256(handle, pinState)
        case .insecure:
            let code = lxcb_curl_setopt_long(api, handle, CURLOPT_SSL_VERIFYPEER, 0)
            return code == CURLE_OK ? lxcb_curl_setopt_long(api, handle, CURLOPT_SSL_VERIFYHOST, 0) : code
        }
    }

    private func error(for code: CURLcode, request: HTTPRequest, trust: TLSTrust) -> ProxmoxError {
        let detail = errorBuffer[0] != 0 ? String(cString: errorBuffer) : String(cString: lxcb_curl_easy_strerror(api, code))
        let host = URLComponents(string: request.url)?.host ?? request.url
        var connected: Int = 0
        _ = lxcb_curl_getinfo_long(api, handle, CURLINFO_NUM_CONNECTS, &connected)
        var requestSize: Int = 0
        _ = lxcb_curl_getinfo_long(api, handle, CURLINFO_REQUEST_SIZE, &requestSize)
        var error: ProxmoxError
        switch code {
        case CURLE_ABORTED_BY_CALLBACK:
            error = ProxmoxError(.cancelled, message: "request to \(host) cancelled")
            error.requestMayHaveArrived = requestSize > 0
        case CURLE_OPERATION_TIMEDOUT:
            error = ProxmoxError(.timeout, message: "no answer from \(host) in time: \(detail)")
            error.requestMayHaveArrived = requestSize > 0
        case CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_CONNECT, CURLE_COULDNT_RESOLVE_PROXY:
            error = ProxmoxError(.transport, message: "cannot connect to \(host): \(detail)")
            error.requestMayHaveArrived = false
        case CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CONNECT_ERROR, CURLE_SSL_CACERT_BADFILE,
            CURLE_SSL_CERTPROBLEM, CURLE_SSL_CIPHER, CURLE_SSL_ISSUER_ERROR, CURLE_SSL_PINNEDPUBKEYNOTMATCH:
            error = tlsError(host: host, detail: detail, trust: trust)
            error.requestMayHaveArrived = false
        case CURLE_UNSUPPORTED_PROTOCOL:
            error = ProxmoxError(.invalidArgument, message: "unsupported URL scheme for \(host): \(detail)")
            error.requestMayHaveArrived = false
        default:
            if requestSize > 0 && !request.isSafeToResend {
                error = ProxmoxError(
                    .transport,
                    message: "the connection to \(host) ended after the \(request.method) was sent and before its answer: "
                        + "the answer was lost, and the request may have taken effect (\(detail))")
            } else {
                error = ProxmoxError(.transport, message: "connection to \(host) failed: \(detail)")
            }
            error.requestMayHaveArrived = requestSize > 0
        }
        error.method = request.method
        return error
    }

    private func tlsError(host: String, detail: String, trust: TLSTrust) -> ProxmoxError {
        switch trust {
        case .fingerprint(let expected):
            var message = "the TLS certificate of \(host) does not match the pinned fingerprint \(expected)"
            if pinState.pointee.seen_set != 0 {
                let seen = withUnsafeBytes(of: &pinState.pointee.seen) { Array($0) }
                message += "; the server presented \(CertificateFingerprint(bytes: seen)?.description ?? "?")"
            }
            return ProxmoxError(
                .tls, message: message + ". Nothing was sent.",
                hint: "Compare with the fingerprint under Node > System > Certificates (or `pvenode cert info`).",
                underlying: detail)
        case .caFile(let path):
            return ProxmoxError(
                .tls, message: "TLS verification of \(host) with CA file \(path) failed: \(detail)",
                hint: "Give the cluster CA (/etc/pve/pve-root-ca.pem) and connect by a name the certificate lists.")
        default:
            return ProxmoxError(
                .tls, message: "TLS verification of \(host) failed: \(detail)",
                hint: "PVE uses a self-signed cluster CA: give it with PROXMOX_VE_CA_FILE, or pin the certificate "
                    + "with PROXMOX_VE_FINGERPRINT.")
        }
    }
}

/// Collects one answer; touched only by the thread running the transfer.
private final class ResponseAccumulator {
    var body = Data()
    var reason = ""
    var headers: [String: String] = [:]
    var bodyLimit: Int?
    var exceededBodyLimit = false
    let cancellation: CancellationFlag
    init(cancellation: CancellationFlag) { self.cancellation = cancellation }

    func takeHeaderLine(_ line: String) {
        let trimmed = line.trimmingCharacters(in: .newlines)
        if trimmed.hasPrefix("HTTP/") {
            // A new status line (after 100 Continue, say) starts a new answer.
            headers = [:]
            let parts = trimmed.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: false)
            reason = parts.count > 2 ? String(parts[2]) : ""
        } else if let colon = trimmed.firstIndex(of: ":") {
            let name = trimmed[..<colon].lowercased()
            headers[name] = trimmed[trimmed.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
    }
}

private func curlWriteBody(
    _ data: UnsafeMutablePointer<CChar>?, _ size: Int, _ count: Int, _ userdata: UnsafeMutableRawPointer?
) -> Int {
    guard let data, let userdata else { return 0 }
    let accumulator = Unmanaged<ResponseAccumulator>.fromOpaque(userdata).takeUnretainedValue()
    if let limit = accumulator.bodyLimit, accumulator.body.count + size * count > limit {
        accumulator.exceededBodyLimit = true
        return 0  // libcurl ends the transfer (CURLE_WRITE_ERROR)
    }
    accumulator.body.append(UnsafeRawPointer(data).assumingMemoryBound(to: UInt8.self), count: size * count)
    return size * count
}

private func curlWriteHeader(
    _ data: UnsafeMutablePointer<CChar>?, _ size: Int, _ count: Int, _ userdata: UnsafeMutableRawPointer?
) -> Int {
    guard let data, let userdata else { return 0 }
    let accumulator = Unmanaged<ResponseAccumulator>.fromOpaque(userdata).takeUnretainedValue()
    let buffer = UnsafeRawBufferPointer(start: data, count: size * count)
    accumulator.takeHeaderLine(String(decoding: buffer, as: UTF8.self))
    return size * count
}

private func curlProgress(
    _ userdata: UnsafeMutableRawPointer?, _: curl_off_t, _: curl_off_t, _: curl_off_t, _: curl_off_t
) -> Int32 {
    guard let userdata else { return 0 }
    let accumulator = Unmanaged<ResponseAccumulator>.fromOpaque(userdata).takeUnretainedValue()
    return accumulator.cancellation.isCancelled ? 1 : 0
}

extension Duration {
    /// Whole milliseconds, at least 1 (libcurl treats 0 as "no limit").
    var milliseconds: Int {
        let (seconds, attoseconds) = components
        return max(1, Int(seconds) * 1000 + Int(attoseconds / 1_000_000_000_000_000))
    }
}
