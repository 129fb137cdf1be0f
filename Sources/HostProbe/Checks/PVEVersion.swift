/// A Proxmox VE version as `pveversion` prints it: `pve-manager/8.4.1/2a5fa54a8503f96d (running
/// kernel: 6.8.12-9-pve)`; PVE 7 prints `7.4-17` for the patch level.
public struct PVEVersion: Sendable, Codable, Hashable, Comparable, CustomStringConvertible {
    /// The major version, e.g. 8.
    public var major: Int
    /// The minor version, e.g. 4.
    public var minor: Int
    /// The patch level, e.g. 1 (17 for `7.4-17`), when printed.
    public var patch: Int?
    /// The running kernel, e.g. `6.8.12-9-pve`, when printed.
    public var kernel: String?

    /// Creates a version.
    public init(major: Int, minor: Int, patch: Int? = nil, kernel: String? = nil) {
        self.major = major
        self.minor = minor
        self.patch = patch
        self.kernel = kernel
    }

    /// Parses `pveversion` output: the `pve-manager/X.Y[.Z|-Z]` token and the running kernel.
    public static func parse(_ text: String) -> PVEVersion? {
        guard let start = text.range(of: "pve-manager/") else { return nil }
        let token = text[start.upperBound...].prefix { $0 != "/" && !$0.isWhitespace }
        let numbers = token.split(whereSeparator: { $0 == "." || $0 == "-" }).map { Int($0) }
        guard numbers.count >= 2, let major = numbers[0], let minor = numbers[1] else { return nil }
        var kernel: String?
        if let marker = text.range(of: "running kernel: ") {
            kernel = String(text[marker.upperBound...].prefix { $0 != ")" && !$0.isNewline })
        }
        return PVEVersion(major: major, minor: minor, patch: numbers.count > 2 ? numbers[2] : nil, kernel: kernel)
    }

    /// `8.4.1`, or `8.4` without a patch level.
    public var description: String { "\(major).\(minor)" + (patch.map { ".\($0)" } ?? "") }

    /// Orders by major, minor, then patch.
    public static func < (lhs: PVEVersion, rhs: PVEVersion) -> Bool {
        (lhs.major, lhs.minor, lhs.patch ?? 0) < (rhs.major, rhs.minor, rhs.patch ?? 0)
    }

    /// Whether build.func supports this version.
    public var support: PVESupport {
        switch (major, minor) {
        case (8, 0...9), (9, 0...2): .supported
        case (9, _): .newerThanTested
        default: .unsupported
        }
    }
}

/// How build.func's `pve_check` treats a PVE version.
public enum PVESupport: String, Sendable, Codable, Hashable {
    /// 8.0 to 8.9, or 9.0 to 9.2.
    case supported
    /// A 9.x newer than 9.2: a warning, not a refusal.
    case newerThanTested
    /// Anything else: build.func exits 105.
    case unsupported

    /// Whether a container may be created (supported or newer than tested).
    public var isAccepted: Bool { self != .unsupported }
}
