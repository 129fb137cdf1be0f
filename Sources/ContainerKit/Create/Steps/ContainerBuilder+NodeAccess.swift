import HostProbe
import ProxmoxAPI

extension ContainerBuilder {
    /// What planning checks once the node is chosen, before anything is written: that the node shell works and is
    /// that node (81 otherwise, see ``NodeInspection/verify(node:)``), and, for `var_gpu` with no way to read the
    /// node's devices, what the API's PCI list says.
    func checkNodeAccess(_ spec: ContainerSpec, node: String, warnings: inout [String]) async throws(BuildError) {
        if let nodeInspection {
            try await nodeInspection.verify(node: node)
        } else if spec.gpu, options.hostReport == nil {
            try await checkGPUThroughAPI(spec, node: node, warnings: &warnings)
        }
    }

    /// `var_gpu` with neither a node shell nor lxc-build on the node: `GET /nodes/{node}/hardware/pci` says whether
    /// and which GPUs exist. None: a warning (an explicit `--gpu` choice: 236), as on the node; some: refused with
    /// 64, since their device paths and numbers are only visible on the node, naming the fix.
    func checkGPUThroughAPI(_ spec: ContainerSpec, node: String, warnings: inout [String]) async throws(BuildError) {
        let devices = try await api("reading the PCI devices of \(node)") { () throws(ProxmoxError) in
            try await client.node(node).pciDevices()
        }
        let gpus = devices.filter(\.isDisplayController).sorted { $0.id < $1.id }
        guard !gpus.isEmpty else {
            let reason = "the API's PCI list of \(node) shows no display controller"
            if let choice = spec.gpuChoice { throw BuildError(exitCode: .hardwareNotDetected, message: "--gpu \(choice): \(reason)") }
            warnings.append("var_gpu=yes: no GPU passed through: \(reason)")
            return
        }
        let found = gpus.map(Self.describe).joined(separator: "; ")
        throw BuildError(
            exitCode: BuildExitCode.usage,
            message: "var_gpu: \(node) has \(gpus.count == 1 ? "a GPU" : "\(gpus.count) GPUs") (\(found)), but passing one in "
                + "needs its device paths, which only a node shell can read; nothing was created",
            hint: "Add --node-shell ssh://root@\(node) (the node's host key in known_hosts), or run lxc-build on \(node).")
    }

    /// `--usb-serial` or `--coral` with no way to read the node's device nodes (the API does not list them).
    static func deviceListRefusal(_ spec: ContainerSpec, node: NodeChoice?) -> BuildError {
        let wanted = [spec.gpu ? "var_gpu" : nil, spec.usbSerial ? "--usb-serial" : nil, spec.coral ? "--coral" : nil]
            .compactMap { $0 }
        let name: String
        if case .named(let given)? = node { name = given } else { name = "NODE" }
        return BuildError(
            exitCode: BuildExitCode.usage,
            message: "\(wanted.joined(separator: ", ")) needs the node's device nodes, which the API does not list and this run "
                + "cannot read (no node shell); nothing was created",
            hint: "Add --node-shell ssh://root@\(name) (the node's host key in known_hosts), or run lxc-build on the node.")
    }

    /// `vendor model (0000:01:00.0)` from a PCI row; names come from the node's PCI database.
    private static func describe(_ gpu: PCIDeviceInfo) -> String {
        let vendor = gpu.vendor.flatMap { UInt16($0.lowercased().replacingOccurrences(of: "0x", with: ""), radix: 16) }
            .map { GPUVendor(pciVendorID: $0).rawValue }
        let name = [gpu.vendorName, gpu.deviceName].compactMap { $0 }.joined(separator: " ")
        return [vendor, name.isEmpty ? nil : name, "(\(gpu.id))"].compactMap { $0 }.joined(separator: " ")
    }
}
