public import Foundation

/// The one JSON encoder of every `--json` document: keys sorted, `/` left unescaped, indented as `lxc-build`
/// prints it (or on one line), with an empty list printed `[]` and an empty object `{}`.
///
/// A Swift tool that decodes a report (``CreateReport``, ``PlanReport``...) with `JSONDecoder` gets the same
/// data a script gets from `lxc-build ... --json`.
public enum ReportEncoder {
    /// The encoder: `.sortedKeys` and `.withoutEscapingSlashes`, and `.prettyPrinted` when `pretty`.
    public static func encoder(pretty: Bool = true) -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = pretty ? [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes] : [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    /// `report` as JSON text, indented unless `pretty` is false.
    /// - Throws: `EncodingError` when a value cannot be encoded (a number that is not finite).
    public static func text(_ report: some Encodable, pretty: Bool = true) throws -> String {
        collapsingEmpty(String(decoding: try encoder(pretty: pretty).encode(report), as: UTF8.self))
    }

    /// Indented JSON `text` with each empty list and object on one line (`[]`, `{}`), where Foundation's encoders
    /// spread them over three.
    public static func collapsingEmpty(_ text: String) -> String {
        // A newline inside a JSON string is written `\n`, so a raw one is the encoder's own layout.
        text.replacing(#/\[\n\n *\]/#, with: "[]").replacing(#/\{\n\n *\}/#, with: "{}")
    }
}
