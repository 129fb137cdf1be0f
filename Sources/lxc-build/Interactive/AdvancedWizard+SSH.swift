import ConfigResolution
import HostProbe

/// Step 17, SSH (build.func's `configure_ssh_settings`): where root's keys come from, then root login.
extension AdvancedWizard {
    /// The key source menu: all keys found on the host or one of them (only when some were found), one pasted
    /// key (`var_ssh_authorized_key`), the keys of a file or folder, or none; then "Enable root SSH access?".
    func ssh(_ state: inout WizardState, _ title: String) -> StepResult {
        let found = context.hostKeys
        while true {
            var items: [MenuItem] = []
            if !found.isEmpty {
                items.append(MenuItem(tag: "found", label: "All \(found.count) key(s) found on this host"))
                items += found.enumerated().map { MenuItem(tag: "key\($0.offset + 1)", label: Self.label($0.element)) }
            }
            items += [MenuItem(tag: "manual", label: "Paste one public key"),
                      MenuItem(tag: "folder", label: "Keys from a file or folder (path)"), MenuItem(tag: "none", label: "No key")]
            let current = !state.sshKeys.isEmpty ? (found.isEmpty ? "folder" : "found")
                : state[.sshAuthorizedKey].isEmpty ? "none" : "manual"
            guard let source = prompter.menu("\(title) · SSH key", "SSH key for root", items: items, defaultTag: current).text
            else { return .back }
            switch source {
            case "found":
                state.sshKeys = found.map(\.authorizedKeysLine)
                state[.sshAuthorizedKey] = ""
            case "manual":
                guard ask(.sshAuthorizedKey, "\(title) · SSH key", "One OpenSSH public key line", state: &state) == .next
                else { continue }
                state.sshKeys = []
            case "folder":
                guard let keys = keysFromPath(title) else { continue }
                state.sshKeys = keys
                state[.sshAuthorizedKey] = ""
            case let tag where tag.hasPrefix("key"):
                guard let number = Int(tag.dropFirst(3)), found.indices.contains(number - 1) else { continue }
                state.sshKeys = [found[number - 1].authorizedKeysLine]
                state[.sshAuthorizedKey] = ""
            default:
                state.sshKeys = []
                state[.sshAuthorizedKey] = ""
            }
            if askSwitch(.ssh, "\(title) · SSH access", "Enable root SSH access?", state: &state) == .next { return .next }
        }
    }

    /// Asks for a file or folder until it holds at least one accepted key; `nil` on Back.
    private func keysFromPath(_ title: String) -> [String]? {
        var path = "/root/.ssh"
        while true {
            guard let answer = prompter.input("\(title) · SSH key files", "A file of public keys, or a folder of them "
                + "(known_hosts, config and private id_* files are skipped)", defaultValue: path).text else { return nil }
            let keys = SSHKeySearch.keys(at: answer, in: context.keyFiles)
            if !keys.isEmpty { return keys.map(\.authorizedKeysLine) }
            prompter.show("No SSH keys", "No accepted public key (\(SSHPublicKey.acceptedTypes.sorted().joined(separator: ", "))) "
                + "in \(answer).")
            path = answer
        }
    }

    /// `[ssh-ed25519] comment — file`, the comment cut to 37 characters as build.func does.
    static func label(_ key: SSHPublicKey) -> String {
        let comment = key.comment.map { $0.count > 37 ? String($0.prefix(36)) + "…" : $0 } ?? "(no comment)"
        return "[\(key.type)] \(comment) — \(key.file)"
    }
}
