public import ConfigResolution

/// The one masking rule of every log lxc-build writes (the build log, the provisioning log, a failed install's
/// combined log and `.errinfo`, a failed update's log): each known secret, wherever it stands, becomes ``mask``.
///
/// It is made from the resolved settings' secrets (`ResolvedConfiguration/secretValues`: `var_pw`, the other
/// secret settings, the app's keys whose names look secret such as `var_forgejo_runner_token`) and the
/// connection's (``ConnectionSettings/secrets``: password, TOTP code, the token's secret). Values shorter than
/// ``shortest`` characters are not masked: masking `1` or `ab` everywhere would garble the log and hide nothing.
/// The longest secret is masked first, so one that holds another is masked whole. Search and replace work on
/// UTF-8 bytes (a log may hold 64 MiB of a stream).
public struct Redactor: Sendable, Equatable {
    /// What a secret becomes.
    public static let mask = "********"
    /// The shortest value that is masked.
    public static let shortest = 3

    /// The values masked, longest first, each once.
    public let secrets: [String]

    /// A redactor masking `secrets` (none: it changes nothing).
    public init(secrets: [String] = []) {
        var seen = Set<String>()
        self.secrets = secrets.filter { $0.count >= Self.shortest && seen.insert($0).inserted }
            .sorted { $0.utf8.count != $1.utf8.count ? $0.utf8.count > $1.utf8.count : $0 < $1 }
    }

    /// A redactor for a build: the resolved settings' secrets and the connection's.
    public init(configuration: ResolvedConfiguration, connection: ConnectionSettings) {
        self.init(secrets: configuration.secretValues + connection.secrets)
    }

    /// The secrets the environment holds: the connection's (``ConnectionSettings/secrets``), every setting
    /// `ConfigKey/isSecret` names and the app-specific keys whose names look secret (`var_forgejo_runner_token`…).
    /// For a command that resolves no settings (`update`), or before they are resolved.
    public init(environment: [String: String]) {
        var values = ConnectionSettings(environment: environment).secrets
        values += ConfigKey.allCases.filter(\.isSecret).compactMap { environment[$0.variableName] }
        values += environment.filter { ConfigKey.isAppSpecificName($0.key) && ConfigKey.looksSecret($0.key) }.map(\.value)
        self.init(secrets: values)
    }

    /// What a build's log masks before its settings are resolved: the environment's secrets (``init(environment:)``)
    /// and those the `--set` assignments give (`ConfigKey.secretValues(in:)`).
    /// - Parameters:
    ///   - environment: The process environment.
    ///   - commandLineSettings: The `--set` assignments as given.
    public init(environment: [String: String], commandLineSettings: [String]) {
        self = Redactor(environment: environment).adding(ConfigKey.secretValues(in: commandLineSettings))
    }

    /// This redactor masking `more` too.
    public func adding(_ more: [String]) -> Redactor {
        Redactor(secrets: secrets + more)
    }

    /// `text` with every secret replaced by ``mask``.
    public func redact(_ text: String) -> String {
        ByteSearch.replacing(secrets, with: Self.mask, in: text)
    }
}
