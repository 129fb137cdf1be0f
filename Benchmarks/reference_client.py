#!/usr/bin/env python3
"""Reference client for `make bench`: a container created the way most Proxmox automation does it.

Written for the benchmark (not taken from another project). It uses proxmoxer (PyPI) as typical
scripts and the Ansible modules do: password login for a ticket, the next free id, the create task
polled with proxmoxer's own `Tasks.blocking_status` (every 1 s), the start task likewise, then the
container's status and interfaces (again every 1 s until the address shows), and a description
written to its configuration. Every request is made one after the other.

Prints one JSON object: {"vmid": ..., "ip": ..., "seconds": ...}. Exit code 0 on success.
"""

import argparse
import faulthandler
import json
import sys
import time

import urllib3
from proxmoxer import ProxmoxAPI
from proxmoxer.tools import Tasks

POLL_SECONDS = 1


def wait_for_task(prox, upid, what):
    """proxmoxer's blocking poll (1 s interval); a failed task is an error."""
    status = Tasks.blocking_status(prox, upid, timeout=300, polling_interval=POLL_SECONDS)
    if status is None:
        raise RuntimeError('{0}: task did not finish in time'.format(what))
    if status.get('exitstatus') != 'OK':
        raise RuntimeError('{0}: {1}'.format(what, status.get('exitstatus')))


def wait_for_address(ct, timeout):
    """The first IPv4 address of eth0, polled every second."""
    deadline = time.monotonic() + timeout
    while True:
        for interface in ct.interfaces.get():
            if interface.get('name') == 'eth0' and interface.get('inet'):
                return interface['inet'].split('/')[0]
        if time.monotonic() >= deadline:
            return None
        time.sleep(POLL_SECONDS)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--host', default='127.0.0.1')
    parser.add_argument('--port', type=int, default=8006)
    parser.add_argument('--user', default='root@pam')
    parser.add_argument('--password', default='secret')
    parser.add_argument('--node', default='pve1')
    parser.add_argument('--template', default='local:vztmpl/debian-13-standard_13.1-2_amd64.tar.zst')
    parser.add_argument('--storage', default='local-lvm')
    parser.add_argument('--hostname', default='ref-debian')
    parser.add_argument('--ip', default='10.10.0.60/24')
    parser.add_argument('--gateway', default='10.10.0.1')
    parser.add_argument('--ip-timeout', type=float, default=60)
    parser.add_argument('--deadline', type=float, default=100,
                        help='seconds after which it prints where it stands and exits (the benchmark waits 120)')
    args = parser.parse_args()
    faulthandler.dump_traceback_later(args.deadline, exit=True)

    started = time.monotonic()
    # Loopback fake with a self-signed certificate: no verification, as most such scripts do.
    urllib3.disable_warnings(urllib3.exceptions.InsecureRequestWarning)
    prox = ProxmoxAPI(args.host, port=args.port, user=args.user, password=args.password,
                      verify_ssl=False, backend='https', timeout=30)

    vmid = int(prox.cluster.nextid.get())
    node = prox.nodes(args.node)
    upid = node.lxc.post(
        vmid=vmid, ostemplate=args.template, hostname=args.hostname,
        cores=2, memory=2048, swap=512, rootfs='{0}:4'.format(args.storage),
        net0='name=eth0,bridge=vmbr0,ip={0},gw={1}'.format(args.ip, args.gateway),
        unprivileged=1, features='nesting=1', onboot=1, tags='bench')
    wait_for_task(prox, upid, 'create CT {0}'.format(vmid))

    ct = node.lxc(vmid)
    wait_for_task(prox, ct.status.start.post(), 'start CT {0}'.format(vmid))
    if ct.status.current.get().get('status') != 'running':
        raise RuntimeError('CT {0} is not running after start'.format(vmid))
    address = wait_for_address(ct, args.ip_timeout)
    ct.config.put(description='created by the lxc-build benchmark reference client')

    print(json.dumps({'vmid': vmid, 'ip': address, 'seconds': round(time.monotonic() - started, 3)}))
    return 0


if __name__ == '__main__':
    try:
        sys.exit(main())
    except Exception as exc:  # noqa: BLE001 - one line for the driver
        print('reference client: {0}: {1}'.format(type(exc).__name__, exc), file=sys.stderr)
        sys.exit(1)
