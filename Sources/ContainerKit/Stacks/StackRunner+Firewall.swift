import ConfigResolution
import ProxmoxAPI

extension StackRunner {
    /// The firewall macros the members' rules name that the cluster does not know, as one error (64) naming each
    /// container, macro and the nearest macro known; `nil` when every one is known or none is named. The macros are read
    /// once (`GET /cluster/firewall/macros`), only when a rule names one; PVE looks them up whatever their case. A read
    /// that fails leaves them to the rules' own requests.
    func macroRefusal(_ stack: Stack) async -> BuildError? {
        let named = stack.members.flatMap { member in
            (member.spec.firewall?.rules ?? []).compactMap { $0.parameters["macro"] }.map { (container: member.name, macro: $0) }
        }
        guard !named.isEmpty,
            case .success(let answer) = await result({ () throws(ProxmoxError) in
                try await self.client.call(APIRequest(.get, "/cluster/firewall/macros"))
            })
        else { return nil }
        let known = (answer.arrayValue ?? []).compactMap { $0["macro"]?.stringValue }
        let lowered = Set(known.map { $0.lowercased() })
        let unknown = named.filter { !lowered.contains($0.macro.lowercased()) }
        guard !known.isEmpty, !unknown.isEmpty else { return nil }
        let lines = unknown.map { item in
            "container \(item.container): firewall macro '\(StackFile.shown(item.macro))' is not one of the cluster's \(known.count) macros"
                + Spelling.hint(for: item.macro, among: known)
        }
        return BuildError(exitCode: BuildExitCode.usage,
                          message: "stack file \(stack.file): a firewall macro the cluster does not know; nothing was changed:\n  " + lines.joined(separator: "\n  "),
                          hint: "`pvesh get /cluster/firewall/macros` lists them (HTTPS, SSH, DNS, ...).")
    }
}
