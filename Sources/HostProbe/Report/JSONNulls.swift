/// Encoders that write `null` for the keys the `probe --json` format promises, instead of leaving
/// them out as synthesized `Codable` does. Decoding stays synthesized (`null` decodes as `nil`).
///
/// The `CodingKeys` here are internal, not private: a private one declared in another file than the
/// type crashes the Swift 6.3 compiler (the synthesized decoder cannot link to it).
extension GPU {
    enum CodingKeys: String, CodingKey {
        case vendor, pci, ids, model, driver, render, card, byPath, extra, nodes, driverVersion, problem
    }

    /// Encodes every key, with `null` for a missing model, node, driver or problem.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(vendor, forKey: .vendor)
        try container.encode(pci, forKey: .pci)
        try container.encode(ids, forKey: .ids)
        try container.encode(model, forKey: .model)
        try container.encode(driver, forKey: .driver)
        try container.encode(render, forKey: .render)
        try container.encode(card, forKey: .card)
        try container.encode(byPath, forKey: .byPath)
        try container.encode(extra, forKey: .extra)
        try container.encode(nodes, forKey: .nodes)
        try container.encode(driverVersion, forKey: .driverVersion)
        try container.encode(problem, forKey: .problem)
    }
}

extension HostCheck {
    enum CodingKeys: String, CodingKey {
        case name, ok, status, exitCode, message, remedy
    }

    /// Encodes every key, with `null` for the exit code of a check that is ok.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .name)
        try container.encode(ok, forKey: .ok)
        try container.encode(status, forKey: .status)
        try container.encode(exitCode, forKey: .exitCode)
        try container.encode(message, forKey: .message)
        try container.encode(remedy, forKey: .remedy)
    }
}

extension HostFacts {
    enum CodingKeys: String, CodingKey {
        case arch, pveVersion, pveSupported, pveSupport, kernel, root, timezone, bridges, keys, keyLimits, cluster
    }

    /// Encodes every key, with `null` for facts that are unknown.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(arch, forKey: .arch)
        try container.encode(pveVersion, forKey: .pveVersion)
        try container.encode(pveSupported, forKey: .pveSupported)
        try container.encode(pveSupport, forKey: .pveSupport)
        try container.encode(kernel, forKey: .kernel)
        try container.encode(root, forKey: .root)
        try container.encode(timezone, forKey: .timezone)
        try container.encode(bridges, forKey: .bridges)
        try container.encode(keys, forKey: .keys)
        try container.encode(keyLimits, forKey: .keyLimits)
        try container.encode(cluster, forKey: .cluster)
    }
}

extension Devices {
    enum CodingKeys: String, CodingKey {
        case tun, usbSerial, coral
    }

    /// Encodes every key, with `null` when there is no TUN device.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(tun, forKey: .tun)
        try container.encode(usbSerial, forKey: .usbSerial)
        try container.encode(coral, forKey: .coral)
    }
}
