extension Provisioner {
    /// build.func's network wait, inside the container: connectivity (3 rounds of 1.1.1.1, 8.8.8.8 and an IPv6 ping; a
    /// failure only warns) and DNS (deb.debian.org or archive.ubuntu.com must resolve, else 8.8.8.8 and 1.1.1.1 are put
    /// first in `/etc/resolv.conf`, with a warning). IPv6 is switched off inside for `var_ipv6_method=disable`.
    func checkNetwork() async throws(BuildError) {
        if spec.network.ipv6 == .disable { try await disableIPv6() }
        let result = try await inside("checking connectivity and DNS", Self.networkCheckScript, timeout: .seconds(120))
        if result.output.contains("NO-CONNECTIVITY") {
            warn("container \(ctid) reached neither 1.1.1.1, 8.8.8.8 nor 2606:4700:4700::1111; installation will continue")
        }
        if result.output.contains("DNS-FALLBACK") {
            warn("container \(ctid) could not resolve deb.debian.org or archive.ubuntu.com; nameserver 8.8.8.8 and 1.1.1.1 written to its /etc/resolv.conf")
        }
    }

    static let networkCheckScript = #"""
        ok=0
        for round in 1 2 3; do
          for target in 1.1.1.1 8.8.8.8; do ping -c1 -W1 "$target" >/dev/null 2>&1 && ok=1 && break 2; done
          ping -6 -c1 -W1 2606:4700:4700::1111 >/dev/null 2>&1 && ok=1 && break
        done
        [ "$ok" = 1 ] || echo NO-CONNECTIVITY
        resolves() {
          if command -v getent >/dev/null 2>&1; then getent hosts "$1" >/dev/null 2>&1
          elif command -v timeout >/dev/null 2>&1; then timeout 5 nslookup "$1" >/dev/null 2>&1
          else nslookup "$1" >/dev/null 2>&1; fi
        }
        if ! resolves deb.debian.org && ! resolves archive.ubuntu.com; then
          others=$(grep -v -e '^nameserver 8\.8\.8\.8$' -e '^nameserver 1\.1\.1\.1$' /etc/resolv.conf 2>/dev/null)
          { printf 'nameserver 8.8.8.8\nnameserver 1.1.1.1\n'; [ -n "$others" ] && printf '%s\n' "$others"; } > /etc/resolv.conf.lxc-build
          cat /etc/resolv.conf.lxc-build > /etc/resolv.conf && rm -f /etc/resolv.conf.lxc-build
          echo DNS-FALLBACK
        fi
        exit 0
        """#

    /// build.func's `verb_ip6` for `disable`: `/etc/sysctl.d/99-disable-ipv6.conf`, applied now.
    func disableIPv6() async throws(BuildError) {
        let script = #"""
            mkdir -p /etc/sysctl.d
            printf 'net.ipv6.conf.all.disable_ipv6 = 1\nnet.ipv6.conf.default.disable_ipv6 = 1\nnet.ipv6.conf.lo.disable_ipv6 = 1\n' > /etc/sysctl.d/99-disable-ipv6.conf
            sysctl -p /etc/sysctl.d/99-disable-ipv6.conf >/dev/null 2>&1
            if [ -f /etc/alpine-release ] && command -v rc-update >/dev/null 2>&1; then rc-update add sysctl default >/dev/null 2>&1; fi
            exit 0
            """#
        try await inside("disabling IPv6", script)
    }
}
