import ProxmoxAPI

extension StackRunner {
    /// Create options never compared here: they exist only at creation, are secret, or name what the plan would choose;
    /// the pool is not in the configuration (``poolDrift(_:existing:guests:)`` compares it with `/cluster/resources`).
    static let notCompared: Set<String> = ["vmid", "ostemplate", "password", "ssh-public-keys", "description", "storage", "rootfs", "pool"]

    /// Where an existing container's configuration differs from what the stack file asks for: each option of the create
    /// request the spec would make (the same ``ContainerBuilder`` code), compared with the container's value; for
    /// property strings (`net0`, `features`) only the keys the file sets; the root disk by its size.
    func drift(of spec: ContainerSpec, config: ContainerConfig, builder: ContainerBuilder) async -> [StackDrift] {
        guard let parameters = await createParameters(of: spec, builder: builder) else { return [] }
        var drift: [StackDrift] = []
        for parameter in parameters where !Self.notCompared.contains(parameter.name) && !parameter.value.isSecret {
            let wanted = parameter.value.wireText
            let actual = config.raw[parameter.name]?.stringValue
            if let difference = Self.difference(option: parameter.name, wanted: wanted, actual: actual) { drift.append(difference) }
        }
        let size = "\(spec.diskGiB)G"
        if let rootfs = config.raw["rootfs"]?.stringValue, let entries = try? PropertyString(parsing: rootfs, defaultKey: "volume"),
            let actual = entries.entries.first(where: { $0.key == "size" })?.value, actual != size
        {
            drift.append(StackDrift(option: "rootfs size", wanted: size, actual: actual))
        }
        return drift
    }

    /// The parameters of the create request `spec` makes (the same ``ContainerBuilder`` code a create runs), with a
    /// placeholder id, template and storage; `nil` when no request can be formed.
    func createParameters(of spec: ContainerSpec, builder: ContainerBuilder) async -> [APIParameter]? {
        let identity = await client.transport.identity
        var warnings: [String] = []
        guard let request = try? builder.makeCreateRequest(
                spec, ctid: 100, templateVolid: "local:vztmpl/none.tar.zst", containerStorage: "local", identity: identity,
                warnings: &warnings)
        else { return nil }
        return try? request.parameters()
    }

    static func difference(option: String, wanted: String, actual: String?) -> StackDrift? {
        guard let actual else {
            // PVE leaves options at their default out of the configuration.
            return ["0", ""].contains(wanted) ? nil : StackDrift(option: option, wanted: wanted, actual: "(not set)")
        }
        if option.wholeMatch(of: /mp\d+/) != nil { return mountDifference(option: option, wanted: wanted, actual: actual) }
        if option == "tags" {
            let split = { (text: String) in Set(text.split(whereSeparator: { ";, ".contains($0) }).map(String.init)) }
            return split(wanted) == split(actual) ? nil : StackDrift(option: option, wanted: wanted, actual: actual)
        }
        if wanted.contains("="), let want = try? PropertyString(parsing: wanted), let have = try? PropertyString(parsing: actual) {
            let differing = want.entries.filter { entry in have.entries.first { $0.key == entry.key }?.value != entry.value }
            guard !differing.isEmpty else { return nil }
            let wantedText = differing.map { "\($0.key)=\($0.value)" }.joined(separator: ",")
            let actualText = differing.map { entry in
                "\(entry.key)=" + (have.entries.first { $0.key == entry.key }?.value ?? "(not set)")
            }.joined(separator: ",")
            return StackDrift(option: option, wanted: wantedText, actual: actualText)
        }
        return wanted == actual ? nil : StackDrift(option: option, wanted: wanted, actual: actual)
    }
}
