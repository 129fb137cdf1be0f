/// Finds the host's SSH public keys that build.func offers for a container (wizard step 17).
enum SSHKeySearch {
    /// The files searched: `/root/.ssh/authorized_keys(2)`, `/root/.ssh/*.pub`,
    /// `/etc/ssh/authorized_keys` and `/etc/ssh/authorized_keys.d/*`. `known_hosts*`, `config`
    /// and private `id_*` files are skipped.
    static func candidateFiles(in fileSystem: any FileSystem) -> [String] {
        var files = ["/root/.ssh/authorized_keys", "/root/.ssh/authorized_keys2"]
        files += (fileSystem.directoryEntries(at: "/root/.ssh") ?? [])
            .filter { $0.hasSuffix(".pub") }
            .map { "/root/.ssh/\($0)" }
        files.append("/etc/ssh/authorized_keys")
        files += (fileSystem.directoryEntries(at: "/etc/ssh/authorized_keys.d") ?? [])
            .filter { !$0.hasPrefix("known_hosts") && $0 != "config" && !($0.hasPrefix("id_") && !$0.hasSuffix(".pub")) }
            .map { "/etc/ssh/authorized_keys.d/\($0)" }
        return files
    }

    /// The accepted keys of every candidate file, each key once (the first file that has it wins).
    static func keys(in fileSystem: any FileSystem) -> [SSHPublicKey] {
        var keys: [SSHPublicKey] = []
        for file in candidateFiles(in: fileSystem) {
            guard let text = fileSystem.text(at: file) else { continue }
            for key in SSHPublicKey.parse(text, file: file)
            where !keys.contains(where: { $0.type == key.type && $0.key == key.key }) {
                keys.append(key)
            }
        }
        return keys
    }
}
