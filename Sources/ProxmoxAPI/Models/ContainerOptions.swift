/// The settings of a container that create and update share, typed.
///
/// Every field with a server-side default is optional and left out when `nil`, so an update never
/// resets what it does not mention. Indexed options (`netN`, `mpN`, `devN`) are dictionaries keyed
/// by index; ``extra`` carries any other option by its wire name.
public struct ContainerOptions: Sendable, Equatable {
    /// Host name.
    public var hostname: String?
    public var description: String?
    /// CPU cores.
    public var cores: Int?
    /// CPU time limit (2 = two cores' worth); 0 means none.
    public var cpuLimit: Double?
    /// CPU weight against other guests.
    public var cpuUnits: Int?
    /// Memory in MiB.
    public var memory: Int?
    /// Swap in MiB.
    public var swap: Int?
    /// The root file system (`STORAGE:GiB` on create).
    public var rootfs: RootFS?
    /// `net0`...`net31`.
    public var networks: [Int: NetworkInterface] = [:]
    /// `mp0`...`mp255`.
    public var mountPoints: [Int: MountPoint] = [:]
    /// `dev0`...`dev255`.
    public var devices: [Int: DevicePassthrough] = [:]
    /// Container features (`nesting`, `keyctl`...).
    public var features: Features?
    /// Unprivileged container (uid mapping).
    public var unprivileged: Bool?
    /// Start when the node boots.
    public var onBoot: Bool?
    /// Protection against removal and disk changes.
    public var protection: Bool?
    /// Tags; each `[a-z0-9_][a-z0-9_+.-]*`.
    public var tags: [String] = []
    /// `host` or a zoneinfo name.
    public var timezone: String?
    /// DNS servers, space separated.
    public var nameserver: String?
    /// DNS search domain.
    public var searchDomain: String?
    /// OS architecture (`amd64`, `arm64`...).
    public var arch: String?
    /// OS type PVE sets up the container for (`debian`, `alpine`...).
    public var osType: String?
    /// `[order=]N[,up=N][,down=N]`.
    public var startup: String?
    /// Any other option by wire name (for example `hookscript`, `tty`, `cmode`).
    public var extra: [APIParameter] = []

    /// Empty options: everything left to PVE's defaults.
    public init() {}

    static let networkRange = 0...31
    static let indexedRange = 0...255

    /// The wire parameters, validated.
    /// - Throws: ``ProxmoxError`` `.invalidArgument` for an out-of-range index, a bad tag, or a property
    ///   string value that would inject keys.
    public func parameters() throws(ProxmoxError) -> [APIParameter] {
        var parameters: [APIParameter] = []
        func add(_ name: String, _ value: ParameterValue?) { if let value { parameters.append(APIParameter(name, value)) } }
        add("hostname", hostname.map(ParameterValue.string))
        add("description", description.map(ParameterValue.string))
        add("cores", cores.map(ParameterValue.integer))
        add("cpulimit", cpuLimit.map(ParameterValue.number))
        add("cpuunits", cpuUnits.map(ParameterValue.integer))
        add("memory", memory.map(ParameterValue.integer))
        add("swap", swap.map(ParameterValue.integer))
        if let rootfs { add("rootfs", .string(try rootfs.encoded())) }
        try addIndexed("net", networks, range: Self.networkRange, to: &parameters)
        try addIndexed("mp", mountPoints, range: Self.indexedRange, to: &parameters)
        try addIndexed("dev", devices, range: Self.indexedRange, to: &parameters)
        if let features {
            let encoded = try features.encoded()
            if !encoded.isEmpty { add("features", .string(encoded)) }
        }
        add("unprivileged", unprivileged.map(ParameterValue.bool))
        add("onboot", onBoot.map(ParameterValue.bool))
        add("protection", protection.map(ParameterValue.bool))
        if !tags.isEmpty {
            for tag in tags where !Self.isValidTag(tag) {
                throw ProxmoxError(
                    .invalidArgument,
                    message: "tag '\(tag.escapedForMessage)' is not allowed: tags are letters, digits and _ + . - "
                        + "(not starting with + . or -)")
            }
            add("tags", .string(tags.joined(separator: ";")))
        }
        add("timezone", timezone.map(ParameterValue.string))
        add("nameserver", nameserver.map(ParameterValue.string))
        add("searchdomain", searchDomain.map(ParameterValue.string))
        add("arch", arch.map(ParameterValue.string))
        add("ostype", osType.map(ParameterValue.string))
        add("startup", startup.map(ParameterValue.string))
        parameters += extra
        return parameters
    }

