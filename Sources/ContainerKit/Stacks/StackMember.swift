import Foundation

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

    /// A member.
    public init(name: String, spec: ContainerSpec, options: ContainerBuilder.Options = ContainerBuilder.Options(), secrets: [String] = []) {
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

    /// A stack.
    public init(name: String, file: String, members: [StackMember]) {
        self.name = name
        self.file = file
        self.members = members
    }
}

/// The line in a container's notes that makes it a stack's: `lxc-build stack: <stack> <container>`. A container is
/// the stack's only when a line of its notes is exactly this, never by its name alone.
public enum StackMarker {
    /// The marker of `container` in `stack`.
    public static func line(stack: String, container: String) -> String {
        "lxc-build stack: \(stack) \(container)"
    }

    /// Whether `notes` (a container's description) carry the marker of `container` in `stack`.
    public static func isMarked(_ notes: String?, stack: String, container: String) -> Bool {
        let marker = line(stack: stack, container: container)
        return (notes ?? "").split(whereSeparator: \.isNewline).contains { line in
            var text = line.trimmingCharacters(in: .whitespaces)
            if text.hasPrefix("- ") { text.removeFirst(2) }
            return text == marker
        }
    }
}

/// A setting of an existing stack container that differs from the stack file: reported, never changed.
public struct StackDrift: Sendable, Equatable {
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

    /// An existing container.
    public init(ctid: Int, node: String, drift: [StackDrift]) {
        self.ctid = ctid
        self.node = node
        self.drift = drift
    }
}
