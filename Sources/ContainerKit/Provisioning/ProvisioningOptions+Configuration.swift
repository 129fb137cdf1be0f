public import ConfigResolution

extension ProvisioningOptions {
    /// Provisioning as the resolved settings describe it: `var_ssh`, `var_http_proxy`, `var_http_no_proxy`,
    /// `var_apt_cacher`, `var_apt_cacher_ip`, `var_inherit_host_ca`, `var_post_install`, `var_verbose`.
    /// `ENABLE_GPU` follows the spec's ``ContainerSpec/gpu``, like the devices passed in. ``BuildInput`` is the
    /// one place a build derives these together with the spec. The logs mask the settings' secrets
    /// (`ResolvedConfiguration/secretValues`); ``BuildOverrides/connectionSecrets`` adds the connection's.
    /// - Parameters:
    ///   - configuration: The resolved settings.
    ///   - shell: The node shell; `nil` for `--node-shell none`.
    ///   - app: The app's definition; a base OS runs no install script.
    ///   - catalogDirectory: The catalog with `install/` and `misc/`.
    public init(configuration: ResolvedConfiguration, shell: (any NodeShell)?, app: AppDefinition?, catalogDirectory: String?) {
        self.init(shell: shell)
        self.catalogDirectory = catalogDirectory
        runInstallScript = !(app?.isBaseOS ?? true)
        applicationName = app?.name
        appEnvironment = configuration.appEnvironment
        redactor = Redactor(secrets: configuration.secretValues)
        verbose = configuration.isEnabled(.verbose) ?? false
        sshRoot = configuration.isEnabled(.ssh) ?? false
        httpProxy = configuration.text(.httpProxy).flatMap { $0.isEmpty ? nil : $0 }
        noProxy = configuration.text(.httpNoProxy).flatMap { $0.isEmpty ? nil : $0 }
        aptCacher = configuration.isEnabled(.aptCacher) ?? false
        aptCacherAddress = configuration.text(.aptCacherIP).flatMap { $0.isEmpty ? nil : $0 }
        inheritHostCA = configuration.isEnabled(.inheritHostCA) ?? false
        postInstallHook = configuration.text(.postInstall).flatMap { $0.isEmpty ? nil : $0 }
        postInstallHookSource = postInstallHook == nil ? nil : configuration[.postInstall].source.description
    }
}
