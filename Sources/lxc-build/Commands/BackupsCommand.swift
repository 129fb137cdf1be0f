import ArgumentParser
import ContainerKit
import Foundation

/// `lxc-build backups`: the container archives on the cluster's backup storages, newest first.
struct BackupsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backups",
        abstract: "List the container archives on the cluster's backup storages, newest first: container, date, size, notes, protected, "
            + "whether the container still exists.")

    @Argument(help: "Only this container's archives (whoever built it).") var ctid: Int?
    @Flag(help: "Also the archives of existing containers neither lxc-build nor the community scripts built.") var all = false
    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var jsonOption: JSONOption
    var json: Bool { jsonOption.json }

    func validate() throws {
        if let ctid { try OptionChecks.ctid(ctid) }
    }

    func run() async throws {
        try await reportingErrors(json: json) {
            let listing = try await BackupListing.read(client: try connection.client(), ctid: ctid, all: all)
            if json {
                ResultRendering.emitJSON(BackupsReport(listing: listing))
                return
            }
            if listing.archives.isEmpty {
                TerminalOutput.shared.line("No container archive on the cluster's backup storages" + (ctid.map { " for container \($0)" } ?? "") + ".")
            } else {
                TerminalOutput.shared.line(Table(["CTID", "DATE", "SIZE", "PROTECTED", "EXISTS", "VOLUME", "NOTES"], listing.archives.map { entry in
                    [String(entry.ctid), entry.archive.ctime.map { TimeStamp.local(Date(timeIntervalSince1970: TimeInterval($0)), "%Y-%m-%d %H:%M:%S") } ?? "-",
                     entry.archive.size.map { ContainerBuilder.formatBytes($0) } ?? "-", entry.archive.isProtected ? "yes" : "no",
                     entry.containerExists ? "yes" : "no", entry.archive.volid, entry.archive.notes ?? ""]
                }).rendered)
            }
            if listing.skipped > 0 {
                TerminalOutput.shared.line("\(listing.skipped) archive(s) of containers built by neither lxc-build nor the community scripts not listed (--all lists them).",
                                           to: .errors)
            }
            for warning in listing.warnings { TerminalOutput.shared.line("warning: \(warning)", to: .errors) }
        }
    }
}
