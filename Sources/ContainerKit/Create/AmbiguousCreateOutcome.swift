/// What a run learned about a create whose answer was lost (the request may or may not have reached the node).
enum AmbiguousCreateOutcome: Equatable {
    /// The container exists and its notes carry this run's mark: it is removed like any half-built container.
    case ours
    /// The id exists without this run's mark: someone else's container, never touched.
    case notOurs
    /// The id exists but is still being created (`lock: create`) after the wait; its owner is not known yet.
    case stillCreating
    /// PVE answered that the id does not exist.
    case absent
    /// The node never answered.
    case unknown

    /// What the error says about the container, when the run leaves it to the user.
    func problem(vmid: Int, mark: String) -> String? {
        let check = "`lxc-build inspect \(vmid)` shows its notes; it is this run's only if they end with \"\(mark)\", "
            + "and then `lxc-build destroy \(vmid)` removes it"
        switch self {
        case .ours, .absent:
            return nil
        case .notOurs:
            return "container \(vmid) exists but its notes do not carry this run's mark (\(mark)): it is not this run's "
                + "and was left alone; check it with `lxc-build inspect \(vmid)`"
        case .stillCreating:
            return "container \(vmid) was still being created when the run gave up waiting, so whose it is is unknown; "
                + "it was left alone: \(check)"
        case .unknown:
            return "the node did not answer, so whether container \(vmid) was created is unknown; nothing was removed: \(check)"
        }
    }
}
