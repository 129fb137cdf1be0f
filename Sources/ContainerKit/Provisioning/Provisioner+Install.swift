import ConfigResolution
import Foundation

extension Provisioner {
    /// `/root/.install-<SID>.log`, the install log inside the container (`INSTALL_LOG`).
    var installLogPath: String { "/root/.install-\(sessionID).log" }
    /// `/root/.install-<SID>.failed`, the exit-code flag error_handler.func writes inside.
    var failureFlagPath: String { "/root/.install-\(sessionID).failed" }

    /// The catalog files: `install/<app>-install.sh` and `misc/install.func` (`alpine-install.func` on Alpine).
    func catalogScripts() throws(BuildError) -> (script: String, functions: String) {
        let directory = options.catalogDirectory ?? "."
        let app = spec.app.lowercased()
        let scriptPath = "\(directory)/install/\(app)-install.sh"
        let functionsPath = "\(directory)/misc/\(osFamily == "alpine" ? "alpine-install.func" : "install.func")"
        guard let script = try? String(contentsOfFile: scriptPath, encoding: .utf8) else {
            throw BuildError(exitCode: .usage, message: "the install script \(scriptPath) does not exist or cannot be read")
        }
        guard let functions = try? String(contentsOfFile: functionsPath, encoding: .utf8), functions.count >= 100 else {
            throw BuildError(
                exitCode: .functionsMissing, message: "\(functionsPath) is missing or shorter than 100 characters",
                hint: "The catalog needs misc/install.func (misc/alpine-install.func for Alpine), as community-scripts has it.")
        }
        return (script, functions)
    }

    /// The variables build.func exports for install scripts (before `lxc-attach ... bash -c`), so catalog scripts run
    /// unmodified, and the app's own keys (``ProvisioningOptions/appEnvironment``) as they were resolved.
    func installEnvironment(functions: String) -> [String: String] {
        let yesNo = { (flag: Bool) in flag ? "yes" : "no" }
        let uuid = UUID().uuidString.lowercased()
        var environment: [String: String] = [
            "FUNCTIONS_FILE_PATH": functions,
            "DIAGNOSTICS": "no", "RANDOM_UUID": uuid, "EXECUTION_ID": uuid, "SESSION_ID": sessionID,
            "REPO_SOURCE": "lxc-build", "REPO_SLUG": "community-scripts/ProxmoxVE", "TELEMETRY_PLATFORM": "pve",
            "CACHER": yesNo(options.aptCacher), "CACHER_IP": options.aptCacherAddress ?? "",
            "tz": spec.timezone ?? "", "APPLICATION": options.applicationName ?? spec.app, "app": spec.app.lowercased(),
            "PASSWORD": spec.password ?? "", "VERBOSE": yesNo(options.verbose), "SSH_ROOT": yesNo(options.sshRoot),
            "SSH_AUTHORIZED_KEY": spec.sshAuthorizedKey ?? "", "CTID": String(ctid), "CTTYPE": spec.unprivileged ? "1" : "0",
            "ENABLE_FUSE": yesNo(spec.features.fuse), "ENABLE_TUN": yesNo(spec.tun), "ENABLE_GPU": yesNo(spec.gpu),
            "IPV6_METHOD": Self.ipv6Method(spec.network.ipv6),
            "PCT_OSTYPE": osFamily, "PCT_OSVERSION": spec.osVersion, "PCT_ARCH": spec.arch, "PCT_DISK_SIZE": String(spec.diskGiB),
            "BUILD_LOG": "/tmp/create-lxc-\(sessionID).log", "INSTALL_LOG": installLogPath,
            "HOME": "/root", "TERM": "xterm-256color", "LANG": "C.UTF-8",
        ]
        for mode in ["MOTD", "KEEP", "TRACE", "PAUSE", "BREAKPOINT", "LOGS", "DRYRUN"] { environment["DEV_MODE_\(mode)"] = "false" }
        // `var_*` names: they cannot replace one of build.func's variables above.
        environment.merge(options.appEnvironment.filter { $0.key.hasPrefix("var_") }) { own, _ in own }
        if let proxy = options.httpProxy {
            for name in ["http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY"] { environment[name] = proxy }
            let noProxy = options.noProxy ?? ConfigKey.defaultNoProxy
            environment["no_proxy"] = noProxy
            environment["NO_PROXY"] = noProxy
        }
        return environment
    }

