import Foundation
public import Logging

/// Calls the API over HTTPS: builds URLs and form bodies, adds credentials, and keeps a ticket
/// session alive (login, renewal before the 2 h lifetime ends, one new login after a 401).
public final class HTTPAPITransport: APITransport {
    /// Where the API is.
    public let endpoint: ProxmoxEndpoint
    private let credentials: Credentials
    private let http: any HTTPTransport
    private let session: TicketSession

    /// Makes a transport.
    /// - Parameters:
    ///   - endpoint: The node or cluster address.
    ///   - credentials: API token or user and password.
    ///   - http: Moves the bytes; ``CurlTransport`` in production.
    ///   - renewTicketAfter: Age at which a ticket is renewed (PVE tickets live 2 h).
    ///   - logger: Receives debug messages about logins; never credentials.
    public init(
        endpoint: ProxmoxEndpoint, credentials: Credentials, http: any HTTPTransport,
        renewTicketAfter: Duration = .seconds(3600), logger: Logger = Logger(label: "lxc-build.proxmox")
    ) {
        self.endpoint = endpoint
        self.credentials = credentials
        self.http = http
        self.session = TicketSession(renewAfter: renewTicketAfter, logger: logger)
    }

    public var identity: String { credentials.identity }

    /// `https://HOST:PORT` of ``endpoint``.
    public var server: String { endpoint.description }

    public func perform(_ request: APIRequest) async throws(ProxmoxError) -> APIResponse {
        switch credentials {
        case .apiToken(let token):
            let header = HTTPHeader("Authorization", token.authorizationValue, isSensitive: true)
            return try await send(request, authHeaders: [header])
        case .password:
            let ticket = try await currentTicket()
            let response = try await send(request, authHeaders: ticket.headers(for: request.method))
            guard response.status == 401 else { return response }
            // Expired or revoked ticket: a 401 is raised before the handler runs, so one new login
            // and one repeat are safe even for a POST.
            await session.invalidate(ticket)
            let fresh = try await currentTicket()
            return try await send(request, authHeaders: fresh.headers(for: request.method))
        }
    }

    private func currentTicket() async throws(ProxmoxError) -> Ticket {
        guard case .password(let username, let password, let totp) = credentials else {
            throw ProxmoxError(.invalidArgument, message: "ticket requested without a password login")
        }
        return try await session.ticket { previous throws(ProxmoxError) in
            try await self.login(username: username, password: password, totp: totp, renewing: previous)
        }
    }

    /// `POST /access/ticket`. Renewal first offers the current ticket as password (PVE's own way, which
    /// needs no second factor) and falls back to the password.
    private func login(
        username: String, password: String, totp: String?, renewing previous: Ticket?
    ) async throws(ProxmoxError) -> Ticket {
        if let previous {
            let renewal = try await send(
                APIRequest(.post, "/access/ticket", parameters: [
                    APIParameter("username", .string(username)), APIParameter("password", .secret(previous.value)),
                ]), authHeaders: [])
            if renewal.isSuccess, let ticket = try? Ticket(loginAnswer: renewal, username: username), !ticket.needsTFA {
                return ticket
            }
        }
        var parameters = [
            APIParameter("username", .string(username)), APIParameter("password", .secret(password)),
        ]
        parameters.append(APIParameter("new-format", .bool(true)))
        let response = try await send(APIRequest(.post, "/access/ticket", parameters: parameters), authHeaders: [])
        guard response.isSuccess else {
            var error = ProxmoxError.fromResponse(
                method: "POST", path: "/access/ticket", status: response.status, reason: response.reason,
                body: response.body)
            if response.status == 401 {
                error.message = "login as \(username) failed: \(error.message) (wrong user, realm or password)"
            }
            throw error
        }
        let ticket = try Ticket(loginAnswer: response, username: username)
        guard ticket.needsTFA else { return ticket }
        guard let totp, !totp.isEmpty else {
            throw ProxmoxError(
                .tfaRequired,
                message: "the account \(username) has two-factor authentication enabled and no TOTP code was given",
                method: "POST", path: "/access/ticket",
                hint: "Give the current code of your authenticator app (lxc-build --otp CODE or PROXMOX_VE_OTP), "
                    + "or use an API token.")
        }
        let second = try await send(
            APIRequest(.post, "/access/ticket", parameters: [
                APIParameter("username", .string(username)),
                APIParameter("tfa-challenge", .secret(ticket.value)),
                APIParameter("password", .secret("totp:" + totp)),
                APIParameter("new-format", .bool(true)),
            ]), authHeaders: [])
        guard second.isSuccess else {
            var error = ProxmoxError.fromResponse(
                method: "POST", path: "/access/ticket", status: second.status, reason: second.reason, body: second.body)
            error.code = .tfaRequired
            error.message = "the TOTP code for \(username) was not accepted: \(error.message)"
            throw error
        }
        return try Ticket(loginAnswer: second, username: username)
    }

