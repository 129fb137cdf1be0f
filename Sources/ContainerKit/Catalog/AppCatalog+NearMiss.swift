import ConfigResolution
import Foundation

extension AppCatalog {
    /// A base OS name misspelt (`debain`): when no catalog was given, a name one or two edits from a base OS is
    /// taken for a typo and refused (64) before anything is fetched, naming the base OS meant. Any other name
    /// is looked up in the default catalog as before. Giving `--catalog` explicitly always looks the name up,
    /// so a catalog app whose name is close to a base OS stays reachable.
    /// - Returns: The error to stop with, or `nil` when `app` is a base OS or not close to one.
    public static func misspeltBaseOS(_ app: String) -> BuildError? {
        let id = app.lowercased()
        guard baseOSVersions[id] == nil, let meant = Spelling.nearest(to: id, among: baseOSVersions.keys.sorted()) else { return nil }
        return BuildError(
            exitCode: BuildExitCode.usage,
            message: "'\(app)' is not a base OS (\(baseOSVersions.keys.sorted().joined(separator: ", "))); did you mean \(meant)?",
            hint: "For an app of the catalog with this name, give the catalog explicitly: --catalog URL or --catalog DIR.")
    }

    /// The definition of `app` as ``definition(for:)`` gives it; when the app is neither a base OS nor in the catalog
    /// folder, the error names the nearest app of the folder or base OS ("did you mean ...?").
    public func definitionSuggesting(for app: String) throws(BuildError) -> AppDefinition {
        do {
            return try definition(for: app)
        } catch {
            var error = error
            let apps = directory.map { folder in
                ((try? FileManager.default.contentsOfDirectory(atPath: (folder as NSString).appendingPathComponent("ct"))) ?? [])
                    .filter { $0.hasSuffix(".sh") }.map { String($0.dropLast(3)) }
            } ?? []
            if error.exitCode == BuildExitCode.usage, let meant = Spelling.nearest(to: app.lowercased(), among: apps + Self.baseOSVersions.keys.sorted()) {
                error.message += "; did you mean \(meant)?"
            }
            throw error
        }
    }
}
