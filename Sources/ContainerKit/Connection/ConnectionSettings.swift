public import Foundation
public import Logging
public import ProxmoxAPI

/// Where and how to reach Proxmox VE, from flags or the environment names the Terraform provider uses.
///
/// | variable | meaning |
/// |---|---|
/// | `PROXMOX_VE_ENDPOINT` | `https://host:8006` |
/// | `PROXMOX_VE_API_TOKEN` | `USER@REALM!ID=SECRET` |
/// | `PROXMOX_VE_USERNAME`, `PROXMOX_VE_PASSWORD` | ticket login (root@pam for device passthrough) |
/// | `PROXMOX_VE_OTP` | a TOTP code for two-factor accounts |
/// | `PROXMOX_VE_INSECURE` | `true` skips certificate checks (warned) |
/// | `PROXMOX_VE_FINGERPRINT` | pin the certificate's SHA-256 (as the GUI shows it) |
/// | `PROXMOX_VE_CA_FILE` | trust this CA (the cluster's `pve-root-ca.pem`) |
///
/// With no endpoint, on a PVE node (where `pvesh` exists), calls go through `pvesh` as build.func does.
public struct ConnectionSettings: Sendable, Equatable {
    /// `https://host:8006`; `nil` uses pvesh on the node.
    public var endpoint: String?
    /// Where ``endpoint`` came from, named in messages: `PROXMOX_VE_ENDPOINT`, or `--endpoint` once
    /// ``override(endpointFlag:)`` set it.
    public var endpointSetting = "PROXMOX_VE_ENDPOINT"
    /// `USER@REALM!TOKENID=SECRET`.
    public var apiToken: String?
    /// User for a ticket login (`root@pam`).
    public var username: String?
    /// Password for a ticket login.
    public var password: String?
    /// TOTP code for an account with two-factor authentication.
    public var otp: String?
    /// Skip certificate checks (warned).
    public var insecure = false
    /// The node certificate's SHA-256 fingerprint to pin.
    public var fingerprint: String?
    /// A CA file to trust (the cluster's `pve-root-ca.pem`).
    public var caFile: String?
    /// The `pvesh` executable used when no endpoint is given.
    public var pveshPath = "/usr/bin/pvesh"

    /// Nothing set.
    public init() {}

    /// Reads the `PROXMOX_VE_*` variables. Surrounding spaces are dropped from the names and codes, but not from
    /// the endpoint (which is then refused: it may not contain any) nor from the password (a space is part of it).
    public init(environment: [String: String]) {
        func value(_ name: String, trimmed: Bool = true) -> String? {
            guard let raw = environment[name] else { return nil }
            let text = trimmed ? raw.trimmingCharacters(in: .whitespaces) : raw
            return text.isEmpty ? nil : text
        }
        endpoint = value("PROXMOX_VE_ENDPOINT", trimmed: false)
        apiToken = value("PROXMOX_VE_API_TOKEN")
        username = value("PROXMOX_VE_USERNAME")
        password = value("PROXMOX_VE_PASSWORD", trimmed: false)
        otp = value("PROXMOX_VE_OTP")
        insecure = ["1", "true", "yes", "on"].contains(value("PROXMOX_VE_INSECURE")?.lowercased() ?? "")
        fingerprint = value("PROXMOX_VE_FINGERPRINT")
        caFile = value("PROXMOX_VE_CA_FILE")
    }

    /// The settings of `environment`, with `--endpoint` (``override(endpointFlag:)``) when it was given.
    /// - Parameters:
    ///   - environment: The process environment.
    ///   - endpointFlag: The `--endpoint` value, if any.
    public init(environment: [String: String], endpointFlag: String?) {
        self.init(environment: environment)
        override(endpointFlag: endpointFlag)
    }

    /// Whether calls go through pvesh on the node this runs on (no endpoint): the machine's own files and hardware are
    /// then the node's.
    public var isOnNode: Bool { endpoint == nil }

    /// Uses `--endpoint` when it was given: the flag wins over `PROXMOX_VE_ENDPOINT`, and messages name it.
    public mutating func override(endpointFlag: String?) {
        guard let endpointFlag else { return }
        endpoint = endpointFlag
        endpointSetting = "--endpoint"
    }

