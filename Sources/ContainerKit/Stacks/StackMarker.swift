import Foundation

/// The line in a container's notes that claims it for a stack: `lxc-build stack: <stack> <container> proof=<hmac>`.
/// A line claims a container only when it is exactly this (`web1` is not `web10`), never by its name alone; the claim
/// holds only when the proof is the one the stack's key gives for this container's id and run mark
/// (``StackKey/proof(stack:container:ctid:runMark:)``). Markers written before the proof existed have none.
public enum StackMarker {
    /// How a container's claim to be a stack's member stands.
    public enum Proof: String, Sendable, Equatable {
        /// The marker's proof is the one the stack's key gives for this container: it is the stack's.
        case verified
        /// The marker carries a proof that is not this container's: a copy of another's notes (`pct clone`, or
        /// written by hand), or a proof made with another key (the stack applied from another machine).
        case mismatched
        /// The marker has no proof (written by lxc-build before markers had one, or by hand).
        case missing

        /// What it means, for messages.
        public var explanation: String {
            switch self {
            case .verified: "proved"
            case .mismatched: "its marker's proof is not this container's: a copy of another's notes (pct clone, or written by hand), "
                + "or made with another machine's key"
            case .missing: "its marker has no proof: written by an older lxc-build, or by hand"
            }
        }
    }

    /// The marker of `container` in `stack`, with its proof.
    public static func line(stack: String, container: String, proof: String) -> String {
        "\(prefix(stack: stack, container: container)) proof=\(proof)"
    }

    /// The marker of `container` in `stack` for the container `ctid` whose notes hold `runMark`, proved with `key`.
    public static func line(stack: String, container: String, ctid: Int, runMark: String, key: StackKey) -> String {
        line(stack: stack, container: container, proof: key.proof(stack: stack, container: container, ctid: ctid, runMark: runMark))
    }

    /// Whether `notes` (a container's description) carry a marker of `container` in `stack`, proved or not.
    public static func isMarked(_ notes: String?, stack: String, container: String) -> Bool {
        !claims(in: notes, stack: stack, container: container).isEmpty
    }

    /// How the claim of the container `ctid`, whose description is `notes`, to be `container` of `stack` stands;
    /// `nil` when its notes carry no marker of it. With `key` `nil` (the stack has no key here) no proof verifies.
    public static func proof(of notes: String?, stack: String, container: String, ctid: Int, key: StackKey?) -> Proof? {
        let proofs = claims(in: notes, stack: stack, container: container)
        guard !proofs.isEmpty else { return nil }
        if let key {
            let expected = key.proof(stack: stack, container: container, ctid: ctid, runMark: runMark(in: notes) ?? "")
            if proofs.contains(expected) { return .verified }
        }
        return proofs.allSatisfy(\.isEmpty) ? .missing : .mismatched
    }

    /// The stack the first marker in `notes` names (`lxc-build stack: <stack> <container>...`), proved or not: what the
    /// notes say, for `list`; `nil` when they carry no marker.
    static func stack(in notes: String?) -> String? {
        let prefix = "lxc-build stack: "
        for line in lines(of: notes) where line.hasPrefix(prefix) {
            let words = line.dropFirst(prefix.count).split(separator: " ")
            if words.count >= 2 { return String(words[0]) }
        }
        return nil
    }

    /// The container names the markers of `stack` in `notes` name, proved or not, each once, in the notes' order: what
    /// an orphan search (a name no longer in the file) starts from.
    static func containers(in notes: String?, stack: String) -> [String] {
        let prefix = "lxc-build stack: \(stack) "
        var names: [String] = []
        for line in lines(of: notes) where line.hasPrefix(prefix) {
            guard let name = line.dropFirst(prefix.count).split(separator: " ").first.map(String.init), !names.contains(name) else { continue }
            names.append(name)
        }
        return names
    }

    /// The run mark of the notes (`lxc-build run: <hex>`, the first such line), as the create wrote it.
    static func runMark(in notes: String?) -> String? {
        lines(of: notes).first { $0.wholeMatch(of: #/lxc-build run: [0-9a-f]{32}/#) != nil }
    }

    /// The proofs of the marker lines of `container` in `stack` in `notes`; `""` for a marker without one.
    private static func claims(in notes: String?, stack: String, container: String) -> [String] {
        let marker = prefix(stack: stack, container: container)
        return lines(of: notes).compactMap { text in
            if text == marker { return "" }
            guard text.hasPrefix(marker + " proof=") else { return nil }
            let proof = text.dropFirst(marker.count + " proof=".count)
            return proof.isEmpty || proof.contains(" ") ? nil : String(proof)
        }
    }

    private static func prefix(stack: String, container: String) -> String {
        "lxc-build stack: \(stack) \(container)"
    }

    /// The notes' lines, trimmed, without a leading `- `.
    private static func lines(of notes: String?) -> [String] {
        (notes ?? "").split(whereSeparator: \.isNewline).map { line in
            var text = line.trimmingCharacters(in: .whitespaces)
            if text.hasPrefix("- ") { text.removeFirst(2) }
            return text
        }
    }
}
