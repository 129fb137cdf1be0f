import Foundation
public import ProxmoxAPI

/// One container of a stack, ready to plan: its name in the stack, the spec its settings describe and the builder
/// options (``ContainerBuilder/Options/node`` is the container's `node:`).
public struct StackMember: Sendable {
    /// Its name in the stack file; with the stack's name it makes the container's marker (``StackMarker``).
    public var name: String
    /// What to build.
    public var spec: ContainerSpec
    /// How to build it.
    public var options: ContainerBuilder.Options
    /// The secret values its settings hold (`ResolvedConfiguration.secretValues`), to mask in logs.
    public var secrets: [String]
    /// The members it is created and started after (each running first), and destroyed before (`depends_on:`).
    public var dependsOn: [String]

    /// A member.
    public init(name: String, spec: ContainerSpec, options: ContainerBuilder.Options = ContainerBuilder.Options(), secrets: [String] = [],
                dependsOn: [String] = []) {
        self.dependsOn = dependsOn
        self.name = name
        self.spec = spec
        self.options = options
        self.secrets = secrets
    }
}

/// A stack: its id and its members, as ``StackRunner`` plans and applies them.
public struct Stack: Sendable {
    /// The stack's id (``StackFile/name``), written into each container's marker.
    public var name: String
    /// The file it came from, for messages.
    public var file: String
    /// The containers, in the file's order.
    public var members: [StackMember]
    /// The stack's key (``StackKey/loadOrCreate(stack:folder:)``): it proves the markers it writes, and only
    /// containers whose marker it proves are the stack's.
    public var key: StackKey
    /// Where the key is kept, for messages (``StackKey/path(stack:folder:)``).
    public var keyPath: String

    /// A stack.
    public init(name: String, file: String, members: [StackMember], key: StackKey, keyPath: String = "(the stack's key)") {
        self.name = name
        self.file = file
        self.members = members
        self.key = key
        self.keyPath = keyPath
    }
}

/// A setting of an existing stack container that differs from the stack file: reported, never changed.
public struct StackDrift: Sendable, Equatable, Codable {
    /// The container option (`cores`, `memory`, `net0`, ...).
    public var option: String
    /// What the stack file asks for.
    public var wanted: String
    /// What the container has (`(not set)` when it has none).
    public var actual: String

    /// A difference.
    public init(option: String, wanted: String, actual: String) {
        self.option = option
        self.wanted = wanted
        self.actual = actual
    }
}

/// A container of the stack that exists already (it carries the stack's marker): left alone.
public struct StackExisting: Sendable, Equatable {
    /// Its id.
    public var ctid: Int
    /// Its node.
    public var node: String
    /// Where its settings differ from the file.
    public var drift: [StackDrift]
    /// The requests `apply --converge` sends to change in place what of ``drift`` can be (`PUT .../config`, then
    /// `PUT .../resize` to grow the root disk, then the firewall's, the HA resource's and the pool's), in order;
    /// planned always, sent only with `--converge`.
    public var changes: [APIRequest] = []
    /// What of ``drift`` no request of lxc-build changes (template or OS, unprivileged, features, a smaller root disk, a
    /// pool or HA rule that does not exist...): listed, never changed.
    public var rebuild: [StackDrift] = []
    /// Whether ``changes`` were carried out (`apply --converge`).
    public var converged = false

    /// An existing container.
    public init(ctid: Int, node: String, drift: [StackDrift]) {
        self.ctid = ctid
        self.node = node
        self.drift = drift
    }
}
