public import Foundation

/// Builds the layers from the environment, the `.vars` files and the command line, and resolves them.
///
/// All file access goes through ``fileSystem``; the environment is a value, so tests run without the host.
public struct ConfigLoader: Sendable {
    /// Where files are read and written.
    public let fileSystem: any ConfigFileSystem
    /// The environment (`var_*`, `HOME`, `LXC_BUILD_DEFAULTS_DIR`).
    public let environment: [String: String]
    /// The file locations derived from the environment.
    public let locations: ConfigLocations
    /// The validator every layer uses.
    public let validator: SettingValidator
    /// The options command-line assignments stand for (`"var_net=10.0.0.7/24": "--ip"`), so their values show that
    /// option as their source (``SettingSource/option(_:)``) rather than `flag`.
    public var commandLineOptions: [String: String] = [:]

    /// The folder of the host's zone database, used to check `var_timezone`.
    public static let zoneinfoDirectory = "/usr/share/zoneinfo"

    /// A loader. Time zones are checked against `/usr/share/zoneinfo` when that folder exists.
    public init(fileSystem: any ConfigFileSystem = LocalConfigFileSystem(),
                environment: [String: String] = ProcessInfo.processInfo.environment,
                currentDirectory: String = FileManager.default.currentDirectoryPath) {
        self.fileSystem = fileSystem
        self.environment = environment
        self.locations = ConfigLocations(environment: environment, currentDirectory: currentDirectory)
        self.validator = SettingValidator(timezoneExists: Self.zoneLookup(in: fileSystem))
    }

    /// A lookup of zone names in the zone database, or `nil` when the host has none.
    static func zoneLookup(in fileSystem: any ConfigFileSystem) -> (@Sendable (String) -> Bool)? {
        let zoneinfo = zoneinfoDirectory
        guard let status = try? fileSystem.status(of: zoneinfo), status.isDirectory else { return nil }
        return { zone in
            let found = try? fileSystem.status(of: zoneinfo + "/" + zone)
            return found.map { !$0.isDirectory } ?? false
        }
    }

    /// Resolves every setting for `mode` and `app`, with `--set` style `commandLine` assignments on top and the
    /// keys in `unset` explicitly unset (see ``ConfigLayer/commandLine(_:unset:appKeys:options:validator:)``).
    /// - Throws: ``ConfigError`` for invalid values (with the warnings gathered so far), unsafe or unreadable
    ///   files, unknown command-line keys, or App Defaults mode without an app file.
    public func resolve(mode: InstallMode, app: AppProfile?, commandLine: [String] = [], unset: [String] = [])
        throws(ConfigError) -> ResolvedConfiguration {
        try ResolvedConfiguration(mode: mode, app: app,
                                  layers: layers(mode: mode, app: app, commandLine: commandLine, unset: unset))
    }

    /// The layers taking part for `mode`, highest first.
    public func layers(mode: InstallMode, app: AppProfile?, commandLine: [String] = [], unset: [String] = [])
        throws(ConfigError) -> [ConfigLayer] {
        let appKeys = Set(app.map { Array($0.appKeys.keys) } ?? [])
        var layers = [try ConfigLayer.commandLine(commandLine, unset: unset, appKeys: appKeys, options: commandLineOptions,
                                                validator: validator),
                      ConfigLayer.environment(environment, appKeys: appKeys, validator: validator)]
        if mode.fileLayers.contains(.appFile) {
            if let app, let file = try appDefaultsFile(for: app) {
                layers.append(ConfigLayer(file: file, scope: .app))
            } else if mode == .appdefaults {
                let path = app.map(locations.appDefaultsFile(for:)) ?? locations.appDefaultsDirectory
                throw ConfigError(code: .missingAppDefaults,
                                  message: "App Defaults mode needs an app defaults file; \(path) does not exist")
            }
        }
        if mode.fileLayers.contains(.globalFile), let file = try globalFile(appKeys: appKeys) {
            layers.append(ConfigLayer(file: file, scope: .global))
        }
        if let app { layers.append(.app(app, validator: validator)) }
        layers.append(.builtIn(validator: validator))
        return layers
    }

    /// The first global `default.vars` that exists, parsed, or `nil` when there is none; `appKeys` are the app's
    /// own keys it may also set (``AppProfile/appKeys``).
    public func globalFile(appKeys: Set<String> = []) throws(ConfigError) -> VarsFile? {
        for path in locations.globalFileCandidates {
            if let file = try readVarsFile(at: path, scope: .global, appKeys: appKeys) { return file }
        }
        return nil
    }

    /// The app defaults file of `app`, parsed, or `nil` when it does not exist.
    public func appDefaultsFile(for app: AppProfile) throws(ConfigError) -> VarsFile? {
        try readVarsFile(at: locations.appDefaultsFile(for: app), scope: .app, appKeys: Set(app.appKeys.keys))
    }

    /// The identifiers of the apps that have a defaults file.
    public func appsWithDefaults() throws(ConfigError) -> [String] {
        let folder = locations.appDefaultsDirectory
        let names: [String]?
        do { names = try fileSystem.directoryEntries(at: folder) } catch {
            throw ConfigError(code: .unreadableFile, message: "cannot list \(folder): \(error.localizedDescription)")
        }
        return (names ?? []).filter { $0.hasSuffix(".vars") }.map { String($0.dropLast(5)) }.sorted()
    }

    /// Reads and parses a `.vars` file; when running as root, refuses a file that anyone but root may write
    /// (``FileStatus/refusalForRoot(effectiveUserID:)``), because its values feed a root process.
    func readVarsFile(at path: String, scope: VarsFileParser.Scope, appKeys: Set<String> = []) throws(ConfigError) -> VarsFile? {
        let data: Data
        do {
            guard let status = try fileSystem.status(of: path), !status.isDirectory else { return nil }
            if let why = status.refusalForRoot(effectiveUserID: fileSystem.effectiveUserID) {
                throw ConfigError(code: .unsafeFile,
                                  message: "refusing \(path): \(why), and its values would be used by root; "
                                      + "accepted: \(FileStatus.acceptedForRoot(path))")
            }
            guard let contents = try fileSystem.contents(of: path) else { return nil }
            data = contents
        } catch let error as ConfigError {
            throw error
        } catch {
            throw ConfigError(code: .unreadableFile, message: "cannot read \(path): \(error.localizedDescription)")
        }
        return VarsFileParser(validator: validator, appKeys: appKeys).parse(data, path: path, scope: scope)
    }
}
