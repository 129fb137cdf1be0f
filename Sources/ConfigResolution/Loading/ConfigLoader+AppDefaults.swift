public import Foundation

/// What saving app defaults did.
public struct AppDefaultsSaveResult: Sendable, Hashable {
    /// The file's path.
    public let path: String
    /// The differences found before writing.
    public let diff: AppDefaultsDiff
    /// Whether the file was written (it is not when nothing changed).
    public let didWrite: Bool
    /// The file's permissions: 0600 with a secret, 0644 otherwise.
    public let permissions: UInt16
}

extension ConfigLoader {
    /// The differences between the app's defaults file and `configuration`'s settings.
    /// - Throws: ``ConfigError`` when `configuration` has no app or the file is unsafe or unreadable.
    public func appDefaultsDiff(for configuration: ResolvedConfiguration) throws(ConfigError) -> AppDefaultsDiff {
        let app = try Self.requireApp(configuration)
        return AppDefaultsDiff(app: app, path: locations.appDefaultsFile(for: app), old: try appDefaultsFile(for: app),
                               new: AppDefaultsWriter.entries(of: configuration))
    }

    /// Writes `configuration` as the app's defaults file, atomically, unless nothing changed.
    /// - Throws: ``ConfigError`` when `configuration` has no app, the old file is unsafe or unreadable, or the
    ///   write fails.
    public func saveAppDefaults(_ configuration: ResolvedConfiguration,
                                generatedAt date: Date = Date()) throws(ConfigError) -> AppDefaultsSaveResult {
        let app = try Self.requireApp(configuration)
        let entries = AppDefaultsWriter.entries(of: configuration)
        let path = locations.appDefaultsFile(for: app)
        let diff = AppDefaultsDiff(app: app, path: path, old: try appDefaultsFile(for: app), new: entries)
        let permissions = AppDefaultsWriter.permissions(for: entries)
        guard diff.hasDifferences else {
            return AppDefaultsSaveResult(path: path, diff: diff, didWrite: false, permissions: permissions)
        }
        let text = AppDefaultsWriter.render(entries, app: app, generatedAt: date)
        do {
            try fileSystem.writeAtomically(Data(text.utf8), to: path, permissions: permissions)
        } catch {
            throw ConfigError(code: .writeFailed, message: "cannot write \(path): \(error.localizedDescription)")
        }
        return AppDefaultsSaveResult(path: path, diff: diff, didWrite: true, permissions: permissions)
    }

    private static func requireApp(_ configuration: ResolvedConfiguration) throws(ConfigError) -> AppProfile {
        guard let app = configuration.app else {
            throw ConfigError(code: .invalidApp, message: "app defaults need an app; this configuration has none")
        }
        return app
    }
}
