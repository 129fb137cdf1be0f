import Foundation

/// The combined logs of failed installs (`<app>-<ctid>-<session>.log`, with `.errinfo-<session>` beside them) in the
/// log folder: pruned to the newest ``kept`` whenever one is written, as the build logs are, so the folder does not
/// grow for ever on a node that retries a failing app.
enum CombinedLogFolder {
    /// How many combined logs the folder keeps.
    static let kept = 20

    /// The session of a combined log's file name, or `nil` for any other file (build logs, hook logs, what else
    /// the folder holds: those are never touched).
    static func session(ofLogNamed name: String) -> Substring? {
        guard name.hasSuffix(".log"), !name.hasPrefix("lxc-build-"), !name.hasPrefix("post-install-") else { return nil }
        let parts = name.dropLast(4).split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count >= 3, let session = parts.last, let ctid = parts.dropLast().last,
            session.count == 8, session.allSatisfy(\.isHexDigit), !ctid.isEmpty, ctid.allSatisfy({ $0.isASCII && $0.isNumber }),
            !parts.dropLast(2).joined(separator: "-").isEmpty
        else { return nil }
        return session
    }

    /// Removes all but the newest ``kept`` combined logs in `folder` (by modification time; `written`, the one just
    /// written, is always kept), and every `.errinfo-<session>` whose combined log is gone. Only regular files are
    /// removed, never followed through a link; errors are ignored (pruning never fails a run).
    static func prune(_ folder: String, keeping written: String) {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return }
        var logs: [(name: String, session: Substring, modified: Date)] = []
        for name in names {
            guard let session = session(ofLogNamed: name), let status = regularFileStatus(folder, name) else { continue }
            logs.append((name, session, status))
        }
        let newestFirst = logs.sorted { $0.modified != $1.modified ? $0.modified > $1.modified : $0.name > $1.name }
        let writtenName = (written as NSString).lastPathComponent
        var keptSessions = Set<Substring>()
        for (index, log) in newestFirst.enumerated() {
            if index < kept || log.name == writtenName {
                keptSessions.insert(log.session)
            } else {
                unlink((folder as NSString).appendingPathComponent(log.name))
            }
        }
        for name in names where name.hasPrefix(".errinfo-") {
            let session = name.dropFirst(".errinfo-".count)
            guard session.count == 8, session.allSatisfy(\.isHexDigit), !keptSessions.contains(session),
                regularFileStatus(folder, name) != nil
            else { continue }
            unlink((folder as NSString).appendingPathComponent(name))
        }
    }

    /// The modification time of `folder/name` when it is a regular file (not a link, folder or device).
    private static func regularFileStatus(_ folder: String, _ name: String) -> Date? {
        var status = stat()
        guard lstat((folder as NSString).appendingPathComponent(name), &status) == 0, status.st_mode & S_IFMT == S_IFREG else { return nil }
        return Date(timeIntervalSince1970: TimeInterval(status.st_mtim.tv_sec) + TimeInterval(status.st_mtim.tv_nsec) / 1e9)
    }
}
