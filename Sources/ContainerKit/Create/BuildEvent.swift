/// Progress of a build, as the workflow reports it. The CLI renders these; a library user can log them.
public enum BuildEvent: Sendable, Equatable {
    /// A step began.
    case started(BuildStep)
    /// A step ended well, with what it decided.
    case finished(BuildStep, String)
    /// A choice the workflow made on the user's behalf, and why.
    case decided(String)
    /// Something the user should know; the build goes on.
    case warning(String)
    /// A step failed.
    case failed(BuildStep, String)
}

/// The named steps of a create, in order.
public enum BuildStep: String, Sendable, Equatable, CaseIterable {
    case connect, node, storage, template, download, ctid, create, devices, start, network, provision, install, hook, notes, cleanup

    /// Human-readable name for progress lines.
    public var title: String {
        switch self {
        case .connect: return "Checking the Proxmox VE host"
        case .node: return "Choosing the node"
        case .storage: return "Choosing storage"
        case .template: return "Finding the template"
        case .download: return "Downloading the template"
        case .ctid: return "Choosing the container ID"
        case .create: return "Creating the container"
        case .devices: return "Configuring devices"
        case .start: return "Starting the container"
        case .network: return "Waiting for the network"
        case .provision: return "Preparing the container (network, locale, time zone, packages)"
        case .install: return "Running the app's install script"
        case .hook: return "Running the post-install hook"
        case .notes: return "Writing the container notes"
        case .cleanup: return "Removing the half-built container"
        }
    }
}

/// Receives build events; the default ignores them.
public typealias BuildEventHandler = @Sendable (BuildEvent) -> Void
