/// One graphics card found on the host, with the device nodes that belong to it.
///
/// Nodes are matched to the card through `/sys/class/drm/<node>/device`, so a host with several
/// GPUs never mixes one vendor's nodes into another's. A card seen on the PCI bus whose nodes are
/// missing is still listed, with a ``problem``.
public struct GPU: Sendable, Codable, Hashable {
    /// Who made it.
    public var vendor: GPUVendor
    /// The PCI address with its domain, e.g. `0000:00:02.0`.
    public var pci: String
    /// The PCI vendor and device IDs, e.g. `8086:4680`.
    public var ids: String
    /// The model name from `lspci -nn` (or the `pci.ids` database), `nil` when neither is available.
    public var model: String?
    /// The kernel driver bound to the card (`i915`, `amdgpu`, `nvidia`, `vfio-pci`), if any.
    public var driver: String?
    /// Its render node, e.g. `/dev/dri/renderD128`, when it has one.
    public var render: String?
    /// Its card node, e.g. `/dev/dri/card0`, when it has one.
    public var card: String?
    /// The stable `/dev/dri/by-path/pci-...` names of its render and card nodes.
    public var byPath: [String]
    /// Other nodes it needs: `/dev/kfd` for AMD, the `/dev/nvidia*` and `/dev/nvidia-caps/*`
    /// character devices for NVIDIA.
    public var extra: [String]
    /// Every device node above with its type and major:minor.
    public var nodes: [DeviceFile]
    /// The host's NVIDIA driver version from `/proc/driver/nvidia/version` (NVIDIA only).
    public var driverVersion: String?
    /// Why the card cannot be passed through as it is (e.g. the driver is not loaded); `nil` when
    /// nothing is wrong.
    public var problem: String?

    /// Creates a GPU description.
    public init(
        vendor: GPUVendor, pci: String, ids: String, model: String? = nil, driver: String? = nil,
        render: String? = nil, card: String? = nil, byPath: [String] = [], extra: [String] = [],
        nodes: [DeviceFile] = [], driverVersion: String? = nil, problem: String? = nil
    ) {
        self.vendor = vendor
        self.pci = pci
        self.ids = ids
        self.model = model
        self.driver = driver
        self.render = render
        self.card = card
        self.byPath = byPath
        self.extra = extra
        self.nodes = nodes
        self.driverVersion = driverVersion
        self.problem = problem
    }

    /// Whether the card can be offered for passthrough: a known vendor, no problem, and nodes.
    public var isUsable: Bool { vendor != .other && problem == nil && !nodes.isEmpty }
}
