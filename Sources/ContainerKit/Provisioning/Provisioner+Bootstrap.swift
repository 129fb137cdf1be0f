import ConfigResolution
import Foundation

extension Provisioner {
    /// Debian/Ubuntu base packages (arm64 adds openssh-server, wget, gcc), and Alpine's.
    var basePackages: [String] {
        if osFamily == "alpine" { return ["bash", "newt", "curl", "openssh", "nano", "mc", "ncurses", "jq"] }
        return ["sudo", "curl", "mc", "gnupg2", "jq"] + (spec.arch == "arm64" ? ["openssh-server", "wget", "gcc"] : [])
    }

    /// build.func's bootstrap after the network wait: proxy, APT cacher, host CA, locale, timezone, base packages. Each
    /// part checks first.
    func bootstrap() async throws(BuildError) {
        if let proxy = options.httpProxy { try await configureProxy(proxy) }
        if options.aptCacher, options.httpProxy == nil, usesAPT, let address = options.aptCacherAddress { try await configureAPTCacher(address) }
        if options.inheritHostCA { try await inheritHostCA() }
        if usesAPT { try await configureLocale() }
        try await configureTimezone()
        try await installBasePackages()
    }

    /// `/etc/profile.d/90-http-proxy.sh`, `/etc/environment`, and `95http-proxy` for apt (build.func's proxy files).
    func configureProxy(_ proxy: String) async throws(BuildError) {
        let noProxy = options.noProxy ?? ConfigKey.defaultNoProxy
        let script = #"""
            mkdir -p /etc/profile.d
            cat > /etc/profile.d/90-http-proxy.sh <<EOF
            export http_proxy='$1'
            export https_proxy='$1'
            export HTTP_PROXY='$1'
            export HTTPS_PROXY='$1'
            export no_proxy='$2'
            export NO_PROXY='$2'
            EOF
            touch /etc/environment
            for line in "http_proxy=$1" "https_proxy=$1" "HTTP_PROXY=$1" "HTTPS_PROXY=$1" "no_proxy=$2" "NO_PROXY=$2"; do
              grep -qxF "$line" /etc/environment || echo "$line" >> /etc/environment
            done
            if [ "$3" = apt ]; then
              mkdir -p /etc/apt/apt.conf.d
              printf 'Acquire::http::Proxy "%s";\nAcquire::https::Proxy "%s";\n' "$1" "$1" > /etc/apt/apt.conf.d/95http-proxy
            fi
            """#
        guard !proxy.contains("'"), !noProxy.contains("'"), !proxy.contains("\n"), !noProxy.contains("\n") else {
            throw BuildError(exitCode: .invalidSettings, message: "var_http_proxy and var_http_no_proxy may not hold quotes or line breaks")
        }
        let apt = usesAPT && !options.aptCacher ? "apt" : "none"
        let result = try await inside("configuring the HTTP proxy", script, arguments: [proxy, noProxy, apt])
        if !result.succeeded { warn("the HTTP proxy could not be configured in \(ctid): \(result.errorOutput)") }
    }

    /// `00aptproxy` with `apt-proxy-detect.sh`, which falls back to DIRECT when the cacher does not answer.
    func configureAPTCacher(_ address: String) async throws(BuildError) {
        let parts = address.split(separator: ":")
        let host = String(parts.first ?? "")
        let port = parts.count > 1 ? String(parts[1]) : "3142"
        let script = #"""
            mkdir -p /usr/local/bin /etc/apt/apt.conf.d
            cat > /usr/local/bin/apt-proxy-detect.sh <<EOF
            #!/bin/bash
            if nc -w1 -z "$1" "$2"; then
              echo -n "http://$1:$2"
            else
              echo -n "DIRECT"
            fi
            EOF
            chmod +x /usr/local/bin/apt-proxy-detect.sh
            echo 'Acquire::http::Proxy-Auto-Detect "/usr/local/bin/apt-proxy-detect.sh";' > /etc/apt/apt.conf.d/00aptproxy
            """#
        guard host.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "." || $0 == "-" }), Int(port) != nil else {
            throw BuildError(exitCode: .invalidSettings, message: "var_apt_cacher_ip=\(address) is not host[:port]")
        }
        try await inside("configuring the APT cacher", script, arguments: [host, port])
    }

    /// Copies every readable `*.crt` of the node's local CA folder in (mode 644), then
    /// `update-ca-certificates`. Failures only warn.
    func inheritHostCA() async throws(BuildError) {
        let directory = options.hostCADirectory
        let listing = try await onNode("listing the node's CA certificates", ["sh", "-c", #"for f in "$1"/*.crt; do [ -r "$f" ] && echo "$f"; done; exit 0"#, "sh", directory])
        let files = listing.output.split(separator: "\n").map(String.init)
        guard !files.isEmpty else { return }
        var copied = 0
        for file in files {
            let content = try await onNode("reading \(file)", ["cat", file])
            guard content.succeeded else { warn("could not read \(file) on the node"); continue }
            let target = "/usr/local/share/ca-certificates/" + (file as NSString).lastPathComponent
            do {
                try await shell.copyIn(ctid: ctid, content.stdout, to: target, mode: "0644")
                copied += 1
            } catch {
                warn("could not copy \(file) into \(ctid): \(error.message)")
            }
        }
        let update = try await inside("update-ca-certificates", "command -v update-ca-certificates >/dev/null 2>&1 || exit 127; update-ca-certificates")
        if !update.succeeded { warn("update-ca-certificates failed in \(ctid) (exit \(update.exitCode))") }
        log.note("host CA certificates copied: \(copied)")
    }

    /// `LANG` (en_US.UTF-8) uncommented in `/etc/locale.gen`, `/etc/default/locale`, `locale-gen`; skipped
    /// when the locale exists already or the template has no `locale-gen`.
    func configureLocale(_ language: String = "en_US.UTF-8") async throws(BuildError) {
        let script = #"""
            command -v locale-gen >/dev/null 2>&1 || { echo NO-LOCALE-GEN; exit 0; }
            short=$(echo "$1" | sed 's/UTF-8/utf8/')
            if locale -a 2>/dev/null | grep -qx "$short" && grep -q "^LANG=$1" /etc/default/locale 2>/dev/null; then echo ALREADY; exit 0; fi
            [ -f /etc/locale.gen ] && sed -i "/^# *$1/ s/^# *//" /etc/locale.gen
            echo "LANG=$1" > /etc/default/locale
            locale-gen >/dev/null
            """#
        let result = try await inside("configuring the locale", script, arguments: [language])
        if !result.succeeded { warn("locale-gen failed in \(ctid) (exit \(result.exitCode))") }
    }

    /// The zone the container gets: its own `var_timezone` (build.func's bootstrap sets `/etc/localtime` from the
    /// host's zone, overriding it; lxc-build does not); the node's zone when unset or `host`.
    func timezone() async throws(BuildError) -> String? {
        if let zone = spec.timezone, zone != "host" { return zone }
        let result = try await onNode("reading the node's time zone", ["sh", "-c", "cat /etc/timezone 2>/dev/null || timedatectl show -p Timezone --value 2>/dev/null"])
        let zone = result.output.trimmingCharacters(in: .whitespacesAndNewlines)
        return zone.isEmpty ? nil : zone
    }

    /// `/etc/localtime` and `/etc/timezone`, unless already set to that zone.
    func configureTimezone() async throws(BuildError) {
        guard let zone = try await timezone() else { return }
        guard zone.wholeMatch(of: #/[A-Za-z0-9_+\-]+(\/[A-Za-z0-9_+\-]+)*/#) != nil else {
            warn("time zone '\(zone)' is not a zone name; left as it is")
            return
        }
        let script = #"""
            [ -e "/usr/share/zoneinfo/$1" ] || { echo NO-ZONE; exit 0; }
            if [ "$(readlink /etc/localtime)" = "/usr/share/zoneinfo/$1" ] && [ "$(cat /etc/timezone 2>/dev/null)" = "$1" ]; then echo ALREADY; exit 0; fi
            ln -sf "/usr/share/zoneinfo/$1" /etc/localtime && echo "$1" > /etc/timezone
            """#
        let result = try await inside("setting the time zone", script, arguments: [zone])
        if result.output.contains("NO-ZONE") { warn("time zone \(zone) is not in the container's /usr/share/zoneinfo; left as it is") }
    }

    /// Installs the base packages that are missing; none missing means no package manager call at all.
    func installBasePackages() async throws(BuildError) {
        let script = #"""
            [ -r /etc/profile.d/90-http-proxy.sh ] && . /etc/profile.d/90-http-proxy.sh
            manager=$1; shift
            missing=""
            for p in "$@"; do
              if [ "$manager" = apk ]; then apk info -e "$p" >/dev/null 2>&1 || missing="$missing $p"
              else dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing="$missing $p"; fi
            done
            [ -z "$missing" ] && { echo ALREADY; exit 0; }
            echo "INSTALLING$missing"
            if [ "$manager" = apk ]; then apk add --no-cache $missing
            else export DEBIAN_FRONTEND=noninteractive; apt-get update -qq && apt-get install -y -qq $missing; fi
            """#
        guard usesAPT || osFamily == "alpine" else { return }
        let result = try await inside(
            "installing base packages", script, arguments: [osFamily == "alpine" ? "apk" : "apt"] + basePackages, timeout: .seconds(1800))
        guard result.succeeded else {
            throw ProvisioningFailure(
                exitCode: BuildExitCode(rawValue: result.exitCode), message: "installing the base packages in container \(ctid) failed (exit code \(result.exitCode))",
                containerLog: result.output + result.errorOutput
            ).buildError(provisioner: self)
        }
    }
}
