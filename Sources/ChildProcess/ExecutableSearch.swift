import Foundation

/// Finds the program a command names, as a shell would: a name with a `/` is itself, anything else is
/// looked up folder by folder.
public enum ExecutableSearch {
    /// The path of `program`: itself when it contains a `/` (and is executable), else the first executable
    /// `FOLDER/program` among `folders`; `nil` when there is none.
    public static func locate(_ program: String, in folders: [String]) -> String? {
        let manager = FileManager.default
        if program.contains("/") { return manager.isExecutableFile(atPath: program) ? program : nil }
        guard !program.isEmpty else { return nil }
        for folder in folders where !folder.isEmpty {
            let candidate = folder.hasSuffix("/") ? folder + program : folder + "/" + program
            if manager.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    /// The folders of a `PATH` value, in order (`nil` or empty: none).
    public static func folders(ofSearchPath searchPath: String?) -> [String] {
        (searchPath ?? "").split(separator: ":").map(String.init)
    }
}
