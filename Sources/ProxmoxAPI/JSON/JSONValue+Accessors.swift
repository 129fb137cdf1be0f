import Foundation

/// Lenient readers. Proxmox VE sends some numbers as strings (`/cluster/nextid` answers `"100"`,
/// older pve-container sends `vmid` as a string) and booleans as `0`/`1`, so every accessor
/// accepts the spellings PVE is known to use and answers `nil` for anything else.
extension JSONValue {
    /// The member `key` of an object, or `nil` (also when this is not an object).
    public subscript(key: String) -> JSONValue? {
        if case .object(let members) = self { return members[key] }
        return nil
    }

    /// The element at `index` of an array, or `nil`.
    public subscript(index: Int) -> JSONValue? {
        if case .array(let elements) = self, elements.indices.contains(index) { return elements[index] }
        return nil
    }

    /// A string, or the text of a number (PVE mixes both for the same field).
    public var stringValue: String? {
        switch self {
        case .string(let text): return text
        case .integer(let value): return String(value)
        case .number(let value): return value.rounded() == value && abs(value) < 1e15 ? String(Int64(value)) : String(value)
        default: return nil
        }
    }

    /// An integer from an integer, an integral number, or a string of digits.
    public var int64Value: Int64? {
        switch self {
        case .integer(let value): return value
        case .number(let value):
            guard value.rounded() == value, value >= -9.2e18, value <= 9.2e18 else { return nil }
            return Int64(value)
        case .string(let text):
            let trimmed = text.trimmingCharacters(in: .whitespaces)
            if let value = Int64(trimmed) { return value }
            if let value = Double(trimmed) { return JSONValue.number(value).int64Value }
            return nil
        case .bool(let flag): return flag ? 1 : 0
        default: return nil
        }
    }

    /// ``int64Value`` when it is not negative: a byte count, a size, a time stamp. A hostile or broken server's
    /// negative amount is treated as unknown instead of entering arithmetic.
    public var countValue: Int64? { int64Value.flatMap { $0 >= 0 ? $0 : nil } }

    /// ``int64Value`` as `Int`.
    public var intValue: Int? { int64Value.flatMap { Int(exactly: $0) } }

    /// A floating-point number from a number or a numeric string.
    public var doubleValue: Double? {
        switch self {
        case .integer(let value): return Double(value)
        case .number(let value): return value
        case .string(let text): return Double(text.trimmingCharacters(in: .whitespaces))
        default: return nil
        }
    }

    /// A boolean from `true`/`false`, `0`/`1` or the strings `"0"`/`"1"`/`"true"`/`"false"`.
    public var boolValue: Bool? {
        switch self {
        case .bool(let flag): return flag
        case .integer(let value): return value != 0
        case .number(let value): return value != 0
        case .string(let text):
            switch text.lowercased() {
            case "1", "true", "yes", "on": return true
            case "0", "false", "no", "off": return false
            default: return nil
            }
        default: return nil
        }
    }

    /// The elements of an array, or `nil`.
    public var arrayValue: [JSONValue]? {
        if case .array(let elements) = self { return elements }
        return nil
    }

    /// The members of an object, or `nil`.
    public var objectValue: [String: JSONValue]? {
        if case .object(let members) = self { return members }
        return nil
    }
}
