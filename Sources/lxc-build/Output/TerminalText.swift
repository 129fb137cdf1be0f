/// Text from anywhere (the Proxmox VE server, catalog files, the user) made safe to show on a terminal.
///
/// Every control character except newline and tab (C0, DEL and the C1 range U+0080–U+009F) and every
/// bidirectional control (U+202A–U+202E, U+2066–U+2069, U+200E, U+200F, U+061C) becomes a visible escape, so
/// nothing a server sends can move the cursor, retitle the window, clear the screen, make the terminal answer
/// back or reorder how the text around it reads (`demo\u{202e}txt.exe` shown as `demoexe.txt`). ``TerminalOutput`` applies it to every piece of text it writes; renderers
/// never call it themselves.
enum TerminalText {
    /// `text` with C0 controls (but `\n` and `\t`) and DEL written as `\x1b`, and C1 and bidirectional
    /// controls as `\u{9b}`, `\u{202e}`.
    static func escaped(_ text: String) -> String {
        replacingControls(in: text) { value, hex in value < 0x80 ? "\\x" + (hex.count == 1 ? "0" + hex : hex) : "\\u{\(hex)}" }
    }

    /// JSON text with any control character a JSON encoder left raw (DEL, C1 and the bidirectional controls are
    /// allowed raw in JSON strings; C0 never is) written as `\u00XX`, `\u202e`. Valid JSON stays valid and means the same: such characters
    /// can only stand inside strings. Newlines and tabs between tokens stay.
    static func escapedJSON(_ json: String) -> String {
        replacingControls(in: json) { _, hex in "\\u" + String(repeating: "0", count: 4 - hex.count) + hex }
    }

    /// `text` with each control character replaced by `shown(value, lowercase hex of value)`.
    private static func replacingControls(in text: String, _ shown: (UInt32, String) -> String) -> String {
        guard text.unicodeScalars.contains(where: isControl) else { return text }
        var result = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if isControl(scalar) {
                result.append(contentsOf: shown(scalar.value, String(scalar.value, radix: 16)).unicodeScalars)
            } else {
                result.append(scalar)
            }
        }
        return String(result)
    }

    /// C0 but newline and tab, DEL, C1, and the bidirectional controls: embeddings and overrides
    /// (U+202A–U+202E), isolates (U+2066–U+2069), the left-to-right, right-to-left and Arabic letter marks
    /// (U+200E, U+200F, U+061C).
    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x0A, 0x09: return false
        case 0x00...0x1F, 0x7F...0x9F: return true
        case 0x202A...0x202E, 0x2066...0x2069, 0x200E, 0x200F, 0x061C: return true
        default: return false
        }
    }
}
