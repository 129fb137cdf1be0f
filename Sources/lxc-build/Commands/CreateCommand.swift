import ArgumentParser
import ConfigResolution
import ContainerKit
import Foundation
import ProxmoxAPI
import Synchronization

/// `lxc-build create APP`: builds a container.
struct CreateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create",
        abstract: "Create a container for APP on Proxmox VE.",
        discussion: """
            Connects with PROXMOX_VE_ENDPOINT and PROXMOX_VE_API_TOKEN (or PROXMOX_VE_USERNAME and \
            PROXMOX_VE_PASSWORD; PROXMOX_VE_FINGERPRINT or PROXMOX_VE_CA_FILE to trust the certificate), or \
            through pvesh when run as root on a node. Settings come from --set, the flags, var_* variables and \
            the .vars files (see `lxc-build config show`). A container this run created is removed again if a \
            later step fails, unless --keep-on-failure, and when the run is stopped: Ctrl-C (exit 130), SIGTERM \
            (143), SIGHUP (129), SIGQUIT (131), or its standard output or error closed (141); a create task still running \
            is stopped first, and a second signal ends lxc-build at once, naming the container left. Exit codes follow \
            build.func's table. A run that failed after it began writing keeps its log (in $LXC_BUILD_LOG_DIR, else \
            /var/log/lxc-build as root, else $XDG_STATE_HOME/lxc-build/logs; the newest 20 are kept; its path is \
            printed); a successful one, or one stopped before any write (a usage or settings error, a plan that \
            cannot be made), leaves none, unless --log FILE chose where it goes.
            On a terminal, without --mode, --yes, --json, mode=, PHS_SILENT=1 or var_unattended, a menu asks for \
            the install mode (Default, Advanced, User Defaults, App Defaults when the app's file exists, Settings: \
            edit the .vars files with $EDITOR); --mode advanced goes straight to the advanced wizard, whose answers \
            override the other settings and which ends with an offer to save them as the app's defaults. The menus \
            use whiptail when it is installed, numbered prompts otherwise (Enter keeps the shown value, < goes \
            back, - clears a value). Every question takes its default after 60 seconds without an answer.
            """
    )

    @OptionGroup var options: BuildOptions
    @Flag(name: [.customLong("plan"), .customLong("dry-run")],
          help: "An alias of `lxc-build plan APP`: decide everything and print the requests; change nothing.")
    var dryRun = false
    @OptionGroup var logOption: LogFileOption
    var logFile: String? { logOption.logFile }

    func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        // Before anything else: a signal or a closed output from here on stops the run through its cleanup; a
        // second signal ends the process at once, naming the container still listed here.
        let unfinished = UnfinishedContainers()
        let trap = SignalTrap(unfinished: unfinished)
        if dryRun {
            PlanSpelling.note(given: CommandLine.arguments.contains("--plan") ? "create --plan" : "create --dry-run",
                              canonical: "lxc-build plan \(options.app)")
        }
        let log: RunLog
        do {
            log = try RunLog(redactor: Redactor(environment: environment, commandLineSettings: options.config.settings), environment: environment, chosen: logFile,
                             escaping: { TerminalText.escaped($0) })
        } catch {
            throw error.buildError
        }
        let printer = ProgressPrinter(environment: environment, verbosity: options.verbosity, log: log)
        let interactive = options.isInteractive(environment: environment)
        let outcome = Mutex(Result<BuildResult, BuildError>?.none)
        let planOutcome = Mutex(Result<CreatePlan, BuildError>?.none)
        // Set once the run starts writing to Proxmox VE or the node: only such a run's failure keeps its log.
        let wrote = Mutex(false)
        let session = options.showsMenus(environment: environment)
            ? InteractiveSession(prompter: TerminalPrompter(), environment: environment,
                                 // The host's bridges and certificates are those of the node only when run on it.
                                 context: options.connection(environment: environment).isOnNode ? InteractiveSession.localContext() : WizardContext(),
                                 addSecret: { log.addSecrets([$0]) })
            : nil
        let work = Task {
            do {
                let (configuration, spec, builder) = try await options.prepare(
                    environment: environment, interactive: interactive, session: session, unfinished: unfinished, events: printer.handle)
                // Secrets from the .vars files too, not only those the environment and the flags named.
                log.addSecrets(configuration.secretValues)
                let plan = try await builder.plan(spec)
                if dryRun {
                    planOutcome.set(.success(plan))
                    return
                }
                // Substitutions and planning warnings before anything is written, not only with the result.
                for warning in plan.substitutions.map(\.message) + plan.warnings { printer.handle(.warning(warning)) }
                printer.summary(plan)
                wrote.set(true)
                outcome.set(.success(try await builder.execute(plan)))
                if let session, configuration.mode == .advanced {
                    printer.say(session.offerSave(configuration, loader: ConfigLoader(environment: environment)))
                }
            } catch let error as BuildError {
                outcome.set(.failure(error))
            } catch {
                outcome.set(.failure(BuildError.fromCommandLine(error)))
            }
        }
        trap.cancel(work)
        await work.value
        printer.flush()
        if let plan = planOutcome.get() {
            log.discard()
            if case .success(let plan) = plan { try PlanRendering.print(plan, json: options.json) }
            return
        }
        guard var result = outcome.get() else { throw ExitCode.failure }
        if case .failure(let error) = result, error.exitCode.isSuccess {
            log.discard()
            TerminalOutput.shared.line(error.message)  // the user left the menus
            return
        }
        if case .failure(let error) = result, let stop = trap.reason { result = .failure(error.stopped(by: stop)) }
        let failure: BuildError? = if case .failure(let error) = result { error } else { nil }
        // Only a run that failed after it started writing keeps its log (RunLog.finish), and it is named.
        if let kept = log.finish(failure: failure, afterWriting: wrote.get()) {
            TerminalOutput.shared.line("Full log: \(kept)", to: .errors)
        }
        try ResultRendering.print(result, json: options.json)
    }
}

