import Foundation

/// Values a closure under test hands over, possibly from several threads, for assertions. An `NSLock` orders them
/// (ThreadSanitizer sees it; see ``EventLog``).
public final class Recorded<Value: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var values: [Value] = []

    /// Nothing recorded yet.
    public init() {}

    /// Every value so far, in the order they arrived.
    public var all: [Value] { lock.withLock { values } }
    /// Records one.
    public func record(_ value: Value) { lock.withLock { values.append(value) } }
}
