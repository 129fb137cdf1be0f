/// Which GPU an operator named for passthrough: a vendor (`intel`, `amd`, `nvidia`, any case) or a PCI address
/// (`01:00.0` or `0000:01:00.0`). The one rule for `--gpu`, a stack's `gpu:` and a library caller alike.
public enum GPUChoice: Sendable, Hashable, CustomStringConvertible {
    /// The only usable GPU of this vendor.
    case vendor(GPUVendor)
    /// The GPU at this PCI address, as given.
    case pci(String)

    /// What a choice may be, for messages.
    public static let accepted = "intel, amd, nvidia or a PCI address (0000:01:00.0)"

    /// The choice `text` names, or `nil` when it is neither a known vendor nor a PCI address.
    public init?(parsing text: String) {
        switch text.lowercased() {
        case "intel": self = .vendor(.intel)
        case "amd": self = .vendor(.amd)
        case "nvidia": self = .vendor(.nvidia)
        default:
            guard text.wholeMatch(of: /([0-9A-Fa-f]{4}:)?[0-9A-Fa-f]{2}:[0-9A-Fa-f]{2}\.[0-7]/) != nil else { return nil }
            self = .pci(text)
        }
    }

    /// The choice as it was given: the vendor's lower-case name or the address.
    public var description: String {
        switch self {
        case .vendor(let vendor): vendor.rawValue
        case .pci(let address): address
        }
    }
}

extension GPUSelection {
    /// Chooses among `gpus` the one `choice` names (``choose(from:vendor:pci:)``), or among all usable ones
    /// without a choice.
    public static func choose(from gpus: [GPU], choice: GPUChoice?) -> GPUSelection {
        switch choice {
        case .vendor(let vendor)?: choose(from: gpus, vendor: vendor)
        case .pci(let address)?: choose(from: gpus, pci: address)
        case nil: choose(from: gpus)
        }
    }
}