    /// A description for messages: endpoint and identity, never a secret.
    public var summary: String {
        guard let endpointText = endpoint else { return "pvesh on this node (as root@pam)" }
        let endpoint = (try? ProxmoxEndpoint(parsing: endpointText))?.description ?? ProxmoxEndpoint.shown(endpointText)
        if let apiToken, let token = try? APIToken(parsing: apiToken) { return "\(endpoint) as \(token.tokenID)" }
        return "\(endpoint) as \(username ?? "?")"
    }

    /// Builds the client these settings describe.
    /// - Throws: ``BuildError`` (exit 64 for settings that do not fit together, naming them).
    public func makeClient(logger: Logger = Logger(label: "lxc-build"), fileExists: (String) -> Bool = FileManager.default.isExecutableFile(atPath:))
        throws(BuildError) -> ProxmoxClient
    {
        guard let endpointText = endpoint else {
            guard fileExists(pveshPath) else {
                throw BuildError(
                    exitCode: .usage,
                    message: "no Proxmox VE endpoint: PROXMOX_VE_ENDPOINT is not set and this machine has no \(pveshPath)",
                    hint: "On a PVE node run lxc-build as root; elsewhere set PROXMOX_VE_ENDPOINT=https://HOST:8006 and "
                        + "PROXMOX_VE_API_TOKEN (or PROXMOX_VE_USERNAME and PROXMOX_VE_PASSWORD).")
            }
            return ProxmoxClient(transport: PveshTransport(runner: ProcessPveshRunner(executable: pveshPath)), logger: logger)
        }
        do throws(ProxmoxError) {
            let endpoint = try ProxmoxEndpoint(parsing: endpointText, setting: endpointSetting)
            guard endpoint.scheme == "https" else {
                throw ProxmoxError(
                    .invalidArgument,
                    message: "\(endpointSetting) \(ProxmoxEndpoint.shown(endpointText)) is not a Proxmox VE address: "
                        + "http:// would send the credentials in clear text; \(ProxmoxEndpoint.acceptedForm)")
            }
            let credentials = try credentials()
            let trust = try trust()
            return ProxmoxClient(endpoint: endpoint, credentials: credentials, trust: trust, logger: logger)
        } catch {
            throw BuildError(exitCode: .usage, message: error.message, hint: error.hint)
        }
    }

    private func credentials() throws(ProxmoxError) -> Credentials {
        if let apiToken {
            if username != nil || password != nil {
                throw ProxmoxError(
                    .invalidArgument,
                    message: "both PROXMOX_VE_API_TOKEN and PROXMOX_VE_USERNAME/PROXMOX_VE_PASSWORD are set; give one way to log in")
            }
            return .apiToken(try APIToken(parsing: apiToken))
        }
        guard let username, let password else {
            throw ProxmoxError(
                .invalidArgument,
                message: "no credentials: set PROXMOX_VE_API_TOKEN (USER@REALM!ID=SECRET), or PROXMOX_VE_USERNAME and PROXMOX_VE_PASSWORD")
        }
        return .password(username: username, password: password, totp: otp)
    }

    private func trust() throws(ProxmoxError) -> TLSTrust {
        let chosen = [insecure ? "PROXMOX_VE_INSECURE" : nil, fingerprint.map { _ in "PROXMOX_VE_FINGERPRINT" }, caFile.map { _ in "PROXMOX_VE_CA_FILE" }]
            .compactMap { $0 }
        if chosen.count > 1 {
            throw ProxmoxError(.invalidArgument, message: "\(chosen.joined(separator: " and ")) are both set; choose one way to trust the certificate")
        }
        if let fingerprint { return .fingerprint(try CertificateFingerprint(parsing: fingerprint)) }
        if let caFile {
            guard FileManager.default.isReadableFile(atPath: caFile) else {
                throw ProxmoxError(.invalidArgument, message: "PROXMOX_VE_CA_FILE=\(caFile): no readable file there")
            }
            return .caFile(caFile)
        }
        return insecure ? .insecure : .system
    }
}
