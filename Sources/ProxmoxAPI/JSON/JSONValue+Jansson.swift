import CJansson
public import Foundation

extension JSONValue {
    /// Parses a JSON text with jansson.
    ///
    /// Any JSON value is accepted at the top level. Integers beyond 64 bits, which jansson refuses
    /// in its integer mode, are read again as numbers rather than failing the whole document.
    /// - Throws: ``ProxmoxError`` with code ``ProxmoxError/Code/decoding`` naming line and column.
    public static func parse(_ data: Data) throws(ProxmoxError) -> JSONValue {
        do {
            return try decode(data, flags: lxcb_json_decode_flags())
        } catch let error where error.message.contains("too big integer") {
            return try decode(data, flags: lxcb_json_decode_flags() | Int(JSON_DECODE_INT_AS_REAL))
        }
    }

    /// Parses a JSON text given as a string.
    public static func parse(_ text: String) throws(ProxmoxError) -> JSONValue {
        try parse(Data(text.utf8))
    }

    private static func decode(_ data: Data, flags: Int) throws(ProxmoxError) -> JSONValue {
        var error = json_error_t()
        let root = data.withUnsafeBytes { buffer -> UnsafeMutablePointer<json_t>? in
            guard let base = buffer.baseAddress, buffer.count > 0 else { return json_loads("", flags, &error) }
            return json_loadb(base.assumingMemoryBound(to: CChar.self), buffer.count, flags, &error)
        }
        guard let root else {
            let text = withUnsafePointer(to: &error) { String(cString: lxcb_json_error_text($0)) }
            let line = withUnsafePointer(to: &error) { lxcb_json_error_line($0) }
            let column = withUnsafePointer(to: &error) { lxcb_json_error_column($0) }
            throw ProxmoxError(.decoding, message: "invalid JSON at line \(line), column \(column): \(text)")
        }
        defer { lxcb_json_decref(root) }
        return convert(root)
    }

    private static func convert(_ node: UnsafeMutablePointer<json_t>) -> JSONValue {
        switch lxcb_json_typeof(node) {
        case JSON_NULL: return .null
        case JSON_TRUE: return .bool(true)
        case JSON_FALSE: return .bool(false)
        case JSON_INTEGER: return .integer(Int64(json_integer_value(node)))
        case JSON_REAL: return .number(json_real_value(node))
        case JSON_STRING:
            let length = json_string_length(node)
            guard let bytes = json_string_value(node) else { return .string("") }
            let buffer = UnsafeRawBufferPointer(start: bytes, count: length)
            return .string(String(decoding: buffer, as: UTF8.self))
        case JSON_ARRAY:
            let count = json_array_size(node)
            var elements: [JSONValue] = []
            elements.reserveCapacity(count)
            for index in 0..<count {
                if let child = json_array_get(node, index) { elements.append(convert(child)) }
            }
            return .array(elements)
        case JSON_OBJECT:
            var members: [String: JSONValue] = [:]
            var iterator = json_object_iter(node)
            while let current = iterator {
                if let key = json_object_iter_key(current), let child = json_object_iter_value(current) {
                    members[String(cString: key)] = convert(child)
                }
                iterator = json_object_iter_next(node, current)
            }
            return .object(members)
        default:
            return .null
        }
    }

    /// Serialises this value with jansson: compact, object keys sorted when `sortedKeys` is set.
    public func serialized(sortedKeys: Bool = true) -> String {
        guard let node = makeNode() else { return "null" }
        defer { lxcb_json_decref(node) }
        guard let text = json_dumps(node, lxcb_json_encode_flags(sortedKeys ? 1 : 0)) else { return "null" }
        defer { free(text) }
        return String(cString: text)
    }

    /// A new jansson node owning one reference; the caller releases it.
    private func makeNode() -> UnsafeMutablePointer<json_t>? {
        switch self {
        case .null: return json_null()
        case .bool(let flag): return flag ? json_true() : json_false()
        case .integer(let value): return json_integer(json_int_t(value))
        case .number(let value): return value.isFinite ? json_real(value) : json_null()
        case .string(let text):
            let bytes = Array(text.utf8)
            return bytes.withUnsafeBufferPointer { buffer in
                buffer.baseAddress.map { base in
                    base.withMemoryRebound(to: CChar.self, capacity: buffer.count) { json_stringn_nocheck($0, buffer.count) }
                } ?? json_string("")
            }
        case .array(let elements):
            let array = json_array()
            for element in elements {
                guard let child = element.makeNode() else { continue }
                _ = lxcb_json_array_append(array, child)
                lxcb_json_decref(child)
            }
            return array
        case .object(let members):
            let object = json_object()
            for (key, member) in members {
                guard let child = member.makeNode() else { continue }
                _ = lxcb_json_object_set(object, key, child)
                lxcb_json_decref(child)
            }
            return object
        }
    }
}
