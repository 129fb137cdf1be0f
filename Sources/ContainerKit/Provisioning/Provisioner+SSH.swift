import Foundation

extension Provisioner {
    /// The keys for root: the spec's key, then ``ProvisioningOptions/sshKeys``, without blanks or repeats.
    var authorizedKeys: [String] {
        var keys: [String] = []
        for key in [spec.sshAuthorizedKey].compactMap({ $0 }) + options.sshKeys {
            for line in key.split(whereSeparator: \.isNewline) {
                let trimmed = line.trimmingCharacters(in: .whitespaces)
                if !trimmed.isEmpty, !trimmed.hasPrefix("#"), !keys.contains(trimmed) { keys.append(trimmed) }
            }
        }
        return keys
    }

    /// Merges the keys into `/root/.ssh/authorized_keys` (folder 0700, file 0600): lines already there stay
    /// (install.func's `customize` overwrites the file with the one `SSH_AUTHORIZED_KEY`; here nothing is overwritten).
    /// Root login is enabled only when `var_ssh` says so.
    func installSSHKeys() async throws(BuildError) {
        let keys = authorizedKeys
        if keys.isEmpty {
            if options.sshRoot { warn("No SSH keys to install (skipping)") }
        } else {
            try await mergeAuthorizedKeys(keys)
        }
        if options.sshRoot { try await enableRootLogin() }
    }

    /// Appends each key of `keys` that the file does not hold yet; the keys travel on stdin.
    func mergeAuthorizedKeys(_ keys: [String]) async throws(BuildError) {
        let script = #"""
            umask 077
            mkdir -p /root/.ssh && chmod 700 /root/.ssh
            f=/root/.ssh/authorized_keys
            touch "$f"
            if [ -s "$f" ] && [ -n "$(tail -c1 "$f")" ]; then echo >> "$f"; fi
            added=0
            while IFS= read -r key; do
              [ -n "$key" ] || continue
              grep -qxF -- "$key" "$f" || { printf '%s\n' "$key" >> "$f"; added=$((added+1)); }
            done
            chmod 600 "$f"
            echo "ADDED $added"
            """#
        let result = try await inside("merging SSH keys", script, input: Data((keys.joined(separator: "\n") + "\n").utf8))
        guard result.succeeded else {
            throw BuildError(exitCode: BuildExitCode.general, message: "installing SSH keys in container \(ctid) failed: \(result.errorOutput)")
        }
    }

    /// `PermitRootLogin yes` in `sshd_config` (when the template has one), and a reload of sshd.
    func enableRootLogin() async throws(BuildError) {
        let script = #"""
            f=/etc/ssh/sshd_config
            [ -f "$f" ] || { echo NO-SSHD; exit 0; }
            grep -qx 'PermitRootLogin yes' "$f" && { echo ALREADY; exit 0; }
            if grep -qE '^#?[[:space:]]*PermitRootLogin' "$f"; then
              sed -i -E 's/^#?[[:space:]]*PermitRootLogin.*/PermitRootLogin yes/' "$f"
            else
              echo 'PermitRootLogin yes' >> "$f"
            fi
            (systemctl reload ssh || systemctl reload sshd || rc-service sshd restart) >/dev/null 2>&1
            exit 0
            """#
        try await inside("enabling root login over SSH", script)
    }
}
