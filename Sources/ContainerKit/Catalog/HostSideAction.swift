import ProxmoxAPI

/// Something a build does on the Proxmox VE node itself rather than inside the container, with the setting it
/// comes from; the plan and the summary list each so the operator sees where it came from.
///
/// An app catalog cannot choose a hook or mount types (`ConfigKey.isAppDeclarable` keeps them out of the app layer),
/// but it may ask for device passthrough with `var_tun` and `var_gpu`, as build.func allows: the source then names
/// the script line, and the request is also an `AppEscalation` (ConfigResolution), which
/// `var_app_escalation=refuse` refuses before anything is written.
public struct HostSideAction: Sendable, Equatable, CustomStringConvertible {
    /// What kind of host-side action it is.
    public enum Kind: String, Sendable, Equatable {
        /// `var_post_install`: a script run as root on the node after the install.
        case postInstallHook = "post-install hook"
        /// A host device passed into the container (`devN`): GPU, TUN, USB serial, Coral, or given by a library user.
        case devicePassthrough = "device passthrough"
        /// `var_mount_fs`: file system types the container may mount (the `mount=` feature).
        case mountTypes = "mount types"
    }

    /// What kind of action.
    public var kind: Kind
    /// The path, device list or types concerned.
    public var detail: String
    /// Where the setting came from (`flag`, `env`, `app`, `app-file:<path>:<line>`, ...).
    public var source: String

    /// An action.
    public init(kind: Kind, detail: String, source: String) {
        self.kind = kind
        self.detail = detail
        self.source = source
    }

    /// `post-install hook /root/hook.sh (from env)`.
    public var description: String { "\(kind.rawValue) \(detail) (from \(source))" }
}

extension ContainerBuilder {
    /// The host-side actions of a planned build: the hook of ``Options/provisioning``, the devices of the create
    /// request and the allowed mount types, each with its setting's source.
    func hostSideActions(spec: ContainerSpec, request: ContainerCreateRequest, provisioning: ProvisioningOptions?) -> [HostSideAction] {
        var actions: [HostSideAction] = []
        let devices = request.options.devices.keys.sorted().compactMap { request.options.devices[$0]?.path }
        if !devices.isEmpty {
            var reasons: [String] = []
            if spec.gpu { reasons.append("var_gpu: \(spec.sources["var_gpu"] ?? "library")") }
            if spec.tun { reasons.append("var_tun: \(spec.sources["var_tun"] ?? "library")") }
            if spec.usbSerial { reasons.append("--usb-serial") }
            if spec.coral { reasons.append("--coral") }
            actions.append(HostSideAction(
                kind: .devicePassthrough, detail: devices.joined(separator: ", "),
                source: reasons.isEmpty ? "library" : reasons.joined(separator: "; ")))
        }
        if !spec.features.mountTypes.isEmpty {
            actions.append(HostSideAction(
                kind: .mountTypes, detail: spec.features.mountTypes.joined(separator: ";"),
                source: "var_mount_fs: \(spec.sources["var_mount_fs"] ?? "library")"))
        }
        if let hook = provisioning?.postInstallHook {
            actions.append(HostSideAction(
                kind: .postInstallHook, detail: hook,
                source: "var_post_install: \(provisioning?.postInstallHookSource ?? "library")"))
        }
        return actions
    }
}