/// `lxc-build plan APP`: what `create` would do, with read requests only.
struct PlanCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Decide everything `create` would and print the requests it would send; change nothing."
    )

    @OptionGroup var options: BuildOptions

    func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        // A signal or a closed output ends a plan through the normal exit, so a fetched catalog folder goes too.
        let trap = SignalTrap()
        let printer = ProgressPrinter(environment: environment, verbosity: options.verbosity)
        let work = Task { () -> Result<CreatePlan, BuildError> in
            do {
                let (_, spec, builder) = try await options.prepare(environment: environment, events: printer.handle)
                return .success(try await builder.plan(spec))
            } catch {
                return .failure(BuildError.fromCommandLine(error))
            }
        }
        trap.cancel(work)
        let result = await work.value
        printer.flush()
        if let stop = trap.reason {
            // Stopped: not printed, however far it got.
            var error = BuildError(exitCode: BuildExitCode.interrupted, message: "interrupted")
            if case .failure(let failure) = result { error = failure }
            try ResultRendering.print(.failure(error.stopped(by: stop)), json: options.json)
            return
        }
        switch result {
        case .success(let plan): try PlanRendering.print(plan, json: options.json)
        case .failure(let error): try ResultRendering.print(.failure(error), json: options.json)
        }
    }
}

extension BuildError {
    /// ``BuildError/from(_:)`` (ContainerKit's one conversion) and the command line's own: the wizard's exit and
    /// the argument parser's errors.
    static func fromCommandLine(_ error: any Error) -> BuildError {
        if error is UserExited { return BuildError(exitCode: .success, message: "User exited script") }
        if let error = error as? ValidationError { return BuildError(exitCode: BuildExitCode.usage, message: error.message) }
        return BuildError.from(error)
    }
}
