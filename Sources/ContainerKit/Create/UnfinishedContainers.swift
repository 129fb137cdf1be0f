import Foundation

/// The containers a run has created and neither finished nor removed yet: what a run ended at once would leave
/// behind. Builders given one (``ContainerBuilder/Options/unfinished``) keep it up to date; a command's signal
/// handling reads it to say what stopping does and, when the process must end before its cleanup, what is left.
public final class UnfinishedContainers: @unchecked Sendable {
    /// One container a run created.
    public struct Entry: Sendable, Equatable {
        /// Its id.
        public let ctid: Int
        /// The node it is on.
        public let node: String
        /// Whether the task creating it (and, with `start=1`, starting it) still runs: the container is locked
        /// until it ends, and removing it means asking PVE to stop that task first.
        public var createTaskRunning: Bool
        /// Whether a failed run keeps it (`--keep-on-failure`) instead of removing it.
        public var kept: Bool
    }

    private let lock = NSLock()
    private var containers: [Entry] = []

    /// An empty list.
    public init() {}

    /// The containers, in the order they were created.
    public var entries: [Entry] { lock.withLock { containers } }

    func created(_ ctid: Int, node: String, taskRunning: Bool, kept: Bool) {
        lock.withLock {
            containers.removeAll { $0.ctid == ctid && $0.node == node }
            containers.append(Entry(ctid: ctid, node: node, createTaskRunning: taskRunning, kept: kept))
        }
    }

    func createTaskEnded(_ ctid: Int, node: String) {
        lock.withLock {
            for index in containers.indices where containers[index].ctid == ctid && containers[index].node == node {
                containers[index].createTaskRunning = false
            }
        }
    }

    /// `ctid` is finished (the build succeeded) or gone (the cleanup removed it).
    func settled(_ ctid: Int, node: String) {
        lock.withLock { containers.removeAll { $0.ctid == ctid && $0.node == node } }
    }
}
