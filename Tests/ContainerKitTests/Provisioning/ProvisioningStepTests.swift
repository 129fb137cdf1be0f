import ContainerKitTestSupport
import Foundation
import LXCBuildTestSupport
import ProxmoxAPI
import Testing
@testable import ContainerKit

/// A provisioner for `container` whose API answers only the basics (steps here do not call it).
func provisioner(
    _ container: LXCContainerFixture, spec: ContainerSpec? = nil, options: ProvisioningOptions? = nil, events: EventLog = EventLog()
) -> Provisioner {
    Provisioner(
        shell: LocalNodeShell(configLayout: .plainLXC), client: ProxmoxClient(transport: scriptedPVE()), node: "pve", ctid: container.ctid,
        spec: spec ?? provisionSpec(container), options: options ?? localProvisioning(catalog: nil), address: "10.20.0.5",
        events: events.handler)
}

@Suite("Provisioning steps in real LXC containers", .enabled(if: LXCContainerFixture.isAvailable))
struct ProvisioningStepTests {
    @Test("SSH keys are merged, never overwritten (install.func's customize overwrites them): folder 0700, file 0600, a re-run changes nothing; root login only with var_ssh")
    func sshKeyMerge() async throws {
        try await withLXCContainer { container in
            try container.attach("mkdir -p /root/.ssh /etc/ssh && printf 'ssh-ed25519 AAAAold old@host' > /root/.ssh/authorized_keys && echo '#PermitRootLogin prohibit-password' > /etc/ssh/sshd_config")
            var spec = provisionSpec(container)
            spec.sshAuthorizedKey = "ssh-ed25519 AAAAnew new@host"
            var options = localProvisioning(catalog: nil)
            options.sshKeys = ["ssh-rsa AAAAextra extra@host\nssh-ed25519 AAAAold old@host"]
            let step = provisioner(container, spec: spec, options: options)
            try await step.installSSHKeys()
            try await step.installSSHKeys()
            #expect(try container.attach("cat /root/.ssh/authorized_keys") == "ssh-ed25519 AAAAold old@host\nssh-ed25519 AAAAnew new@host\nssh-rsa AAAAextra extra@host\n")
            #expect(try container.attach("stat -c %a /root/.ssh /root/.ssh/authorized_keys") == "700\n600\n")
            #expect(try container.attach("cat /etc/ssh/sshd_config") == "#PermitRootLogin prohibit-password\n")
            options.sshRoot = true
            try await provisioner(container, spec: spec, options: options).installSSHKeys()
            #expect(try container.attach("cat /etc/ssh/sshd_config") == "PermitRootLogin yes\n")
        }
    }

