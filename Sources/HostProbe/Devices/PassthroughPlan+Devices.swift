/// Plans for each kind of device the probe finds.
extension PassthroughPlan {
    /// The nodes a GPU needs: render (render group) and card (video group) for Intel and AMD,
    /// plus `/dev/kfd` (render) for AMD; the `/dev/nvidia*` nodes (video) for NVIDIA, as build.func.
    /// An unusable GPU gives an empty plan whose note says why.
    public static func gpu(_ gpu: GPU) -> PassthroughPlan {
        guard gpu.isUsable else {
            let reason = gpu.problem ?? (gpu.vendor == .other ? "its vendor is not a supported GPU vendor" : "it has no nodes")
            return PassthroughPlan(notes: ["GPU \(gpu.pci) is not passed through: \(reason)"])
        }
        func device(_ path: String?, _ group: AccessGroup) -> Device? {
            guard let path, let node = gpu.nodes.first(where: { $0.path == path }) else { return nil }
            return Device(path: path, group: group, number: node.number)
        }
        var devices: [Device]
        switch gpu.vendor {
        case .nvidia:
            devices = gpu.extra.compactMap { device($0, .video) }
        case .intel, .amd, .other:
            devices = [device(gpu.render, .render), device(gpu.card, .video)].compactMap(\.self)
            devices += gpu.extra.compactMap { device($0, .render) }
        }
        var notes: [String] = []
        if let stable = gpu.byPath.first {
            notes.append("\(gpu.pci) nodes were found through \(stable); re-probe if the host renumbers them")
        }
        return PassthroughPlan(devices: devices, notes: notes)
    }

    /// TUN/TAP: build.func's `lxc.cgroup2.devices.allow: c 10:200 rwm` and bind mount, with the
    /// numbers read from the node.
    public static func tun(_ tun: DeviceFile) -> PassthroughPlan {
        PassthroughPlan(
            devices: [Device(path: tun.path, number: tun.number)],
            rawLines: [
                "lxc.cgroup2.devices.allow: c \(tun.number.majorMinor) rwm",
                "lxc.mount.entry: \(tun.path) dev/net/tun none bind,create=file",
            ]
        )
    }

    /// USB serial adapters: an allow line per major number, a bind mount per node, and the
    /// `/dev/serial/by-id` folder. Unlike build.func this does not add `devices.allow: a` or an
    /// empty `lxc.cap.drop`, which would remove all device and capability confinement.
    public static func usbSerial(_ devices: [SerialDevice]) -> PassthroughPlan {
        guard !devices.isEmpty else { return PassthroughPlan() }
        let majors = devices.map(\.node.major).reduce(into: [UInt32]()) { if !$0.contains($1) { $0.append($1) } }
        var lines = majors.map { "lxc.cgroup2.devices.allow: c \($0):* rwm" }
        if devices.contains(where: { !$0.byID.isEmpty }) {
            lines.append("lxc.mount.entry: /dev/serial/by-id dev/serial/by-id none bind,optional,create=dir")
        }
        lines += devices.map { bindMount($0.node.path) }
        return PassthroughPlan(
            devices: devices.map { Device(path: $0.node.path, number: $0.node.number) },
            rawLines: lines,
            notes: ["build.func also adds `lxc.cgroup2.devices.allow: a` and an empty `lxc.cap.drop:`; this plan does not"]
        )
    }

    /// Coral Edge TPUs: build.func's optional bind mount of each `/dev/apex_N`, plus the allow line
    /// an unprivileged container needs.
    public static func coral(_ nodes: [DeviceFile]) -> PassthroughPlan {
        PassthroughPlan(
            devices: nodes.map { Device(path: $0.path, number: $0.number) },
            rawLines: nodes.flatMap { ["lxc.cgroup2.devices.allow: c \($0.number.majorMinor) rwm", bindMount($0.path)] }
        )
    }

    private static func bindMount(_ path: String) -> String {
        let inside = String(path.drop { $0 == "/" })
        return "lxc.mount.entry: \(path) \(inside) none bind,optional,create=file"
    }
}
