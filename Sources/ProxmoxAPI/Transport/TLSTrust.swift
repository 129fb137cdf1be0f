/// How the client decides to trust the server's certificate.
public enum TLSTrust: Sendable, Equatable {
    /// The system's CA bundle, with host name checking (the default).
    case system
    /// A CA file in PEM form, for example the cluster's `/etc/pve/pve-root-ca.pem`, with host name checking.
    /// It is the only trust anchor: the system's CAs are not consulted.
    case caFile(String)
    /// Only a leaf certificate whose SHA-256 equals this fingerprint (PVE's `ssl_fingerprint`).
    /// Checked during the handshake, before any credential is sent.
    case fingerprint(CertificateFingerprint)
    /// No verification at all. The client logs a warning for each new client.
    case insecure
}
