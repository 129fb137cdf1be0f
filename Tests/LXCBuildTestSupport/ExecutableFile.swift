public import Foundation

/// Writes the small programs tests stand in for real ones (stub commands, hooks, a never-ending shell).
///
/// `String.write(toFile:)` keeps its descriptor open without close-on-exec while it writes, so a child that another
/// test starts at that moment inherits it for its whole life; running the new program then fails with "Text file
/// busy" (ETXTBSY), which showed up under the sanitizers' load as a command the snapshot called "not installed".
/// This writer opens the file with `O_CLOEXEC`, so no child can keep it open for writing.
public enum ExecutableFile {
    /// Writes `text` to `path` (replacing a file there) with mode `mode`.
    public static func write(_ text: String, to path: String, mode: mode_t = 0o755) throws {
        if unlink(path) != 0 && errno != ENOENT { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)
        guard descriptor >= 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        defer { close(descriptor) }
        var bytes = Array(text.utf8)[...]
        while !bytes.isEmpty {
            let written = bytes.withUnsafeBytes { Foundation.write(descriptor, $0.baseAddress, $0.count) }
            if written < 0 && errno == EINTR { continue }
            guard written > 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
            bytes = bytes.dropFirst(written)
        }
        guard fchmod(descriptor, mode) == 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
    }
}
