import Foundation

extension HealthCheck {
    /// A service's state as the container's init system reports it.
    enum ServiceState: Equatable {
        /// Active (systemd) or started (OpenRC).
        case active
        /// Failed (systemd) or crashed (OpenRC).
        case failed
        /// On its way (`activating`, `reloading`, `starting`): asked again until the time is up.
        case changing(String)
        /// Anything else (`inactive`, `stopped`).
        case inactive(String)

        var word: String {
            switch self {
            case .active: "active"
            case .failed: "failed"
            case .changing(let word), .inactive(let word): word
            }
        }
    }

    /// The services of a container: its init system and each service's state.
    struct ServiceListing: Equatable {
        /// `systemd`, `openrc`, or `nil` for neither.
        var initSystem: String?
        /// Name to state.
        var states: [String: ServiceState]
    }

    /// Most bytes of the service listing read from the container, and most services kept of it.
    static let listingLimit = 1 << 20
    static let serviceLimit = 2000

    /// Prints the init system (`systemd`, `openrc` or `none`), then its services: systemd's unit list, OpenRC's
    /// service list. Runs inside the container.
    static let listingScript = """
        if [ -d /run/systemd/system ] && command -v systemctl >/dev/null 2>&1; then
          echo systemd; systemctl list-units --type=service --all --no-legend --plain --no-pager 2>/dev/null
        elif command -v rc-status >/dev/null 2>&1; then
          echo openrc; rc-status --servicelist 2>/dev/null
        else
          echo none
        fi
        """

    /// The container's services, read through the node shell within ``Options/commandTimeout``.
    /// - Throws: a message saying why they could not be read.
    func services(ctid: Int) async throws(HealthProblem) -> ServiceListing {
        let result: CommandResult
        do throws(NodeShellError) {
            result = try await shell.run(NodeCommand(
                try type(of: shell).attachArguments(ctid: ctid, ["/bin/sh", "-c", Self.listingScript], environment: ["PATH": "/usr/sbin:/usr/bin:/sbin:/bin"]),
                environment: ["PATH": "/usr/sbin:/usr/bin:/sbin:/bin"], timeout: options.commandTimeout, outputLimit: Self.listingLimit))
        } catch {
            throw HealthProblem(message: error.kind == .outputLimit
                ? "the service listing inside the container printed more than \(Self.listingLimit) bytes"
                : "the services inside the container could not be listed (\(error.message))", cancelled: error.kind == .cancelled)
        }
        guard result.succeeded else {
            throw HealthProblem(message: "listing the services inside the container exited \(result.exitCode)")
        }
        return Self.parseServices(result.output)
    }

    /// The listing ``listingScript`` prints, read as data: names that are not plain unit names are left out.
    static func parseServices(_ text: String) -> ServiceListing {
        var lines = text.split(whereSeparator: \.isNewline).prefix(serviceLimit + 1).makeIterator()
        let first = lines.next().map { $0.trimmingCharacters(in: .whitespaces) }
        guard let first, first == "systemd" || first == "openrc" else { return ServiceListing(initSystem: nil, states: [:]) }
        var states: [String: ServiceState] = [:]
        while let line = lines.next() {
            var words = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
            if first == "systemd" {
                if let mark = words.first, mark == "●" || mark == "*" || mark == "×" { words.removeFirst() }
                guard words.count >= 3, isServiceName(words[0]) else { continue }
                states[words[0]] = systemdState(words[2])
            } else {
                guard let name = words.first, isServiceName(name), let open = line.firstIndex(of: "["), let close = line.lastIndex(of: "]"),
                      open < close else { continue }
                let word = line[line.index(after: open)..<close].trimmingCharacters(in: .whitespaces).lowercased()
                states[name] = openRCState(word)
            }
        }
        return ServiceListing(initSystem: first, states: states)
    }

    /// A unit or service name: letters, digits, `@ . _ : -` and `\`, at most 256 characters.
    static func isServiceName(_ name: String) -> Bool {
        name.count <= 256 && name.wholeMatch(of: #/[A-Za-z0-9@._:\\\-]+/#) != nil
    }

    private static func systemdState(_ word: String) -> ServiceState {
        switch word {
        case "active": .active
        case "failed": .failed
        case "activating", "reloading", "refreshing": .changing(word)
        default: .inactive(isServiceName(word) ? word : "unknown")
        }
    }

    private static func openRCState(_ word: String) -> ServiceState {
        switch word {
        case "started": .active
        case "crashed": .failed
        case "starting": .changing(word)
        default: .inactive(isServiceName(word) ? word : "unknown")
        }
    }

    /// The services of `baseline` not active in `listing`, and those failed in it that were not before, with
    /// their state (`demo.service (failed)`); whether any of them is only on its way.
    static func failures(_ baseline: HealthBaseline, _ listing: ServiceListing) -> (failed: [String], changing: Bool) {
        var failed: [String] = []
        var changing = false
        for name in baseline.services {
            let state = listing.states[name] ?? .inactive("gone")
            if state == .active { continue }
            if case .changing = state { changing = true }
            failed.append("\(name) (\(state.word))")
        }
        let before = Set(baseline.failedBefore + baseline.services)
        for (name, state) in listing.states.sorted(by: { $0.key < $1.key }) where state == .failed && !before.contains(name) {
            failed.append("\(name) (failed)")
        }
        return (failed, changing)
    }
}

/// Why a part of a health check could not be told.
struct HealthProblem: Error {
    /// What happened.
    var message: String
    /// The run was stopped meanwhile.
    var cancelled = false
}
