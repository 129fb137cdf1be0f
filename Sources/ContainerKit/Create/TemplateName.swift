/// A container template file name, `debian-12-standard_12.7-1_amd64.tar.zst`, taken apart.
public struct TemplateName: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The file name.
    public let fileName: String
    /// OS (`debian`).
    public let os: String
    /// OS version (`12`, `24.04`, `3.21`).
    public let osVersion: String
    /// Variant (`standard`, `default`), when the name has one.
    public let variant: String?
    /// Package version (`12.7-1`, `20241217`).
    public let packageVersion: String
    /// Architecture (`amd64`).
    public let arch: String

    /// Parses a file name; `nil` when it does not have the catalog's shape
    /// `<os>-<version>[-<variant>]_<package version>_<arch>.tar.(zst|xz|gz)`.
    public init?(_ fileName: String) {
        let extensions = [".tar.zst", ".tar.xz", ".tar.gz"]
        guard let ext = extensions.first(where: { fileName.hasSuffix($0) }) else { return nil }
        let stem = fileName.dropLast(ext.count)
        let parts = stem.split(separator: "_", omittingEmptySubsequences: false)
        guard parts.count == 3, !parts[1].isEmpty, !parts[2].isEmpty else { return nil }
        let head = parts[0].split(separator: "-", omittingEmptySubsequences: false)
        guard head.count >= 2, !head[0].isEmpty, !head[1].isEmpty else { return nil }
        self.fileName = fileName
        os = String(head[0]).lowercased()
        osVersion = String(head[1])
        variant = head.count > 2 ? head[2...].joined(separator: "-") : nil
        packageVersion = String(parts[1])
        arch = String(parts[2])
    }

    /// build.func's distance score of a version: major×10000 + minor.
    public static func score(_ version: String) -> Int {
        let numbers = version.split(separator: ".").map { Int($0) ?? 0 }
        return (numbers.first ?? 0) * 10_000 + (numbers.count > 1 ? numbers[1] : 0)
    }

    /// The variant build.func looks for: `standard` for Debian/Ubuntu, `default` for Alpine, Fedora,
    /// Rocky and CentOS, any for other OSes.
    public static func expectedVariant(for os: String) -> String? {
        switch os.lowercased() {
        case "debian", "ubuntu": return "standard"
        case "alpine", "fedora", "rocky", "centos": return "default"
        default: return nil
        }
    }

    /// Whether this template is one for `os` `version` on `arch` with the expected variant.
    public func matches(os: String, version: String?, arch: String) -> Bool {
        guard self.os == os.lowercased(), self.arch == arch else { return false }
        if let version, osVersion != version { return false }
        if let variant = Self.expectedVariant(for: os) { return self.variant == variant }
        return true
    }

    /// Orders by OS version, then package version, comparing the numbers in them.
    public static func < (lhs: TemplateName, rhs: TemplateName) -> Bool {
        let left = (numbers(lhs.osVersion), numbers(lhs.packageVersion))
        let right = (numbers(rhs.osVersion), numbers(rhs.packageVersion))
        if left.0 != right.0 { return left.0.lexicographicallyPrecedes(right.0) }
        if left.1 != right.1 { return left.1.lexicographicallyPrecedes(right.1) }
        return lhs.fileName < rhs.fileName
    }

    private static func numbers(_ text: String) -> [Int] {
        text.split(whereSeparator: { !$0.isNumber }).map { Int($0) ?? 0 }
    }

    public var description: String { fileName }
}

/// Version choice when the asked version is not available (build.func's `resolve_os_version`).
public enum TemplateVersionChoice {
    /// The available version nearest to `requested` by score; on a tie the newer wins.
    public static func nearest(to requested: String, among versions: [String]) -> String? {
        let target = TemplateName.score(requested)
        return versions.min { left, right in
            let leftDistance = abs(TemplateName.score(left) - target)
            let rightDistance = abs(TemplateName.score(right) - target)
            if leftDistance != rightDistance { return leftDistance < rightDistance }
            return TemplateName.score(left) > TemplateName.score(right)
        }
    }
}
