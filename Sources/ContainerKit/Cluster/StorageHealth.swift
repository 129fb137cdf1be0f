public import ProxmoxAPI

/// A storage's health by build.func's thresholds (`check_storage_health`): used by the create's storage step and
/// by `lxc-build storage`, so both judge a storage the same way.
public enum StorageHealth: String, Sendable, CaseIterable {
    /// Below ``warningFraction`` used.
    case ok
    /// At least ``warningFraction`` (85%) used: a create warns.
    case warning
    /// At least ``criticalFraction`` (95%) used: a create asks on a terminal, warns unattended.
    case critical
    /// At least ``fullFraction`` (98%) used: an unattended create stops (exit 214).
    case full
    /// Disabled in the storage configuration.
    case disabled
    /// Enabled but not active (not accessible).
    case inactive

    /// Usage from which a create warns (85%).
    public static let warningFraction = 0.85
    /// Usage from which a create asks before going on (95%).
    public static let criticalFraction = 0.95
    /// Usage from which an unattended create is refused (98%).
    public static let fullFraction = 0.98

    /// The health of `storage`; a storage that reports no usage is `ok`.
    public init(_ storage: StorageSummary) {
        guard storage.enabled else { self = .disabled; return }
        guard storage.active else { self = .inactive; return }
        self = Self(usedFraction: storage.usedFraction)
    }

    /// The health for a used fraction (0...1) of an enabled, active storage.
    public init(usedFraction fraction: Double?) {
        guard let fraction else { self = .ok; return }
        self = fraction >= Self.fullFraction ? .full
            : fraction >= Self.criticalFraction ? .critical
            : fraction >= Self.warningFraction ? .warning : .ok
    }
}
