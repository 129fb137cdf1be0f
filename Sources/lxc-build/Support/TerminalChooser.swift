import ContainerKit
import Foundation

/// Asks on the terminal (`/dev/tty`), with a default and a timeout: `whiptail` when it is installed (the
/// menus PVE users know), numbered prompts otherwise. No answer in time takes the default.
struct TerminalChooser: Chooser {
    var timeout: Duration = .seconds(60)

    func choose(_ question: String, options: [String], defaultIndex: Int) async -> Int? {
        if let whiptail = Self.whiptail {
            var arguments = ["--title", "lxc-build", "--default-item", String(defaultIndex + 1), "--menu", TerminalText.escaped(question),
                             "20", "78", "10"]
            for (index, option) in options.enumerated() { arguments += [String(index + 1), TerminalText.escaped(option)] }
            guard let outcome = TerminalProcess.run(whiptail, arguments, timeout: timeout) else { return defaultIndex }
            guard let status = outcome.status else { return defaultIndex }  // no answer in time: the default
            let answer = outcome.errorOutput.trimmingCharacters(in: .whitespacesAndNewlines)
            guard status == 0, let number = Int(answer) else { return nil }
            return number - 1
        }
        var prompt = question + "\n"
        for (index, option) in options.enumerated() { prompt += "  \(index + 1)) \(option)\n" }
        prompt += "Choose [1-\(options.count)] (default \(defaultIndex + 1), \(timeout.components.seconds) s): "
        guard let answer = readAnswer(prompt) else { return defaultIndex }
        if answer.isEmpty { return defaultIndex }
        guard let number = Int(answer), (1...options.count).contains(number) else { return nil }
        return number - 1
    }

    func confirm(_ question: String, defaultAnswer: Bool) async -> Bool {
        if let whiptail = Self.whiptail {
            let arguments = ["--title", "lxc-build"] + (defaultAnswer ? [] : ["--defaultno"]) + ["--yesno", TerminalText.escaped(question), "10", "78"]
            // No answer in time: the default; Yes is 0, No 1, Esc (255) counts as No.
            guard let outcome = TerminalProcess.run(whiptail, arguments, timeout: timeout), let status = outcome.status else { return defaultAnswer }
            return status == 0
        }
        let answer = readAnswer("\(question) \(defaultAnswer ? "[Y/n]" : "[y/N]") ") ?? ""
        if answer.isEmpty { return defaultAnswer }
        return ["y", "yes"].contains(answer.lowercased())
    }

    /// Reads a line from the terminal within the timeout; `nil` when there is none or time ran out.
    private func readAnswer(_ prompt: String) -> String? {
        guard let tty = FileHandle(forUpdatingAtPath: "/dev/tty") else { return nil }
        defer { try? tty.close() }
        try? tty.write(contentsOf: Data(TerminalText.escaped(prompt).utf8))
        var descriptor = pollfd(fd: tty.fileDescriptor, events: Int16(POLLIN), revents: 0)
        let milliseconds = Int32(timeout.components.seconds * 1000)
        guard poll(&descriptor, 1, milliseconds) > 0 else {
            try? tty.write(contentsOf: Data("\n(no answer: the default is taken)\n".utf8))
            return nil
        }
        let data = tty.availableData
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// whiptail's path, unless `LXC_BUILD_PROMPTS=plain` asks for plain prompts (screen readers, dumb terminals).
    static var whiptail: String? {
        if ProcessInfo.processInfo.environment["LXC_BUILD_PROMPTS"] == "plain" { return nil }
        return ["/usr/bin/whiptail", "/bin/whiptail"].first { FileManager.default.isExecutableFile(atPath: $0) }
    }
}
