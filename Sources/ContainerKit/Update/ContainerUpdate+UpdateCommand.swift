import Foundation

extension ContainerUpdate {
    /// The command build.func installs in every container it makes: it runs the app's `ct/<app>.sh` from the catalog.
    static let updateCommandPath = "/usr/bin/update"
    /// Where an app named by ``updateCommandPath`` came from, as plans and reports say it.
    static let updateCommandSource = "/usr/bin/update inside the container"
    /// Most bytes of ``updateCommandPath`` read: the command is one line.
    static let updateCommandLimit = 64 << 10

    /// The app the container's own `/usr/bin/update` runs (its first `ct/<app>.sh`), as community-scripts'
    /// update-apps finds it, when the notes and tags do not name one: read through the node shell as data (at most
    /// 64 KiB), the name kept only when it is a plain app id; `nil` when there is no such file or line, or it cannot
    /// be read (the notes' refusal then stands, with its hint to give `--app`).
    /// - Throws: ``BuildError`` 130 when the run was interrupted meanwhile.
    func appOfUpdateCommand(ctid: Int, shell: any NodeShell) async throws(BuildError) -> String? {
        let data: Data?
        do throws(BuildError) {
            data = try await readInside(Self.updateCommandPath, ctid: ctid, shell: shell)
        } catch {
            if error.exitCode == .interrupted { throw error }
            return nil
        }
        guard let data, data.count <= Self.updateCommandLimit else { return nil }
        return Self.appOfUpdateCommand(String(decoding: data, as: UTF8.self))
    }

    /// The app of the first `/ct/<app>.sh` in `text`, lowercased; `nil` without one, or when it is not a plain app id
    /// (``CatalogFetcher/isAppID(_:)``).
    static func appOfUpdateCommand(_ text: String) -> String? {
        guard let match = text.firstMatch(of: #/\/ct\/([A-Za-z0-9._\-]{1,64})\.sh/#) else { return nil }
        let app = String(match.1).lowercased()
        return CatalogFetcher.isAppID(app) ? app : nil
    }

    /// Whether `inspection` proves the node shell reaches `node` (``NodeInspection/verify(node:)``); `true` without
    /// one (a shell that is not checked).
    func reachesNode(_ node: String, _ inspection: NodeInspection?) async -> Bool {
        guard let inspection else { return true }
        do { try await inspection.verify(node: node) } catch { return false }
        return true
    }
}
