import Foundation
import Testing
import LXCBuildTestSupport
@testable import ProxmoxAPI

@Suite("JSONValue over jansson")
struct JSONValueTests {
    @Test("nested objects and arrays parse into the same tree")
    func nesting() throws {
        let value = try JSONValue.parse(#"{"data":{"nodes":[{"node":"pve1","cpu":0.25,"tags":["a",{"deep":[null,true,false]}]}]}}"#)
        #expect(value["data"]?["nodes"]?[0]?["node"] == "pve1")
        #expect(value["data"]?["nodes"]?[0]?["cpu"]?.doubleValue == 0.25)
        #expect(value["data"]?["nodes"]?[0]?["tags"]?[1]?["deep"] == [nil, true, false])
        #expect(value["missing"] == nil)
        #expect(value["data"]?["nodes"]?[5] == nil)
    }

    @Test("unicode survives: escapes, non-Latin text, emoji and NUL inside strings")
    func unicode() throws {
        let value = try JSONValue.parse(#"{"a":"caf\u00e9","b":"Ünïcødé 日本語","c":"\ud83d\ude80","d":"x\u0000y"}"#)
        #expect(value["a"] == "café")
        #expect(value["b"] == "Ünïcødé 日本語")
        #expect(value["c"] == "🚀")
        #expect(value["d"]?.stringValue?.utf8.count == 3)
        let again = try JSONValue.parse(value.serialized())
        #expect(again == value)
    }

    @Test("64-bit integers stay exact and bigger ones become numbers instead of failing the document")
    func bigIntegers() throws {
        let value = try JSONValue.parse(#"{"max":9223372036854775807,"min":-9223372036854775808,"disk":17179869184000}"#)
        #expect(value["max"] == .integer(Int64.max))
        #expect(value["min"] == .integer(Int64.min))
        #expect(value["disk"]?.int64Value == 17_179_869_184_000)
        let huge = try JSONValue.parse(#"{"huge":123456789012345678901234567890,"small":5}"#)
        #expect(huge["huge"]?.doubleValue == 1.2345678901234568e29)
        #expect(huge["small"]?.intValue == 5)
    }

    @Test("numbers and booleans are read leniently the way PVE sends them", arguments: [
        (JSONValue.string("100"), 100), (.integer(100), 100), (.number(100.0), 100), (.string(" 42 "), 42),
    ])
    func lenientIntegers(value: JSONValue, expected: Int) {
        #expect(value.intValue == expected)
    }

    @Test("booleans accept 0/1, true/false and their string forms")
    func lenientBooleans() {
        #expect(JSONValue.integer(1).boolValue == true)
        #expect(JSONValue.integer(0).boolValue == false)
        #expect(JSONValue.string("1").boolValue == true)
        #expect(JSONValue.bool(false).boolValue == false)
        #expect(JSONValue.string("maybe").boolValue == nil)
        #expect(JSONValue.string("12abc").intValue == nil)
        #expect(JSONValue.number(1.5).intValue == nil)
    }

    @Test("invalid JSON is a decoding error that names line and column")
    func invalid() {
        #expect {
            _ = try JSONValue.parse("{\n  \"a\": [1, 2,, 3]\n}")
        } throws: { error in
            guard let error = error as? ProxmoxError else { return false }
            return error.code == .decoding && error.message.contains("line 2")
        }
    }

    @Test("serialisation sorts keys, is compact, and round-trips every kind of value")
    func serialisation() throws {
        let value: JSONValue = ["b": [1, 2.5, "x", nil, true], "a": ["nested": ["k": "v"]]]
        #expect(value.serialized() == #"{"a":{"nested":{"k":"v"}},"b":[1,2.5,"x",null,true]}"#)
        #expect(try JSONValue.parse(value.serialized()) == value)
        #expect(try JSONValue.parse("\"top-level string\"") == "top-level string")
        #expect(try JSONValue.parse("null") == .null)
    }
}