    private func addIndexed<T: PropertyStringConvertible>(
        _ prefix: String, _ values: [Int: T], range: ClosedRange<Int>, to parameters: inout [APIParameter]
    ) throws(ProxmoxError) {
        for index in values.keys.sorted() {
            guard range.contains(index), let value = values[index] else {
                throw ProxmoxError(
                    .invalidArgument, message: "\(prefix)\(index) is out of range: PVE allows \(prefix)\(range.lowerBound) to \(prefix)\(range.upperBound)")
            }
            parameters.append(APIParameter("\(prefix)\(index)", .string(try value.encoded())))
        }
    }

    /// PVE's tag syntax (pve-common `$PVE_TAG_RE`), case-insensitive.
    public static func isValidTag(_ tag: String) -> Bool {
        guard let first = tag.unicodeScalars.first else { return false }
        let allowedFirst: (Unicode.Scalar) -> Bool = { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "_") }
        guard allowedFirst(first) else { return false }
        return tag.unicodeScalars.allSatisfy { allowedFirst($0) || $0 == "-" || $0 == "+" || $0 == "." }
    }
}

extension ContainerOptions {
    /// Reads the options out of a `GET .../config` answer.
    init(config json: JSONValue) throws(ProxmoxError) {
        self.init()
        hostname = json["hostname"]?.stringValue
        description = json["description"]?.stringValue
        cores = json["cores"]?.intValue
        cpuLimit = json["cpulimit"]?.doubleValue
        cpuUnits = json["cpuunits"]?.intValue
        memory = json["memory"]?.intValue
        swap = json["swap"]?.intValue
        rootfs = try json["rootfs"]?.stringValue.map { (text: String) throws(ProxmoxError) in try RootFS(parsing: text) }
        features = try json["features"]?.stringValue.map { (text: String) throws(ProxmoxError) in try Features(parsing: text) }
        unprivileged = json["unprivileged"]?.boolValue
        onBoot = json["onboot"]?.boolValue
        protection = json["protection"]?.boolValue
        tags = json.list("tags")
        timezone = json["timezone"]?.stringValue
        nameserver = json["nameserver"]?.stringValue
        searchDomain = json["searchdomain"]?.stringValue
        arch = json["arch"]?.stringValue
        osType = json["ostype"]?.stringValue
        startup = json["startup"]?.stringValue
        for (key, value) in json.objectValue ?? [:] {
            guard let text = value.stringValue else { continue }
            if let index = Self.index(of: key, prefix: "net") {
                networks[index] = try NetworkInterface(parsing: text)
            } else if let index = Self.index(of: key, prefix: "mp") {
                mountPoints[index] = try MountPoint(parsing: text)
            } else if let index = Self.index(of: key, prefix: "dev") {
                devices[index] = try DevicePassthrough(parsing: text)
            }
        }
    }

    /// `3` for `net3` with prefix `net`; `nil` otherwise.
    static func index(of key: String, prefix: String) -> Int? {
        guard key.hasPrefix(prefix) else { return nil }
        let digits = key.dropFirst(prefix.count)
        guard !digits.isEmpty, digits.allSatisfy(\.isASCII), digits.allSatisfy(\.isNumber) else { return nil }
        return Int(digits)
    }
}
