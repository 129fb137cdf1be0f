/// Parses ifupdown `interfaces` files for bridges (build.func's wizard step 8).
public enum BridgeParser {
    /// Words that start a new stanza and so end the current `iface` block.
    static let stanzaKeywords: Set<String> = ["iface", "auto", "mapping", "source", "source-directory", "rename"]

    /// The bridges declared in one `interfaces` file, in file order.
    ///
    /// An `iface` block is a bridge when it has a `bridge-ports|stp|fd|vlan-aware|vids` option
    /// (also spelled with `_`) or `ovs_type OVSBridge`, as in build.func. Its comment is the first
    /// `#` line inside the block, which is where PVE writes it. Unlike build.func's
    /// `grep -A 10`, a comment is never taken from the next block. A name declared twice (an
    /// `inet` and an `inet6` block) is merged into one entry.
    public static func parse(_ text: String, source: String) -> [Bridge] {
        var bridges: [Bridge] = []
        var current: Block?

        func finish() {
            guard let block = current else { return }
            if let index = bridges.firstIndex(where: { $0.name == block.name }) {
                bridges[index].comment = bridges[index].comment ?? block.comment
                bridges[index].ports += block.ports.filter { !bridges[index].ports.contains($0) }
                bridges[index].vlanAware = bridges[index].vlanAware || block.vlanAware
                bridges[index].addresses += block.addresses
            } else if let kind = block.kind {
                bridges.append(
                    Bridge(name: block.name, kind: kind, comment: block.comment, ports: block.ports,
                           vlanAware: block.vlanAware, addresses: block.addresses, source: source)
                )
            }
        }

        for rawLine in text.split(whereSeparator: \.isNewline) {
            let line = rawLine.trimmingCharacters(in: .whitespaces)
            if line.hasPrefix("#") {
                if current != nil, current?.comment == nil {
                    let comment = line.drop { $0 == "#" }.trimmingCharacters(in: .whitespaces)
                    if !comment.isEmpty { current?.comment = comment }
                }
                continue
            }
            let words = line.split(whereSeparator: \.isWhitespace).map(String.init)
            guard let keyword = words.first else { continue }
            if stanzaKeywords.contains(keyword) || keyword.hasPrefix("allow-") {
                finish()
                current = keyword == "iface" && words.count > 1 ? Block(name: words[1]) : nil
                continue
            }
            current?.apply(option: keyword.replacingOccurrences(of: "_", with: "-"), values: Array(words.dropFirst()))
        }
        finish()
        return bridges
    }

    /// One `iface` block being read.
    private struct Block {
        var name: String
        var kind: Bridge.Kind?
        var comment: String?
        var ports: [String] = []
        var vlanAware = false
        var addresses: [String] = []

        init(name: String) { self.name = name }

        mutating func apply(option: String, values: [String]) {
            switch option {
            case "bridge-ports":
                kind = kind ?? .linux
                ports += values.filter { $0 != "none" }
            case "bridge-stp", "bridge-fd", "bridge-vids":
                kind = kind ?? .linux
            case "bridge-vlan-aware":
                kind = kind ?? .linux
                vlanAware = values.first.map { ["yes", "on", "1"].contains($0.lowercased()) } ?? false
            case "ovs-type" where values.first == "OVSBridge":
                kind = .ovs
            case "ovs-ports":
                ports += values
            case "address":
                addresses += values.prefix(1)
            default:
                break
            }
        }
    }
}

/// Parses `/etc/pve/sdn/vnets.cfg`.
public enum VNetParser {
    /// One ``Bridge`` of kind ``Bridge/Kind/sdnVNet`` per `vnet: <id>` section, with its `alias`
    /// as the comment and its `zone`.
    public static func parse(_ text: String, source: String) -> [Bridge] {
        var vnets: [Bridge] = []
        for rawLine in text.split(whereSeparator: \.isNewline) {
            let line = String(rawLine)
            if line.hasPrefix("vnet:") {
                let name = line.dropFirst("vnet:".count).trimmingCharacters(in: .whitespaces)
                vnets.append(Bridge(name: name, kind: .sdnVNet, source: source))
                continue
            }
            guard line.first?.isWhitespace == true, !vnets.isEmpty else { continue }
            let parts = line.trimmingCharacters(in: .whitespaces).split(separator: " ", maxSplits: 1)
            guard parts.count == 2 else { continue }
            let value = parts[1].trimmingCharacters(in: .whitespaces)
            switch parts[0] {
            case "alias": vnets[vnets.count - 1].comment = value
            case "zone": vnets[vnets.count - 1].zone = value
            default: continue
            }
        }
        return vnets
    }
}
