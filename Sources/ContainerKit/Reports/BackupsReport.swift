import Foundation

/// What `backups --json` prints: the archives on the cluster's backup storages, newest first.
public struct BackupsReport: Codable, Sendable, Equatable {
    /// One archive.
    public struct Entry: Codable, Sendable, Equatable {
        /// The container it is a backup of.
        public var ctid: Int
        /// Its volume id (`local:backup/vzdump-lxc-101-2026_12_05-07_00_00.tar.zst`).
        public var volid: String
        /// Its storage.
        public var storage: String
        /// The node it was listed through (the archive is on that node's storage unless the storage is shared).
        public var node: String
        /// When it was made, Unix seconds; `null` when the storage does not say.
        @ExplicitNull public var ctime: Int64?
        /// The same in ISO 8601, UTC (`2026-12-05T07:00:00Z`); `null` when the storage does not say.
        @ExplicitNull public var date: String?
        /// Its size in bytes.
        @ExplicitNull public var size: Int64?
        /// The first line of its notes.
        @ExplicitNull public var notes: String?
        /// Whether it is protected.
        public var protected: Bool
        /// Whether container ``ctid`` still exists in the cluster.
        public var containerExists: Bool
    }

    /// The archives, newest first.
    public var archives: [Entry]
    /// How many archives of containers neither lxc-build nor the community scripts built were left out (`--all`
    /// lists them).
    public var skipped: Int
    /// Storages that could not be read, each named.
    public var warnings: [String]

    /// The report of `listing`.
    public init(listing: BackupListing) {
        archives = listing.archives.map { entry in
            Entry(ctid: entry.ctid, volid: entry.archive.volid, storage: entry.archive.storage, node: entry.node, ctime: entry.archive.ctime,
                  date: entry.archive.ctime.map { TimeStamp.iso8601(Date(timeIntervalSince1970: TimeInterval($0))) },
                  size: entry.archive.size, notes: entry.archive.notes, protected: entry.archive.isProtected, containerExists: entry.containerExists)
        }
        skipped = listing.skipped
        warnings = listing.warnings
    }
}
