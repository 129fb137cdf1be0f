/// Which GPU to pass through, decided without asking anyone (build.func reads the TTY with no
/// timeout when a host has GPUs of several vendors; this returns ``ambiguous(_:)`` instead).
public enum GPUSelection: Sendable, Hashable {
    /// Exactly one usable GPU matches.
    case selected(GPU)
    /// No usable GPU matches; the reason says why (no GPU, driver not loaded, ...).
    case none(reason: String)
    /// Several usable GPUs match; the caller must name one (by PCI address or vendor).
    case ambiguous([GPU])

    /// Chooses among `gpus`: the one at `pci` if given, else the usable ones of `vendor` if given,
    /// else all usable ones; exactly one match is selected.
    public static func choose(from gpus: [GPU], vendor: GPUVendor? = nil, pci: String? = nil) -> GPUSelection {
        if let pci {
            let address = PCIAddress.normalized(pci)
            guard let gpu = gpus.first(where: { $0.pci == address }) else {
                return .none(reason: "no GPU at PCI address \(address)")
            }
            return gpu.isUsable ? .selected(gpu) : .none(reason: PassthroughPlan.gpu(gpu).notes.joined(separator: "; "))
        }
        let candidates = gpus.filter { vendor == nil || $0.vendor == vendor }
        let usable = candidates.filter(\.isUsable)
        switch usable.count {
        case 1: return .selected(usable[0])
        case 0:
            let what = vendor.map { "\($0.displayName) GPU" } ?? "GPU"
            let reasons = candidates.flatMap { PassthroughPlan.gpu($0).notes }
            return .none(reason: reasons.isEmpty ? "no \(what) found" : reasons.joined(separator: "; "))
        default: return .ambiguous(usable)
        }
    }
}
