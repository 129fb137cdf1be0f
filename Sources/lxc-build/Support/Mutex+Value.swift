import Synchronization

extension Mutex where Value: Sendable {
    /// Replaces the value under the lock.
    func set(_ newValue: Value) { withLock { $0 = newValue } }
    /// A copy of the value, read under the lock.
    func get() -> Value { withLock { $0 } }
}
