import ConfigResolution
import ContainerKit
import Foundation

/// Text and JSON renderings of resolved settings; secrets are always masked.
enum ConfigRendering {
    /// A table of key, value and source, optionally with explanations.
    static func table(_ resolved: ResolvedConfiguration, explain: Bool) -> String {
        var lines = ["app: \(resolved.app?.identifier ?? "(none)")   mode: \(resolved.mode)", ""]
        let keyWidth = ConfigKey.allCases.map(\.variableName.count).max() ?? 0
        let valueWidth = min(40, resolved.settings.map(\.displayValue.count).max() ?? 0)
        lines.append(pad("KEY", keyWidth) + "  " + pad("VALUE", valueWidth) + "  SOURCE")
        for setting in resolved.settings {
            let value = setting.value == nil ? "(unset)" : setting.displayValue
            lines.append(pad(setting.key.variableName, keyWidth) + "  " + pad(value, valueWidth) + "  "
                         + setting.source.description + (setting.isCleared ? " (--unset)" : ""))
            guard explain else { continue }
            lines.append("    \(setting.key.summary); accepted: \(setting.key.acceptedValues)")
            for shadowed in setting.overridden {
                let text = setting.key.displayText(shadowed.value.canonicalText)
                lines.append("    overrides \(text) (\(shadowed.source))")
            }
        }
        if !resolved.appSettings.isEmpty {
            lines += ["", "The app's own keys (for its install script only):"]
            let ownWidth = max(keyWidth, resolved.appSettings.map(\.variable.count).max() ?? 0)
            for setting in resolved.appSettings {
                let value = setting.value == nil ? "(unset)" : setting.displayValue
                lines.append(pad(setting.variable, ownWidth) + "  " + pad(value, valueWidth) + "  " + setting.source.description)
                guard explain else { continue }
                lines.append("    accepted: \(ConfigKey.appSpecificAcceptedValues)")
                for shadowed in setting.overridden {
                    let text = ConfigKey.displayText(shadowed.value.canonicalText, forVariable: setting.variable)
                    lines.append("    overrides \(text) (\(shadowed.source))")
                }
            }
        }
        return lines.joined(separator: "\n")
    }

    private static func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
    }

    /// `{"app": ..., "mode": ..., "settings": {"var_cpu": {"value": "2", "source": "env"}, ...},
    /// "appKeys": {"var_runner_token": {"value": "********", "source": "flag"}}, "warnings": [...]}`; an unset
    /// value is `null`, with `"unset": true` when explicitly unset (`--unset`). `scriptWarnings` (lines of the
    /// app's script not taken) come first among the warnings.
    static func json(_ resolved: ResolvedConfiguration, scriptWarnings: [String] = []) throws -> String {
        var settings: [String: Any] = [:]
        for setting in resolved.settings {
            var entry: [String: Any] = [
                "value": setting.value == nil ? NSNull() : setting.displayValue as Any,
                "source": setting.source.description,
            ]
            if setting.isCleared { entry["unset"] = true }
            settings[setting.key.variableName] = entry
        }
        var appKeys: [String: Any] = [:]
        for setting in resolved.appSettings {
            appKeys[setting.variable] = ["value": setting.value == nil ? NSNull() : setting.displayValue as Any,
                                         "source": setting.source.description]
        }
        return try serialize([
            "app": resolved.app?.identifier ?? NSNull(), "mode": resolved.mode.rawValue, "settings": settings,
            "appKeys": appKeys, "warnings": scriptWarnings + resolved.warnings.map(\.message),
        ])
    }

    /// The JSON printed when resolution fails: the warnings, and the errors instead of settings.
    static func json(error: ConfigError, app: String?, mode: String?) throws -> String {
        try serialize([
            "app": app ?? NSNull(), "mode": mode ?? NSNull(), "warnings": error.warnings.map(\.message),
            "errors": error.rejections.isEmpty ? [error.message] : error.rejections.map(\.description),
            "status": "failed", "error": ResultRendering.errorObject(BuildError.fromCommandLine(error)),
        ])
    }

    private static func serialize(_ object: [String: Any]) throws -> String {
        let data = try JSONSerialization.data(withJSONObject: object,
                                              options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        return String(decoding: data, as: UTF8.self)
    }
}