    @Test("keys survive an install script that overwrites authorized_keys, as install.func's customize() does")
    func keysSurviveCustomize() async throws {
        let catalog = try makeCatalog(body: #"mkdir -p /root/.ssh; echo "$SSH_AUTHORIZED_KEY" > /root/.ssh/authorized_keys"#)
        try await withLXCContainer(bash: true) { container in
            try container.attach("mkdir -p /root/.ssh && echo 'ssh-ed25519 AAAAtemplate t@host' > /root/.ssh/authorized_keys")
            var spec = provisionSpec(container)
            spec.sshAuthorizedKey = "ssh-ed25519 AAAAmine me@host"
            let step = provisioner(container, spec: spec, options: localProvisioning(catalog: catalog))
            try await step.installSSHKeys()
            try await step.runInstallScript()
            let keys = try container.attach("cat /root/.ssh/authorized_keys")
            #expect(keys.contains("AAAAtemplate") && keys.contains("AAAAmine"))
        }
    }

    @Test("bootstrap is idempotent: missing base packages installed once, proxy files, the container's own time zone, not the host's")
    func bootstrapIdempotent() async throws {
        try await withLXCContainer { container in
            try container.attach(#"""
                mkdir -p /usr/bin /usr/share/zoneinfo/Europe
                touch /usr/share/zoneinfo/Europe/Berlin /tmp/installed
                printf '#!/bin/sh\ngrep -qx "$3" /tmp/installed && printf "install ok installed"\n' > /usr/bin/dpkg-query
                printf '#!/bin/sh\necho "$*" >> /tmp/apt.log\n[ "$1" = install ] && shift 3 && for p; do echo "$p" >> /tmp/installed; done\nexit 0\n' > /usr/bin/apt-get
                chmod +x /usr/bin/dpkg-query /usr/bin/apt-get
                """#)
            var spec = provisionSpec(container)
            spec.timezone = "Europe/Berlin"
            var options = localProvisioning(catalog: nil)
            options.httpProxy = "http://proxy.lan:3128"
            let step = provisioner(container, spec: spec, options: options)
            try await step.bootstrap()
            try await step.bootstrap()
            #expect(try container.attach("cat /tmp/apt.log") == "update -qq\ninstall -y -qq sudo curl mc gnupg2 jq\n")
            #expect(try container.attach("readlink /etc/localtime; cat /etc/timezone") == "/usr/share/zoneinfo/Europe/Berlin\nEurope/Berlin\n")
            #expect(try container.attach("cat /etc/apt/apt.conf.d/95http-proxy").contains(#"Acquire::http::Proxy "http://proxy.lan:3128";"#))
            #expect(try container.attach("grep -c proxy.lan /etc/environment") == "4\n")
            #expect(try container.attach(". /etc/profile.d/90-http-proxy.sh; echo $https_proxy") == "http://proxy.lan:3128\n")
        }
    }

    @Test("a failing base-package install is a provisioning failure with its exit code and combined log")
    func bootstrapFailure() async throws {
        try await withLXCContainer { container in
            try container.attach(#"printf '#!/bin/sh\necho "E: Could not get lock /var/lib/dpkg/lock"\nexit 100\n' > /usr/bin/apt-get; chmod +x /usr/bin/apt-get"#)
            let step = provisioner(container, options: localProvisioning(catalog: nil, logDirectory: try temporaryFolder()))
            do {
                try await step.installBasePackages()
                Issue.record("expected a failure")
            } catch let error as BuildError {
                #expect(error.exitCode == 100)
                #expect(step.outcome.installFailure?.repairs == [.repairAPT])
            }
        }
    }

    @Test("no network inside: a warning, and 8.8.8.8 and 1.1.1.1 put first in resolv.conf; IPv6 disabled on request")
    func networkFallbacks() async throws {
        try await withLXCContainer { container in
            try container.attach("echo 'nameserver 10.9.9.9' > /etc/resolv.conf")
            var spec = provisionSpec(container)
            spec.network.ipv6 = .disable
            let events = EventLog()
            try await provisioner(container, spec: spec, events: events).checkNetwork()
            #expect(try container.attach("cat /etc/resolv.conf") == "nameserver 8.8.8.8\nnameserver 1.1.1.1\nnameserver 10.9.9.9\n")
            #expect(try container.attach("cat /etc/sysctl.d/99-disable-ipv6.conf").contains("net.ipv6.conf.all.disable_ipv6 = 1"))
            #expect(events.warnings.contains { $0.contains("installation will continue") })
            #expect(events.warnings.contains { $0.contains("nameserver 8.8.8.8 and 1.1.1.1") })
        }
    }

    @Test("the post-install hook runs on the node with APP NSAPP CTID IP HN STORAGE BRG; a failing one only warns")
    func postInstallHook() async throws {
        try await withLXCContainer { container in
            let folder = try temporaryFolder()
            try #"echo "$APP|$NSAPP|$CTID|$IP|$HN|$STORAGE|$BRG""#.write(toFile: folder + "/hook.sh", atomically: true, encoding: .utf8)
            var options = localProvisioning(catalog: nil)
            options.postInstallHook = folder + "/hook.sh"
            options.hookLogDirectory = folder
            var spec = provisionSpec(container)
            spec.containerStorage = "local-lvm"
            let events = EventLog()
            await provisioner(container, spec: spec, options: options, events: events).runPostInstallHook()
            let log = try String(contentsOfFile: "\(folder)/post-install-\(container.ctid).log", encoding: .utf8)
            #expect(log == "Demo|demo|\(container.ctid)|10.20.0.5|demo|local-lvm|vmbr0\n")
            #expect(events.warnings.isEmpty)
            try "echo broken; exit 3".write(toFile: folder + "/hook.sh", atomically: true, encoding: .utf8)
            await provisioner(container, spec: spec, options: options, events: events).runPostInstallHook()
            #expect(events.warnings.contains { $0.contains("failed (exit 3); the container is kept") && $0.contains("broken") })
        }
    }
}

@Suite("GPU groups and raw device lines, real LXC plus fakepve", .serialized, .enabled(if: LXCContainerFixture.isAvailable))
struct DeviceProvisioningTests {
    @Test("fix_gpu_gids: video and render read inside (a missing group created), devN gids set through the API, nodes fixed inside")
    func gpuGroupIDs() async throws {
        try await withLXCContainer { container in
            try container.attach(#"""
                echo 'video:x:91:' >> /etc/group
                printf '#!/bin/sh\n[ "$1" = -r ] && echo "$2:x:105:" >> /etc/group\n' > /usr/bin/groupadd; chmod +x /usr/bin/groupadd
                mkdir -p /dev/dri && mknod /dev/dri/renderD128 c 226 128 && mknod /dev/dri/card0 c 226 0
                """#)
            try await withFakePVE { pve in
                try pve.storeDebianTemplate()
                var spec = provisionSpec(container)
                spec.devices = [DevicePassthrough(path: "/dev/dri/renderD128", gid: 44), DevicePassthrough(path: "/dev/dri/card0", gid: 44)]
                var options = ContainerBuilder.Options()
                options.provisioning = localProvisioning(catalog: nil)
                options.provisioning?.usbPassthrough = true
                let events = EventLog()
                _ = try await pve.builder(options, events: events).create(spec)
                let devices = try await pve.passwordClient().node("pve1").container(container.ctid).config().options.devices
                #expect(devices[0]?.path == "/dev/dri/renderD128" && devices[0]?.gid == 105)
                #expect(devices[1]?.path == "/dev/dri/card0" && devices[1]?.gid == 91)
                #expect(try container.attach("stat -c '%g %a' /dev/dri/renderD128 /dev/dri/card0") == "105 660\n91 660\n")
                #expect(events.all.contains { if case .finished(.devices, let text) = $0 { return text.contains("video:91, render:105") } else { return false } })
                let config = try String(contentsOfFile: container.configPath, encoding: .utf8)
                #expect(config.contains("lxc.cgroup2.devices.allow = c 188:* rwm") && config.contains("lxc.mount.entry = /dev/ttyUSB0 dev/ttyUSB0 none bind,optional,create=file"))
            }
        }
    }
}
