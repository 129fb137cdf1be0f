import Foundation
public import ContainerKit

/// Collects build events for assertions. Steps of a build run concurrently (storage and CTID choice), so events
/// arrive from several threads at once: an `NSLock` (a pthread mutex, which ThreadSanitizer sees) orders them.
/// `Synchronization.Mutex` made ThreadSanitizer report an access race here under contention (a lock handed over by
/// the kernel futex is not a synchronisation ThreadSanitizer sees).
public final class EventLog: @unchecked Sendable {
    private let lock = NSLock()
    private var events: [BuildEvent] = []

    /// An empty log.
    public init() {}

    /// Every event so far, in the order they arrived.
    public var all: [BuildEvent] { lock.withLock { events } }
    /// The handler to give a ``ContainerBuilder``: it appends each event.
    public var handler: BuildEventHandler { { event in self.lock.withLock { self.events.append(event) } } }
    /// The texts of the `.decided` events.
    public var decisions: [String] { all.compactMap { if case .decided(let text) = $0 { return text } else { return nil } } }
    /// The texts of the `.warning` events.
    public var warnings: [String] { all.compactMap { if case .warning(let text) = $0 { return text } else { return nil } } }
}
