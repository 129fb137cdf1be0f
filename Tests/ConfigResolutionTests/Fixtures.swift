@testable import ConfigResolution

/// A base folder, file system and loader set up like a host with build.func's files.
struct Host {
    static let base = "/srv/cs"
    static let globalPath = base + "/default.vars"
    static let appPath = base + "/defaults/demo.vars"

    let fileSystem: InMemoryFileSystem
    var environment: [String: String]

    init(global: String? = nil, appFile: String? = nil, environment: [String: String] = [:],
         userID: UInt32 = 0) {
        fileSystem = InMemoryFileSystem(userID: userID)
        if let global { fileSystem.add(Self.globalPath, global) }
        if let appFile { fileSystem.add(Self.appPath, appFile) }
        self.environment = environment.merging([ConfigLocations.baseDirectoryVariable: Self.base]) { $1 }
    }

    var loader: ConfigLoader {
        ConfigLoader(fileSystem: fileSystem, environment: environment, currentDirectory: "/nowhere")
    }

    static func app(_ declared: [ConfigKey: String] = [:]) throws -> AppProfile {
        try AppProfile(name: "Demo", declaredDefaults: declared)
    }
}
