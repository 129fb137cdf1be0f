import ConfigResolution
import Foundation

extension ContainerUpdate {
    /// build.func's `check_container_os_guard`, before anything changes: the container's `/etc/os-release` must
    /// name the OS and version the app's script declares (`var_os`, `var_version`), or a dotted prefix of it (3.22
    /// accepts 3.22.1). Missing data on either side passes, as in build.func. Passed over with
    /// ``Options/ignoreOSMismatch`` or when the container's `/usr/local/community-scripts/ignore-os-mismatch` holds
    /// that `os version` (build.func's "don't ask again").
    /// - Throws: ``BuildError`` 238 on a mismatch; a failed read as ``readInside(_:ctid:shell:)`` throws it.
    func checkOS(_ plan: inout UpdatePlan.Draft, shell: any NodeShell) async throws(BuildError) {
        let declaredOS = plan.declaredRelease[0]?.lowercased()
        let declaredVersion = plan.declaredRelease[1]
        let release = try await readInside("/etc/os-release", ctid: plan.ctid, shell: shell)
        let ignoreFile = try await readInside("/usr/local/community-scripts/ignore-os-mismatch", ctid: plan.ctid, shell: shell)
        let fields = Self.osRelease(String(decoding: release ?? Data(), as: UTF8.self))
        let id = fields["ID"]?.lowercased()
        let version = fields["VERSION_ID"]
        plan.containerOS = [id, version].compactMap { $0 }.joined(separator: " ").nilIfEmpty
        plan.declaredOS = [declaredOS, declaredVersion].compactMap { $0 }.joined(separator: " ").nilIfEmpty
        guard let id, let version, let declaredOS, let declaredVersion else { return }
        if id == declaredOS && (version == declaredVersion || version.hasPrefix(declaredVersion + ".")) { return }
        let pair = "\(id) \(version)"
        let remembered = String(decoding: ignoreFile ?? Data(), as: UTF8.self).split(whereSeparator: \.isNewline)
            .contains { $0.trimmingCharacters(in: .whitespaces) == pair }
        let mismatch = "container \(plan.ctid) runs \(pair), and ct/\(plan.app).sh declares \(declaredOS) \(declaredVersion) (var_os, var_version)"
        if options.ignoreOSMismatch || remembered {
            plan.warnings.append(mismatch + "; going on (" + (remembered ? "the container's ignore-os-mismatch file" : "var_ignore_os_mismatch") + ")")
            return
        }
        throw BuildError(exitCode: BuildExitCode.osMismatch, message: mismatch + ": build.func's update refuses this; nothing was changed",
                         hint: "Move the container to \(declaredOS) \(declaredVersion) first, or go on anyway with --ignore-os-mismatch (var_ignore_os_mismatch=yes).")
    }

    /// `KEY=value` lines of an os-release file, quotes removed.
    static func osRelease(_ text: String) -> [String: String] {
        var fields: [String: String] = [:]
        for line in text.split(whereSeparator: \.isNewline) {
            guard let equals = line.firstIndex(of: "=") else { continue }
            let key = line[..<equals].trimmingCharacters(in: .whitespaces)
            var value = line[line.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            if value.count >= 2, let first = value.first, first == "\"" || first == "'", value.last == first { value = String(value.dropFirst().dropLast()) }
            fields[key] = value
        }
        return fields
    }
}

extension String {
    /// `nil` for the empty string.
    fileprivate var nilIfEmpty: String? { isEmpty ? nil : self }
}
