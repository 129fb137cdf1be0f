/// Every passthrough the host could offer, one plan per GPU and per device kind, for a caller (or
/// `lxc-build probe`) to show before anything is chosen.
public struct PassthroughCandidates: Sendable, Codable, Hashable {
    /// The plan of each GPU by PCI address; an unusable GPU's plan is empty with a note.
    public var gpus: [String: PassthroughPlan]
    /// The TUN plan, when `/dev/net/tun` exists.
    public var tun: PassthroughPlan?
    /// The USB serial plan, when adapters exist.
    public var usbSerial: PassthroughPlan?
    /// The Coral plan, when `/dev/apex_*` nodes exist.
    public var coral: PassthroughPlan?

    /// Creates the candidates.
    public init(
        gpus: [String: PassthroughPlan] = [:], tun: PassthroughPlan? = nil, usbSerial: PassthroughPlan? = nil,
        coral: PassthroughPlan? = nil
    ) {
        self.gpus = gpus
        self.tun = tun
        self.usbSerial = usbSerial
        self.coral = coral
    }
}

extension HostReport {
    /// The plans for every GPU and device this host has.
    public var candidates: PassthroughCandidates {
        PassthroughCandidates(
            gpus: Dictionary(uniqueKeysWithValues: gpus.map { ($0.pci, PassthroughPlan.gpu($0)) }),
            tun: devices.tun.map(PassthroughPlan.tun),
            usbSerial: devices.usbSerial.isEmpty ? nil : PassthroughPlan.usbSerial(devices.usbSerial),
            coral: devices.coral.isEmpty ? nil : PassthroughPlan.coral(devices.coral)
        )
    }
}
