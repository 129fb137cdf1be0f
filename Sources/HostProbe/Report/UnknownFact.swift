/// A fact the probe could not establish, and why (a missing file or command, a timeout).
public struct UnknownFact: Sendable, Codable, Hashable, CustomStringConvertible {
    /// Which fact, e.g. `gpu models` or `pveVersion`.
    public var fact: String
    /// Why it is unknown, e.g. "lspci is not installed".
    public var reason: String

    /// Creates an entry.
    public init(fact: String, reason: String) {
        self.fact = fact
        self.reason = reason
    }

    /// `pveVersion: pveversion is not installed`.
    public var description: String { "\(fact): \(reason)" }
}
