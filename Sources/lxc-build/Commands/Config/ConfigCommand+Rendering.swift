import ConfigResolution
import ContainerKit
import Foundation

/// The text rendering of resolved settings, secrets masked (`--json` prints ``ConfigReport``).
enum ConfigRendering {
    /// A table of key, value and source, optionally with explanations.
    static func table(_ resolved: ResolvedConfiguration, explain: Bool) -> String {
        var lines = ["app: \(resolved.app?.identifier ?? "(none)")   mode: \(resolved.mode)", ""]
        // One set of columns for both tables: the app's keys line up under the settings.
        let shownValues = resolved.settings.map(shown) + resolved.appSettings.map { $0.value == nil ? "(unset)" : $0.displayValue }
        let keyWidth = (ConfigKey.allCases.map(\.variableName) + resolved.appSettings.map(\.variable)).map(\.count).max() ?? 0
        let valueWidth = min(40, (shownValues + ["VALUE"]).map(\.count).max() ?? 0)
        lines.append(pad("KEY", keyWidth) + "  " + pad("VALUE", valueWidth) + "  SOURCE")
        for setting in resolved.settings {
            lines.append(pad(setting.key.variableName, keyWidth) + "  " + pad(shown(setting), valueWidth) + "  "
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
            for setting in resolved.appSettings {
                let value = setting.value == nil ? "(unset)" : setting.displayValue
                lines.append(pad(setting.variable, keyWidth) + "  " + pad(value, valueWidth) + "  " + setting.source.description)
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

    /// A setting's value as the table shows it.
    private static func shown(_ setting: ResolvedSetting) -> String {
        setting.value == nil ? "(unset)" : setting.displayValue
    }

    private static func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
    }
}
