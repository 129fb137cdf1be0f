import Foundation
import Synchronization

/// The host-side log of provisioning (build.func's `BUILD_LOG`): every step and every command's output,
/// with every secret its ``Redactor`` knows replaced by `********`.
final class ProvisioningLog: Sendable {
    private let lines = Mutex<[String]>([])
    /// The masking of this log, of the combined log and `.errinfo` made from it, and of the warnings it reports.
    let redactor: Redactor

    init(redactor: Redactor) {
        self.redactor = redactor
    }

    /// One line, timestamped.
    func note(_ text: String) {
        let stamp = ISO8601DateFormatter().string(from: Date())
        lines.withLock { $0.append("[\(stamp)] " + redact(text)) }
    }

    /// What a command printed.
    func record(_ what: String, _ result: CommandResult) {
        note("\(what): exit \(result.exitCode)")
        for stream in [result.output, result.errorOutput] where !stream.isEmpty {
            lines.withLock { $0.append(redact(stream.hasSuffix("\n") ? String(stream.dropLast()) : stream)) }
        }
    }

    /// The whole log.
    var text: String { lines.withLock { $0.joined(separator: "\n") } + "\n" }

    /// `text` with every known secret masked.
    func redact(_ text: String) -> String {
        redactor.redact(text)
    }
}