    static func ipv6Method(_ ipv6: NetworkSpec.IPv6) -> String {
        switch ipv6 {
        case .none: return "none"
        case .auto: return "auto"
        case .dhcp: return "dhcp"
        case .fixed: return "static"
        case .disable: return "disable"
        }
    }

    /// Runs the app's install script with `bash -c` inside, as build.func's `lxc-attach` does. The result is
    /// the flag file's code when there is one (it is removed after reading), else bash's exit code.
    func runInstallScript() async throws(BuildError) {
        let (script, functions) = try catalogScripts()
        events(.started(.install))
        log.note("running install/\(spec.app.lowercased())-install.sh")
        // Keys present before the script: install.func's customize() overwrites authorized_keys with one key.
        let keysBefore = (try? await shell.copyOut(ctid: ctid, from: "/root/.ssh/authorized_keys")).flatMap { $0 }
        let result: CommandResult
        do {
            result = try await shell.exec(
                ctid: ctid, ["bash", "-c", script], environment: installEnvironment(functions: functions), timeout: options.installTimeout,
                longOutput: .keepStartAndEnd)
        } catch {
            throw failure(error, during: "running the install script")
        }
        log.record("install script", result)
        var exitCode = result.exitCode
        if let flag = try? await shell.copyOut(ctid: ctid, from: failureFlagPath) {
            let text = String(decoding: flag, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            exitCode = Int32(text) ?? (exitCode == 0 ? 1 : exitCode)
            _ = try? await shell.script(ctid: ctid, #"rm -f "$1""#, arguments: [failureFlagPath])
        }
        if exitCode == 0 {
            let restored = keysBefore.map { String(decoding: $0, as: UTF8.self).split(whereSeparator: \.isNewline).map(String.init) } ?? []
            let keys = restored + authorizedKeys
            if !keys.isEmpty { try await mergeAuthorizedKeys(keys) }
            events(.finished(.install, "\(options.applicationName ?? spec.app) installed"))
            return
        }
        var containerLog = (try? await shell.copyOut(ctid: ctid, from: installLogPath)).flatMap { $0 }.map { String(decoding: $0, as: UTF8.self) } ?? ""
        if containerLog.isEmpty { containerLog = result.output + result.errorOutput }
        let errorInfo = (try? await shell.copyOut(ctid: ctid, from: installLogPath + ".errinfo")).flatMap { $0 }
        throw ProvisioningFailure(
            exitCode: BuildExitCode(rawValue: exitCode), message: "installation failed in container \(ctid) (exit code: \(exitCode))", containerLog: containerLog,
            errorInfo: errorInfo
        ).buildError(provisioner: self)
    }

    /// build.func's post-install hook (`var_post_install`, run after `description()`): `bash HOOK` on the node with
    /// `APP NSAPP CTID IP HN STORAGE BRG`, output to `post-install-<CTID>.log`; a failure only warns, the container
    /// stays.
    func runPostInstallHook() async {
        guard let hook = options.postInstallHook, !hook.isEmpty else { return }
        events(.started(.hook))
        let logPath = "\(options.hookLogDirectory)/post-install-\(ctid).log"
        let environment = [
            "APP": options.applicationName ?? spec.app, "NSAPP": spec.app.lowercased(), "CTID": String(ctid), "IP": address ?? "",
            "HN": spec.hostname, "STORAGE": spec.containerStorage ?? "", "BRG": spec.network.sdnVnet ?? spec.network.bridge,
        ]
        let script = #"[ -f "$1" ] || { echo "hook $1 not found" > "$2"; exit 127; }; mkdir -p "$(dirname "$2")"; bash "$1" > "$2" 2>&1"#
        do {
            let result = try await shell.onNode(["sh", "-c", script, "sh", hook, logPath], environment: environment, timeout: .seconds(1800))
            log.record("post-install hook", result)
            if result.succeeded {
                events(.finished(.hook, "output in \(logPath)"))
                return
            }
            let tail = try? await shell.onNode(["tail", "-n", "15", logPath])
            warn("the post-install hook \(hook) failed (exit \(result.exitCode)); the container is kept. Last lines of \(logPath):\n\(tail?.output ?? "")")
        } catch {
            warn("the post-install hook \(hook) could not run: \(error.message); the container is kept")
        }
    }
}
