#!/usr/bin/env python3
"""Completes the generated manual page: replaces the argument parser's one-line EXIT STATUS with lxc-build's exit-code
table (from `lxc-build explain-exit --all --json`, i.e. ContainerKit's BuildExitCode.documented) and adds ENVIRONMENT,
FILES and EXAMPLES. Run by `make man`; usage: man_sections.py MANPAGE LXC_BUILD_EXECUTABLE."""

import json
import subprocess
import sys

ENVIRONMENT = [
    ('PROXMOX_VE_ENDPOINT', 'https://HOST:8006; without it, pvesh on the node (as root).'),
    ('PROXMOX_VE_API_TOKEN', 'USER@REALM!TOKENID=SECRET.'),
    ('PROXMOX_VE_USERNAME', 'user for a ticket login (root@pam for device passthrough), with PROXMOX_VE_PASSWORD.'),
    ('PROXMOX_VE_PASSWORD', 'password for a ticket login.'),
    ('PROXMOX_VE_OTP', 'a TOTP code for an account with two-factor authentication.'),
    ('PROXMOX_VE_FINGERPRINT', "the node certificate's SHA-256 fingerprint to pin."),
    ('PROXMOX_VE_CA_FILE', "a CA file to trust (the cluster's pve-root-ca.pem)."),
    ('PROXMOX_VE_INSECURE', 'true skips certificate checks (warned).'),
    ('PROXMOX_VE_NODE', 'the node to create on, as --node.'),
    ('var_*', "settings, as build.func reads them (var_cpu, var_ram, ...; lxc-build config show lists them)."),
    ('mode, PHS_SILENT', "build.func's install mode and silent switch."),
    ('LXC_BUILD_DEFAULTS_DIR', 'the folder of default.vars and defaults/<app>.vars (default /usr/local/community-scripts).'),
    ('LXC_BUILD_CATALOG_CA_FILE', "a CA file that a private app catalog's certificate chains to."),
    ('NO_COLOR', 'no colour and no symbols in the output, as when it is not a terminal.'),
    ('EDITOR', 'the editor of the Settings menu.'),
    ('LXC_BUILD_LOG_DIR', 'the folder of build logs (default /var/log/lxc-build as root, else $XDG_STATE_HOME/lxc-build/logs).'),
    ('XDG_STATE_HOME', 'the base of the build-log folder when not root (default ~/.local/state).'),
    ('TMPDIR', 'where a fetched app catalog is kept while the command runs.'),
]

FILES = [
    ('/usr/local/community-scripts/default.vars', 'the global defaults (mode mydefaults, appdefaults, advanced).'),
    ('/usr/local/community-scripts/defaults/<app>.vars', "an app's defaults (config save writes it)."),
    ('/var/log/lxc-build/, $XDG_STATE_HOME/lxc-build/logs/', 'build logs of failed creates (mode 0600, the newest 20; a successful run keeps none unless --log FILE).'),
]

EXAMPLES = [
    ('lxc-build create debian --hostname web --cpu 2 --ram 2048 --ip 192.168.1.50/24 --gateway 192.168.1.1',
     'On a node, as root: a Debian container with a static address.'),
    ("PROXMOX_VE_ENDPOINT=https://pve1.example.com:8006 PROXMOX_VE_API_TOKEN='automation@pve!lxc=SECRET' "
     'PROXMOX_VE_CA_FILE=pve-root-ca.pem lxc-build create debian --node pve1 --yes',
     'From another machine, over the API with a token, trusting the cluster CA (pve-root-ca.pem from /etc/pve).'),
    ('lxc-build plan debian --node auto --json', 'What create would do, changing nothing.'),
    ('lxc-build config show debian --explain', 'Every setting, its value and where it came from.'),
    ('lxc-build storage --node pve1', "A node's storages with free space and health."),
    ('lxc-build explain-exit 214', "What an exit code means; explain-exit --all lists them all."),
]


def escape(text):
    return text.replace('\\', '\\e')


def section(title, rows, literal_first=False):
    lines = ['.Sh {0}'.format(title), '.Bl -tag -width Ds']
    for name, text in rows:
        lines.append('.It Ev {0}'.format(escape(name)) if not literal_first else '.It Pa {0}'.format(escape(name)))
        lines.append(escape(text))
    lines.append('.El')
    return lines


def main():
    page, executable = sys.argv[1], sys.argv[2]
    table = json.loads(subprocess.run([executable, 'explain-exit', '--all', '--json'], check=True,
                                      capture_output=True, text=True).stdout)['codes']
    exit_lines = ['.Sh "EXIT STATUS"',
                  "lxc-build exits with build.func's codes (every command, the same code for the same mistake):",
                  '.Bl -tag -width Ds']
    for row in table:
        exit_lines.append('.It ' + ' , '.join(str(code) for code in row['codes']))
        exit_lines.append(escape(row['when']) + ' (' + escape('; '.join(row['explanations'])) + ')')
    exit_lines.append('.El')
    exit_lines.append('With --json, a failure prints one JSON document on standard output with error.message, '
                      'error.exitCode, error.explanation and error.category.')
    text = open(page).read()
    head = text.split('.Sh "EXIT STATUS"')[0].rstrip('\n')
    examples = ['.Sh EXAMPLES']
    for command, text_ in EXAMPLES:
        examples += [escape(text_), '.Dl ' + escape(command)]
    out = [head] + section('ENVIRONMENT', ENVIRONMENT) + section('FILES', FILES, literal_first=True) + exit_lines + examples
    with open(page, 'w') as handle:
        handle.write('\n'.join(out) + '\n')


if __name__ == '__main__':
    main()
