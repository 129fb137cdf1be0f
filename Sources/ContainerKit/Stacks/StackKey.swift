import Crypto
import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// A stack's secret: 256 random bits kept in the operator's state folder (``folder(environment:effectiveUserID:)``), one file per
/// stack, mode 0600. Each container of the stack carries, in its marker, an HMAC-SHA256 under this key of the
/// stack's id, its name in the stack, its container id and its create's run mark (``proof(stack:container:ctid:runMark:)``):
/// only whoever holds the key can write a marker that proves a container the stack's, and a copy of the notes on
/// another id (`pct clone`, or written by hand) does not prove anything.
public struct StackKey: Sendable, Equatable {
    /// The key's bytes (32).
    let bytes: [UInt8]

    /// A new random key.
    public static func random() -> StackKey {
        StackKey(bytes: SymmetricKey(size: .bits256).withUnsafeBytes { Array($0) })
    }

    /// A key read from its text: 64 hex digits, a newline allowed at the end; `nil` for anything else.
    public init?(text: String) {
        let digits = text.hasSuffix("\n") ? String(text.dropLast()) : text
        guard digits.utf8.count == 64, digits.wholeMatch(of: /[0-9a-f]+/) != nil else { return nil }
        let characters = Array(digits.utf8)
        bytes = stride(from: 0, to: 64, by: 2).map { UInt8(String(decoding: characters[$0..<$0 + 2], as: UTF8.self), radix: 16)! }
    }

    init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// The key as its file holds it: 64 hex digits and a newline.
    var text: String {
        bytes.map { String(format: "%02x", $0) }.joined() + "\n"
    }

    /// The proof a container's marker carries: HMAC-SHA256 over the stack's id, the container's name in the stack,
    /// its id and its create's run mark (`lxc-build run: …`, `""` when its notes have none), in hex.
    public func proof(stack: String, container: String, ctid: Int, runMark: String) -> String {
        let message = ["lxc-build stack proof 1", stack, container, String(ctid), runMark].joined(separator: "\u{0}")
        let code = HMAC<SHA256>.authenticationCode(for: Data(message.utf8), using: SymmetricKey(data: bytes))
        return code.map { String(format: "%02x", $0) }.joined()
    }
}

extension StackKey {
    /// The folder of the stacks' keys: `LXC_BUILD_STACK_KEYS` when set; as root `/var/lib/lxc-build/stack-keys`;
    /// else `$XDG_STATE_HOME/lxc-build/stack-keys` (`~/.local/state/lxc-build/stack-keys`).
    public static func folder(environment: [String: String], effectiveUserID: UInt32? = nil) -> String {
        let given = { (name: String) in environment[name].flatMap { $0.isEmpty ? nil : $0 } }
        if let chosen = given("LXC_BUILD_STACK_KEYS") { return chosen }
        if (effectiveUserID ?? geteuid()) == 0 { return "/var/lib/lxc-build/stack-keys" }
        let state = given("XDG_STATE_HOME") ?? ((given("HOME") ?? NSHomeDirectory()) as NSString).appendingPathComponent(".local/state")
        return (state as NSString).appendingPathComponent("lxc-build/stack-keys")
    }

    /// The key file of `stack` in `folder`: `<folder>/<stack>.key`.
    public static func path(stack: String, folder: String) -> String {
        (folder as NSString).appendingPathComponent("\(stack).key")
    }

    /// Reads the key of `stack`; `nil` when it has none in `folder` (a stack never applied here).
    /// - Throws: ``BuildError`` (64) when the file is unsafe (a symbolic link, another user's, readable or writable by
    ///   others) or not a key, naming the file and the fix.
    public static func load(stack: String, folder: String) throws(BuildError) -> StackKey? {
        let path = path(stack: stack, folder: folder)
        let descriptor = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
        guard descriptor >= 0 else {
            if errno == ENOENT { return nil }
            throw BuildError(exitCode: BuildExitCode.usage, message: "the key of stack \(stack), \(path), cannot be read: "
                + (errno == ELOOP ? "it is a symbolic link" : String(cString: strerror(errno))),
                hint: "Remove it; a key is a regular file of this user with mode 0600.")
        }
        let handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
        var status = stat()
        let user = geteuid()
        guard fstat(descriptor, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG, status.st_uid == user,
            status.st_mode & 0o077 == 0
        else {
            throw BuildError(
                exitCode: BuildExitCode.usage,
                message: "refusing the key of stack \(stack), \(path): it must be a regular file of this user (uid \(user)) "
                    + "that nobody else may read or write (found: uid \(status.st_uid), mode 0\(String(status.st_mode & 0o7777, radix: 8)))",
                hint: "Whoever can read the key can make any container pass for the stack's: chown \(user) \(path); chmod 600 \(path).")
        }
        guard let data = try? handle.read(upToCount: 4096), let key = StackKey(text: String(decoding: data, as: UTF8.self)) else {
            throw BuildError(exitCode: BuildExitCode.usage, message: "the key of stack \(stack), \(path), is not a key (64 hex digits)",
                             hint: "Copy the key from the machine the stack was applied from, or remove the file to start a new key.")
        }
        return key
    }

    /// Reads the key of `stack`, making a new one (mode 0600, in a folder of mode 0700) when it has none. Two runs that
    /// make it at the same time end with the same key: the file appears whole or not at all.
    /// - Throws: ``BuildError`` (64) as ``load(stack:folder:)`` does, or when the folder cannot be made safely.
    public static func loadOrCreate(stack: String, folder: String) throws(BuildError) -> StackKey {
        if let key = try load(stack: stack, folder: folder) { return key }
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        do throws(PrivateFolderError) {
            try PrivateFolder.prepare(folder)
        } catch {
            throw BuildError(exitCode: BuildExitCode.usage, message: "the folder of the stacks' keys: \(error.description)")
        }
        let key = StackKey.random()
        let path = path(stack: stack, folder: folder)
        let partial = path + ".\(getpid()).\(UInt32.random(in: 0...UInt32.max))"
        let descriptor = open(partial, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw BuildError(exitCode: BuildExitCode.usage, message: "cannot write the key of stack \(stack) in \(folder): \(String(cString: strerror(errno)))")
        }
        defer { unlink(partial) }
        let text = Array(key.text.utf8)
        let written = text.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        let synced = fsync(descriptor) == 0
        close(descriptor)
        guard written == text.count, synced else {
            throw BuildError(exitCode: BuildExitCode.usage, message: "cannot write the key of stack \(stack) in \(folder)")
        }
        // link(2) never replaces: a key another run made meanwhile is kept, and read.
        if link(partial, path) != 0 {
            let failure = errno
            guard failure == EEXIST, let theirs = try load(stack: stack, folder: folder) else {
                throw BuildError(exitCode: BuildExitCode.usage, message: "cannot write the key of stack \(stack), \(path): \(String(cString: strerror(failure)))")
            }
            return theirs
        }
        return key
    }
}
