/// Finds the host's SSH public keys that build.func offers for a container (wizard step 17).
public enum SSHKeySearch {
    /// The files searched: `/root/.ssh/authorized_keys(2)`, `/root/.ssh/*.pub`,
    /// `/etc/ssh/authorized_keys` and `/etc/ssh/authorized_keys.d/*`. `known_hosts*`, `config`
    /// and private `id_*` files are skipped.
    public static func candidateFiles(in fileSystem: any FileSystem) -> [String] {
        var files = ["/root/.ssh/authorized_keys", "/root/.ssh/authorized_keys2"]
        files += (fileSystem.directoryEntries(at: "/root/.ssh") ?? [])
            .filter { $0.hasSuffix(".pub") }
            .map { "/root/.ssh/\($0)" }
        files.append("/etc/ssh/authorized_keys")
        files += (fileSystem.directoryEntries(at: "/etc/ssh/authorized_keys.d") ?? [])
            .filter(isKeyFileName)
            .map { "/etc/ssh/authorized_keys.d/\($0)" }
        return files
    }

    /// The accepted keys of every candidate file, each key once (the first file that has it wins).
    public static func keys(in fileSystem: any FileSystem) -> [SSHPublicKey] {
        keys(ofFiles: candidateFiles(in: fileSystem), in: fileSystem)
    }

    /// The accepted keys at `path` (build.func's "folder" source): a file, or every file of a folder except
    /// `known_hosts*`, `config` and private `id_*` files; each key once.
    public static func keys(at path: String, in fileSystem: any FileSystem) -> [SSHPublicKey] {
        guard let names = fileSystem.directoryEntries(at: path) else { return keys(ofFiles: [path], in: fileSystem) }
        let folder = path.hasSuffix("/") ? String(path.dropLast()) : path
        return keys(ofFiles: names.filter(isKeyFileName).map { "\(folder)/\($0)" }, in: fileSystem)
    }

    /// Whether a file name may hold public keys: not `known_hosts*`, `config` or a private `id_*` key.
    static func isKeyFileName(_ name: String) -> Bool {
        !name.hasPrefix("known_hosts") && name != "config" && !(name.hasPrefix("id_") && !name.hasSuffix(".pub"))
    }

    private static func keys(ofFiles files: [String], in fileSystem: any FileSystem) -> [SSHPublicKey] {
        var keys: [SSHPublicKey] = []
        for file in files {
            guard let text = fileSystem.text(at: file) else { continue }
            for key in SSHPublicKey.parse(text, file: file)
            where !keys.contains(where: { $0.type == key.type && $0.key == key.key }) {
                keys.append(key)
            }
        }
        return keys
    }
}
