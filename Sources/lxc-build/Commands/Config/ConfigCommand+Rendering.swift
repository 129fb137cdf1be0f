import ConfigResolution
import ContainerKit
import Foundation

/// The text rendering of resolved settings, secrets masked (`--json` prints ``ConfigReport``).
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
}