    private func send(_ request: APIRequest, authHeaders: [HTTPHeader]) async throws(ProxmoxError) -> APIResponse {
        var url = endpoint.apiBase + request.path
        var body: Data?
        var headers = authHeaders
        let pairs = request.parameters.map { ($0.name, $0.value.wireText) }
        switch request.method {
        case .get, .delete:
            if !pairs.isEmpty { url += "?" + FormEncoding.encodeForm(pairs) }
        case .post, .put:
            body = Data(FormEncoding.encodeForm(pairs).utf8)
            headers.append(HTTPHeader("Content-Type", "application/x-www-form-urlencoded"))
        }
        headers.append(HTTPHeader("Accept", "application/json"))
        let response: HTTPResponse
        do {
            response = try await http.send(HTTPRequest(method: request.method.rawValue, url: url, headers: headers, body: body))
        } catch {
            var failure = error
            failure.method = request.method.rawValue
            failure.path = request.path
            throw failure
        }
        let text = String(decoding: response.body, as: UTF8.self)
        let parsed = response.body.isEmpty ? nil : try? JSONValue.parse(response.body)
        return APIResponse(status: response.status, reason: response.reason, body: parsed, rawText: parsed == nil ? text : "")
    }
}

/// A login ticket and its CSRF token.
struct Ticket: Sendable, Equatable {
    let value: String
    let csrf: String
    let needsTFA: Bool
    let obtained: ContinuousClock.Instant

    init(loginAnswer: APIResponse, username: String) throws(ProxmoxError) {
        let data = loginAnswer.body?["data"]
        guard let value = data?["ticket"]?.stringValue, !value.isEmpty else {
            throw ProxmoxError(
                .decoding, message: "the login answer for \(username) has no ticket", method: "POST",
                path: "/access/ticket")
        }
        let csrf = data?["CSRFPreventionToken"]?.stringValue ?? ""
        // The CSRF token goes into a header as it came: a server's CR or LF there would inject headers.
        guard csrf.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value < 0x7F }) else {
            throw ProxmoxError(
                .decoding, message: "the login answer for \(username) has a CSRF token with characters a header cannot carry",
                method: "POST", path: "/access/ticket")
        }
        self.value = value
        self.csrf = csrf
        self.needsTFA = data?["NeedTFA"]?.boolValue ?? false
        self.obtained = .now
    }

    /// Cookie on every call; CSRF token on every call that changes something.
    func headers(for method: APIMethod) -> [HTTPHeader] {
        // Sent as it came: PVE un-escapes the cookie but not every server does. A ticket with characters a
        // cookie value cannot carry (never seen from PVE) is percent-encoded instead.
        let cookieSafe = value.unicodeScalars.allSatisfy { $0.value > 0x20 && $0.value < 0x7F && !"\";,\\".unicodeScalars.contains($0) }
        let cookieValue = cookieSafe ? value : FormEncoding.encodeComponent(value)
        var headers = [HTTPHeader("Cookie", "PVEAuthCookie=" + cookieValue, isSensitive: true)]
        if method != .get {
            headers.append(HTTPHeader("CSRFPreventionToken", csrf, isSensitive: true))
        }
        return headers
    }
}

/// Holds the current ticket; serialises logins so concurrent calls share one.
actor TicketSession {
    private var current: Ticket?
    private var pending: Task<Ticket, any Error>?
    private let renewAfter: Duration
    private let logger: Logger

    init(renewAfter: Duration, logger: Logger) {
        self.renewAfter = renewAfter
        self.logger = logger
    }

    /// The current ticket, logging in or renewing through `login` when there is none or it is old.
    func ticket(
        login: @escaping @Sendable (Ticket?) async throws(ProxmoxError) -> Ticket
    ) async throws(ProxmoxError) -> Ticket {
        if let current, ContinuousClock.now - current.obtained < renewAfter { return current }
        if let pending { return try await Self.wait(pending) }
        let previous = current
        if previous != nil { logger.debug("renewing the PVE login ticket") }
        let task = Task<Ticket, any Error> { try await login(previous) }
        pending = task
        defer { pending = nil }
        let ticket = try await Self.wait(task)
        current = ticket
        return ticket
    }

    /// Forgets `ticket` (after a 401) unless a newer one already replaced it.
    func invalidate(_ ticket: Ticket) {
        if current == ticket { current = nil }
    }

    private static func wait(_ task: Task<Ticket, any Error>) async throws(ProxmoxError) -> Ticket {
        do {
            return try await task.value
        } catch let error as ProxmoxError {
            throw error
        } catch {
            throw ProxmoxError(.cancelled, message: "login interrupted: \(error)")
        }
    }
}
