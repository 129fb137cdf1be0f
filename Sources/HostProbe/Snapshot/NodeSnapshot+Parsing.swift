public import Foundation

/// Reading the framed output of the snapshot program.
///
/// The format: the line `lxc-build node snapshot 1`, then records `K PATHLENGTH DATALENGTH\n`, that many
/// bytes of path, that many bytes of data and `\n`; the record `Z 0 0` ends it (a snapshot without it was
/// cut off). Kinds: `F` file, `D` folder (names separated by NUL), `L` link (its target), `C`/`B` character or
/// block device (`major:minor`), `E` exists, `X` command (path: argv joined by NUL; data:
/// `STATUS STDOUTLENGTH\n` then stdout and stderr; a negative status is a signal), `M` command not installed,
/// `T` command timed out.
extension NodeSnapshot {
    /// The largest snapshot read (32 MiB); the program itself sends far less.
    public static let maximumSize = 32 << 20
    /// The largest single record's data (2 MiB).
    public static let maximumRecordSize = 2 << 20
    /// The most records read.
    public static let maximumRecords = 100_000
    /// The first line of every snapshot.
    static let header = "lxc-build node snapshot 1\n"

    /// Reads a snapshot printed by the program of ``Request``.
    /// - Throws: ``ProbeError`` with ``ProbeError/Code/invalidFixture`` naming the first thing wrong (too large,
    ///   no header, a malformed or oversized record, a path that is not absolute and normalized, a missing end).
    public init(parsing data: Data) throws(ProbeError) {
        self.init()
        func bad(_ what: String) -> ProbeError {
            ProbeError(code: .invalidFixture, message: "the node's snapshot is unusable: \(what)")
        }
        guard data.count <= Self.maximumSize else { throw bad("\(data.count) bytes, more than \(Self.maximumSize)") }
        let bytes = [UInt8](data)
        guard bytes.starts(with: Array(Self.header.utf8)) else {
            throw bad("it does not start with the snapshot header (is perl installed on the node?)")
        }
        var offset = Self.header.utf8.count
        var count = 0
        while true {
            guard count < Self.maximumRecords else { throw bad("more than \(Self.maximumRecords) records") }
            count += 1
            guard let newline = bytes[offset...].firstIndex(of: UInt8(ascii: "\n")), newline - offset <= 40 else {
                throw bad("record \(count) has no header line")
            }
            let fields = String(decoding: bytes[offset..<newline], as: UTF8.self).split(separator: " ")
            guard fields.count == 3, fields[0].count == 1, let pathLength = Int(fields[1]), let dataLength = Int(fields[2]),
                (0...4096).contains(pathLength), (0...Self.maximumRecordSize).contains(dataLength)
            else { throw bad("record \(count) has a malformed header") }
            let pathStart = newline + 1
            let dataStart = pathStart + pathLength
            let end = dataStart + dataLength
            guard end < bytes.count, bytes[end] == UInt8(ascii: "\n") else { throw bad("record \(count) is cut off") }
            let kind = fields[0]
            if kind == "Z" { return }
            let path = String(decoding: bytes[pathStart..<dataStart], as: UTF8.self)
            let payload = Data(bytes[dataStart..<end])
            try add(kind: kind, path: path, payload: payload, record: count, bad: bad)
            offset = end + 1
        }
    }

    private mutating func add(
        kind: Substring, path: String, payload: Data, record: Int, bad: (String) -> ProbeError
    ) throws(ProbeError) {
        if ["X", "M", "T"].contains(kind) {
            let argv = path.split(separator: "\0", omittingEmptySubsequences: false).map(String.init)
            guard !argv.isEmpty, !argv[0].isEmpty else { throw bad("record \(record) names no command") }
            commands[argv] = try Self.reply(kind: kind, argv: argv, payload: payload, record: record, bad: bad)
            return
        }
        guard path.hasPrefix("/"), VirtualPath.normalized(path) == path, !path.contains("\0") else {
            throw bad("record \(record) has a path that is not absolute and normalized")
        }
        let text = String(decoding: payload, as: UTF8.self)
        switch kind {
        case "F": files[path] = payload
        case "L":
            guard !payload.isEmpty, !text.contains("\0") else { throw bad("record \(record) has an empty link target") }
            links[path] = text
        case "D":
            let names = text.isEmpty ? [] : text.split(separator: "\0", omittingEmptySubsequences: false).map(String.init)
            guard names.allSatisfy({ !$0.isEmpty && $0 != "." && $0 != ".." && !$0.contains("/") }) else {
                throw bad("record \(record) lists a name that is not a file name")
            }
            folders[path] = names.sorted()
        case "C", "B":
            guard let number = DeviceNumber.parse("\(kind == "C" ? "c" : "b") \(text)") else {
                throw bad("record \(record) has no major:minor")
            }
            devices[path] = number
        case "E": present.insert(path)
        default: throw bad("record \(record) has the unknown kind \(kind)")
        }
    }

    private static func reply(
        kind: Substring, argv: [String], payload: Data, record: Int, bad: (String) -> ProbeError
    ) throws(ProbeError) -> RecordedCommandRunner.Reply {
        switch kind {
        case "M": return .missing
        case "T": return .hangs
        default:
            let bytes = [UInt8](payload)
            guard let newline = bytes.firstIndex(of: UInt8(ascii: "\n")) else { throw bad("record \(record) has no status") }
            let fields = String(decoding: bytes[..<newline], as: UTF8.self).split(separator: " ")
            guard fields.count == 2, let status = Int32(fields[0]), let length = Int(fields[1]), length >= 0,
                newline + 1 + length <= bytes.count
            else { throw bad("record \(record) has a malformed status") }
            let stdout = String(decoding: bytes[(newline + 1)..<(newline + 1 + length)], as: UTF8.self)
            let stderr = String(decoding: bytes[(newline + 1 + length)...], as: UTF8.self)
            let exit: ExitStatus = status < 0 ? .signalled(-status) : .exited(status)
            return .result(CommandResult(argv: argv, exitStatus: exit, stdout: stdout, stderr: stderr))
        }
    }
}
