import Foundation

extension StackExport {
    /// Refuses a stack name (`export --name`) that cannot go into a stack file and its containers' markers.
    /// - Parameters:
    ///   - name: The name given; `nil` passes.
    ///   - setting: Where it came from, for the message.
    /// - Throws: ``BuildError`` (64) naming the setting, the value and what is accepted.
    public static func validateName(_ name: String?, setting: String = "--name") throws(BuildError) {
        guard let name, !StackFile.isValidName(name) else { return }
        throw BuildError(exitCode: .usage,
                         message: "\(setting) \(BuildError.quoted(name)): accepted: letters, digits, '.', '_' or '-', starting with a letter or digit")
    }

    /// Refuses to write over a file that is there unless `force`, before any container is read.
    /// - Parameters:
    ///   - path: Where the stack file goes (`export --out`).
    ///   - force: Whether an existing file is replaced (`--force`).
    /// - Throws: ``BuildError`` (64) when `path` exists and `force` is not given.
    public static func checkDestination(_ path: String, force: Bool) throws(BuildError) {
        guard !force, FileManager.default.fileExists(atPath: path) else { return }
        throw BuildError(exitCode: .usage, message: "--out \(BuildError.quoted(path)) exists", hint: "Give another file, or --force to replace it.")
    }

    /// Writes the stack file's text to `path`, replacing what is there.
    /// - Parameters:
    ///   - text: The file (``yaml(name:containers:now:)``).
    ///   - path: Where it goes.
    /// - Throws: ``BuildError`` (1) when it cannot be written.
    public static func write(_ text: String, to path: String) throws(BuildError) {
        do {
            try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw BuildError(exitCode: .general, message: "--out \(BuildError.quoted(path)) could not be written: \(error.localizedDescription)")
        }
    }
}
