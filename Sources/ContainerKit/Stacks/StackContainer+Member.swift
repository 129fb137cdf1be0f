public import ConfigResolution

extension StackContainer {
    /// The host name the container gets: `var_hostname` from its settings, else its name.
    public var hostname: String {
        settings.last { ConfigKey(commandLineName: $0.variable) == .hostname }?.value ?? name
    }

    /// The container as a ``StackMember``: its settings resolved with every other layer (environment, `.vars` files,
    /// the app, the built-ins) as `create` resolves them, its settings layer (``layer(file:validator:appKeys:)``) in the
    /// command line's place; its `node:` becomes ``ContainerBuilder/Options/node``.
    /// - Parameters:
    ///   - file: The stack file's path, for the settings' source.
    ///   - loader: Reads the environment and the `.vars` files.
    ///   - mode: The install mode (`.default` unless the environment says otherwise).
    ///   - app: The app's catalog entry (``AppCatalog/definitionSuggesting(for:)``), `nil` for a bare spec.
    ///   - catalogDirectory: The catalog folder the install script comes from.
    ///   - overrides: Choices that are not settings (``BuildOverrides``); their node is replaced by the container's.
    ///   - shell: The node shell provisioning runs through, `nil` for none.
    /// - Throws: ``BuildError`` (64, or the settings error's own code) naming the file, the line (of the first refused
    ///   setting the container gives, else the container's) and the container.
    public func member(file: String, loader: ConfigLoader, mode: InstallMode, app: AppDefinition?, catalogDirectory: String?,
                       overrides: BuildOverrides = BuildOverrides(), shell: (any NodeShell)? = nil) throws(BuildError) -> StackMember
    {
        let wrap = { (error: ConfigError) in
            BuildError(error, context: "stack file \(file) line \(line(of: error.rejections)), container \(name)")
        }
        let profile: AppProfile?
        do throws(ConfigError) { profile = try app?.profile() } catch { throw wrap(error) }
        let own = try layer(file: file, validator: loader.validator, appKeys: Set(profile.map { Array($0.appKeys.keys) } ?? []))
        let configuration: ResolvedConfiguration
        do throws(ConfigError) {
            let others = try loader.layers(mode: mode, app: profile).filter { $0.kind != .commandLine }
            configuration = try ResolvedConfiguration(mode: mode, app: profile, layers: [own] + others)
        } catch {
            throw wrap(error)
        }
        var chosen = overrides
        chosen.node = node
        let input = BuildInput(configuration: configuration, app: app, catalogDirectory: catalogDirectory, overrides: chosen)
        var spec = try input.spec()
        spec.startup = startup
        spec.pool = pool
        spec.firewall = firewall
        spec.ha = ha
        return StackMember(name: name, spec: spec, options: input.builderOptions(shell: shell), secrets: configuration.secretValues, dependsOn: dependsOn)
    }

    /// The line of the first of `rejections` whose setting this container gives (its own or the defaults'), else
    /// the container's own line.
    func line(of rejections: [ValueRejection]) -> Int {
        for rejection in rejections {
            let variable = rejection.variable.hasPrefix("var_") ? rejection.variable : "var_" + rejection.variable
            if let setting = settings.last(where: { ($0.variable.hasPrefix("var_") ? $0.variable : "var_" + $0.variable) == variable }) {
                return setting.line
            }
        }
        return line
    }
}
