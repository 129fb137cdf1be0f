/// Reading models out of answers: each model keeps the whole object as `raw` so fields this
/// version does not model remain reachable.
extension JSONValue {
    /// The array of an answer's `data`, or a decoding error naming what was expected.
    func requireArray(_ what: String) throws(ProxmoxError) -> [JSONValue] {
        guard let elements = arrayValue else {
            throw ProxmoxError(.decoding, message: "expected a list of \(what), got \(serialized().prefix(200))")
        }
        return elements
    }

    /// This value if it is an object, or a decoding error naming what was expected.
    func requireObject(_ what: String) throws(ProxmoxError) -> JSONValue {
        guard case .object = self else {
            throw ProxmoxError(.decoding, message: "expected \(what) as an object, got \(serialized().prefix(200))")
        }
        return self
    }

    /// A required string member.
    func requireString(_ key: String, in what: String) throws(ProxmoxError) -> String {
        guard let value = self[key]?.stringValue else {
            throw ProxmoxError(.decoding, message: "\(what) has no '\(key)': \(serialized().prefix(200))")
        }
        return value
    }

    /// A `;`/`,`/space separated list member (tags, content types).
    func list(_ key: String) -> [String] {
        (self[key]?.stringValue ?? "").split(whereSeparator: { $0 == ";" || $0 == "," || $0 == " " }).map(String.init)
    }
}
