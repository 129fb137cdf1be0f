#!/usr/bin/env python3
"""Test harness around fakepve (PyPI, AGPL; used as a separate process, never copied).

Started by the Swift tests. It serves one fake Proxmox VE on a loopback address and a free port,
prints one JSON line describing it, then reads control commands from stdin, one JSON object per
line, and answers each with one JSON line on stdout. End of stdin (the test process ended, even by
a crash) stops the fake and removes its temporary files, so nothing is left running.

Commands:
  {"op": "call", "method": "fail", "args": [...], "kwargs": {...}}  any FakePve method (awaited if async)
  {"op": "set", "attr": "time_scale", "value": 0}                    set an attribute
  {"op": "setitem", "attr": "apitokens", "key": "k", "value": "v"}   set an item of a dict attribute
  {"op": "get", "attr": "requests"}                                  read an attribute (JSON-safe copy)
  {"op": "seed", "value": 7}                                         seed the fake's random faults
  {"op": "catalog", "templates": [...], "seconds": 1.0, "error": ""} an appliance catalog (see serve_catalog)
  {"op": "vzdump", "seconds": 0.5, "size": 1000, "fail": "msg", "vmid": 101}  a vzdump route (see serve_vzdump)
  {"op": "ct_disk", "vmid": 101, "bytes": 123}                        a container's used disk, as its status reports it
  {"op": "storage", "name": "local", "key": "avail", "value": 0}      set a storage's option (content, avail, shared...)
  {"op": "network", "node": "pve1", "rows": [...]}                   the node's interfaces (see serve_network)
  {"op": "ha", "rules": [{"rule": "r1", "type": "node-affinity", "resources": "ct:900", "nodes": "pve1"}]}
                                                                     HA resources and rules that keep state (see serve_ha)
  {"op": "stop"}                                                     stop and exit

vzdump writes archives from the start (serve_vzdump's defaults); the `vzdump` command changes its duration, size and faults.

Tasks stop on `DELETE /nodes/{node}/tasks/{upid}`, as PVE's do (see stoppable_tasks); setting the attribute
`ignore_task_stop` to true makes the fake accept the request and let the task run on (a worker that does not die).
"""

import argparse
import asyncio
import hashlib
import json
import re
import shutil
import sys
import tempfile
import time

from fakepve.certs import make_cert
from fakepve.model import PveError, TaskError
from fakepve.server import FakePve


def jsonable(value):
    """A JSON-safe copy of fakepve state (tuples, sets and bytes included)."""
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set)):
        return [jsonable(v) for v in value]
    if isinstance(value, bytes):
        return value.decode('utf-8', 'replace')
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    return repr(value)


def fingerprint(der):
    """SHA-256 of the DER certificate, colon-separated upper-case hex: what PVE shows as ssl_fingerprint."""
    digest = hashlib.sha256(der).hexdigest().upper()
    return ':'.join(digest[i:i + 2] for i in range(0, len(digest), 2))


def catalog_row(name):
    """The aplinfo row PVE lists for a template file such as debian-12-standard_12.7-1_amd64.tar.zst."""
    package, version, arch = (name.split('.tar')[0].split('_') + ['', '', ''])[:3]
    return {'template': name, 'package': package, 'version': version, 'architecture': arch or 'amd64',
            'os': package.rsplit('-', 1)[0], 'section': 'system', 'type': 'lxc', 'headline': package}


def serve_catalog(pve, templates, seconds=0.0, error=''):
    """Give the fake the appliance catalog it lacks. `GET /nodes/{n}/aplinfo` lists `templates`;
    `POST /nodes/{n}/aplinfo` runs a task typed `download` with the file name as its id, as PVE's does,
    which takes `seconds` real seconds and then stores the file in the storage asked for (or ends with
    `TASK ERROR: <error>` when `error` is given). The POST answers when the task ends (fakepve runs tasks
    inline at time_scale 0); meanwhile the task shows as running in `GET /nodes/{n}/tasks`."""
    original = pve.synthesise
    rows = [catalog_row(name) for name in templates]

    async def synthesise(match, method, info, user, values):
        if match.template != '/nodes/{node}/aplinfo':
            return await original(match, method, info, user, values)
        if method == 'GET':
            return rows
        name, storage = values['template'], values['storage']

        async def body():
            await asyncio.sleep(seconds)
            if error:
                raise TaskError(error)
            pve.store_file(storage, name, 123_456_789, content='vztmpl')
        return await pve.task(values['node'], 'download', name, user or 'root@pam', body)
    pve.synthesise = synthesise


VZDUMP_EXTENSIONS = {'zstd': '.tar.zst', 'gzip': '.tar.gz', '1': '.tar.lzo', 'lzo': '.tar.lzo', '0': '.tar'}


def serve_vzdump(pve, seconds=0.0, size=64 * 1024 ** 2, fail=None, vmid=None):
    """Give the fake the vzdump it lacks (fakepve's `POST /nodes/{n}/vzdump` only answers a task that does nothing).

    Each container of `vmid` (PVE's vmid list) runs as a task typed `vzdump` on the node asked, as PVE's does: it
    holds the container's `backup` lock for `seconds` real seconds, then writes the archive volume
    `<storage>:backup/vzdump-lxc-<vmid>-<YYYY_MM_DD-HH_MM_SS><ext>` (ext from `compress`: .tar.zst, .tar.gz, .tar.lzo,
    .tar) of `size` bytes, with the notes `notes-template` expands to ({{cluster}}, {{guestname}}, {{node}},
    {{vmid}}) and the `protected` flag, as PVE keeps them. A storage without `backup` content, a guest not on the node
    and a storage whose `avail` is below `size` end the task with PVE's errors (`job errors`, the cause in its log).
    `fail` makes every backup (or only `vmid`'s, when given) fail with that message. The task's start and end go to
    `pve.vzdump_events` as [event, node, vmid] (start, end), the order the tests check."""
    original = getattr(pve, '_vzdump_original', None) or pve.synthesise
    pve._vzdump_original = original
    pve.vzdump_events = getattr(pve, 'vzdump_events', [])
    failing = (fail, None if vmid is None else int(vmid))

    async def synthesise(match, method, info, user, values):
        if match.template != '/nodes/{node}/vzdump' or method != 'POST':
            return await original(match, method, info, user, values)
        node = values['node']
        storage = values.get('storage') or 'local'
        ids = [int(i) for i in str(values.get('vmid') or '').replace(';', ',').replace(' ', ',').split(',') if i]
        if not ids:
            raise PveError(400, 'Parameter verification failed.', {'vmid': 'property is missing and it is not optional'})
        if storage not in pve.storages:
            raise PveError(500, "storage '{0}' does not exist".format(storage))
        if 'backup' not in pve.storages[storage].get('content', '').split(','):
            raise PveError(500, "storage '{0}' does not support backups".format(storage))
        command = 'vzdump {0} --storage {1} --mode {2}'.format(' '.join(map(str, ids)), storage, values.get('mode', 'snapshot'))

        async def body():
            record = pve.tasklog[-1]
            errors = []
            for ct_id in ids:
                ct = pve.guest(ct_id)
                pve.vzdump_events.append(['start', node, ct_id])
                record['log'].append('INFO: Starting Backup of VM {0} (lxc)'.format(ct_id))
                try:
                    if ct is None or ct.node != node:
                        raise TaskError("unable to find VM '{0}' on node '{1}'".format(ct_id, node))
                    ct.lock = 'backup'
                    ct.config['lock'] = 'backup'
                    try:
                        await asyncio.sleep(seconds)
                    finally:
                        ct.lock = None
                        ct.config.pop('lock', None)
                    if failing[0] and failing[1] in (None, ct_id):
                        raise TaskError(failing[0])
                    name = archive_name(pve, storage, ct_id, values.get('compress', '0'))
                    record['log'].append("INFO: creating vzdump archive '/var/lib/vz/dump/{0}'".format(name))
                    pve.store_file(storage, name, size, content='backup')
                    volume = pve.storages[storage]['volumes']['backup/' + name]
                    volume.update({'vmid': ct_id, 'format': name.split('.', 1)[1].replace('.', '')})
                    volume['ctime'] = int(time.mktime(time.strptime(name.split('-', 3)[3].split('.')[0], '%Y_%m_%d-%H_%M_%S')))
                    notes = expand_notes(values.get('notes-template'), ct, node, ct_id)
                    if notes:
                        volume['notes'] = notes
                    if values.get('protected'):
                        volume['protected'] = True
                    record['log'].append('INFO: Finished Backup of VM {0} (00:00:{1:02d})'.format(ct_id, int(seconds)))
                except TaskError as error:
                    errors.append(ct_id)
                    record['log'].append('ERROR: Backup of VM {0} failed - {1}'.format(ct_id, error))
                finally:
                    pve.vzdump_events.append(['end', node, ct_id])
            if errors:
                record['log'].append('INFO: Backup job finished with errors')
                raise TaskError('job errors')
            record['log'].append('INFO: Backup job finished successfully')
        return await pve.task(node, 'vzdump', ','.join(map(str, ids)) if len(ids) > 1 else ids[0], user or 'root@pam', body,
                              log=['INFO: starting new backup job: ' + command])
    pve.synthesise = synthesise


def archive_name(pve, storage, vmid, compress):
    """PVE's archive file name for a backup of container `vmid` now, one second later while that name is taken."""
    moment = int(time.time())
    taken = pve.storages[storage].get('volumes', {})
    while True:
        name = 'vzdump-lxc-{0}-{1}{2}'.format(vmid, time.strftime('%Y_%m_%d-%H_%M_%S', time.localtime(moment)),
                                               VZDUMP_EXTENSIONS.get(str(compress), '.tar'))
        if 'backup/' + name not in taken:
            return name
        moment += 1


def expand_notes(template, ct, node, vmid):
    """vzdump's notes-template: {{cluster}}, {{guestname}}, {{node}} and {{vmid}} replaced, `\n` a new line."""
    if not template:
        return None
    values = {'cluster': 'fakepve', 'guestname': ct.name if ct else '', 'node': node, 'vmid': str(vmid)}
    text = template
    for key, value in values.items():
        text = text.replace('{{' + key + '}}', value)
    return text.replace('\\n', '\n')


def container_disk(pve, vmid, used):
    """Container `vmid`'s status reports `used` bytes of disk in use (fakepve reports 0)."""
    pve.guest(int(vmid)).stats['disk'] = int(used)


def serve_network(pve, node, rows):
    """`GET /nodes/{node}/network` lists `rows` (PVE's interface rows: iface, type, bridge_vlan_aware, bridge_ports...)
    instead of fakepve's fixed vmbr0 and eno1; with `type=any_bridge` only the bridges, OVS bridges and SDN vnets, as
    PVE lists them. The other nodes keep fakepve's answer."""
    original = pve.synthesise

    async def synthesise(match, method, info, user, values):
        if match.template != '/nodes/{node}/network' or method != 'GET' or values.get('node') != node:
            return await original(match, method, info, user, values)
        if values.get('type') == 'any_bridge':
            return [row for row in rows if row.get('type') in ('bridge', 'OVSBridge', 'vnet')]
        return rows
    pve.synthesise = synthesise


def serve_ha(pve, rules=()):
    """HA resources and rules that keep state, where fakepve only answers shapes: `POST /cluster/ha/resources` adds one
    (`sid` `ct:ID`, or a bare ID for a container; an sid already there is refused as PVE refuses it), `GET` lists them
    (and `GET .../resources/{sid}` one), `PUT .../resources/{sid}` changes one (refused when its digest is given and is
    not the resource's), `DELETE .../resources/{sid}` removes one. `rules` are the PVE 9 rules there
    are (rule, type, resources, nodes...): `GET /cluster/ha/rules[/{rule}]` shows them with a digest, and
    `PUT /cluster/ha/rules/{rule}` changes one, refused when its digest is given and is not the rule's (as PVE's
    digest check). Setting the attribute `ha_rule_conflicts` to N makes the next N rule writes fail as if another writer
    had changed the rule since it was read. Nothing else of HA is modelled (no manager, no groups' own state)."""
    original = pve.synthesise
    pve.ha_resources = {}
    pve.ha_rule_conflicts = 0
    pve.ha_rules = {row['rule']: dict(row) for row in rules}

    def digest(entry):
        return hashlib.sha1(json.dumps(entry, sort_keys=True).encode()).hexdigest()

    def sid_of(text):
        text = str(text)
        return text if ':' in text else 'ct:' + text

    async def synthesise(match, method, info, user, values):
        template = match.template
        if template == '/cluster/ha/resources' and method == 'GET':
            return [dict(entry, digest=digest(entry)) for entry in pve.ha_resources.values()]
        if template == '/cluster/ha/resources' and method == 'POST':
            sid = sid_of(values['sid'])
            if sid in pve.ha_resources:
                raise PveError(500, "resource ID '{0}' already defined".format(sid))
            entry = {'sid': sid, 'type': sid.split(':')[0], 'state': values.get('state', 'started')}
            for key in ('group', 'max_restart', 'max_relocate', 'comment', 'failback'):
                if values.get(key) is not None:
                    entry[key] = values[key]
            pve.ha_resources[sid] = entry
            return None
        if template == '/cluster/ha/resources/{sid}' and method in ('GET', 'DELETE', 'PUT'):
            sid = sid_of(values['sid'])
            if sid not in pve.ha_resources:
                raise PveError(500, "no such resource '{0}'".format(sid))
            if method == 'DELETE':
                del pve.ha_resources[sid]
                return None
            if method == 'PUT':
                entry = pve.ha_resources[sid]
                if values.get('digest') and values['digest'] != digest(entry):
                    raise PveError(500, 'detected modified configuration - file changed by other user? Try again.')
                for key in re.split(r'[\s,;]+', values.get('delete') or ''):
                    entry.pop(key, None)
                for key in ('state', 'group', 'max_restart', 'max_relocate', 'comment', 'failback'):
                    if values.get(key) is not None:
                        entry[key] = values[key]
                return None
            return dict(pve.ha_resources[sid], digest=digest(pve.ha_resources[sid]))
        if template == '/cluster/ha/rules' and method == 'GET':
            return [dict(entry, digest=digest(entry)) for entry in pve.ha_rules.values()]
        if template == '/cluster/ha/rules/{rule}' and method in ('GET', 'PUT'):
            entry = pve.ha_rules.get(values['rule'])
            if entry is None:
                raise PveError(500, "no such ha rule '{0}'".format(values['rule']))
            if method == 'GET':
                return dict(entry, digest=digest(entry))
            if pve.ha_rule_conflicts > 0 or (values.get('digest') and values['digest'] != digest(entry)):
                pve.ha_rule_conflicts = max(0, pve.ha_rule_conflicts - 1)
                raise PveError(500, 'detected modified configuration - file changed by other user? Try again.')
            for key, value in values.items():
                if key not in ('rule', 'digest', 'delete'):
                    entry[key] = value
            return None
        return await original(match, method, info, user, values)
    pve.synthesise = synthesise


def fail_starts(pve, message, vmid=None):
    """Every container start (or only container `vmid`'s) fails with `message` (None: starts work again): a
    `POST .../status/start` task, and the start a create with start=1 runs inside its own task, after the container
    exists. Wraps fakepve's _start_steps, the one place both go through; a path fault cannot reach the second, as
    it sends no request."""
    pve.__dict__.pop('_start_steps', None)
    if message is None:
        return
    original = pve._start_steps

    async def failing(ct, user, skiplock=False):
        if vmid is not None and int(ct.vmid) != int(vmid):
            return await original(ct, user, skiplock)
        raise TaskError(message)
    pve._start_steps = failing


def stoppable_tasks(pve):
    """`DELETE /nodes/{n}/tasks/{upid}` stops a running task as PVE's does: the worker is interrupted where it waits,
    with the error PVE's workers end with on SIGTERM, `interrupted by signal`. A container create interrupted so
    removes its container, as PVE's create worker does when it dies (fakepve's create body drops the container on
    any task error raised inside it). fakepve answers the request but stops nothing: this wraps its `task` (to know
    each task's asyncio task), its `pause` (where a stop is turned into the task error) and its catch-all route."""
    running = {}
    stopping = set()
    original_task, original_pause, original_synthesise = pve.task, pve.pause, pve.synthesise
    pve.ignore_task_stop = False

    async def task(node, ttype, tid, user, body, **kwargs):
        holder = {}

        async def tracked():
            holder['task'] = asyncio.current_task()
            try:
                return await body()
            except asyncio.CancelledError:
                if holder['task'] in stopping:
                    raise TaskError('interrupted by signal')
                raise
        upid = await original_task(node, ttype, tid, user, tracked, **kwargs)
        running[upid] = holder
        return upid

    async def pause(secs):
        try:
            await original_pause(secs)
        except asyncio.CancelledError:
            current = asyncio.current_task()
            if current in stopping:
                stopping.discard(current)
                raise TaskError('interrupted by signal')
            raise

    async def synthesise(match, method, info, user, values):
        if match.template != '/nodes/{node}/tasks/{upid}' or method != 'DELETE':
            return await original_synthesise(match, method, info, user, values)
        record = pve.tasks.get(values['upid'])
        worker = running.get(values['upid'], {}).get('task')
        if not pve.ignore_task_stop and record and record['status'] == 'running' and worker and not worker.done():
            stopping.add(worker)
            worker.cancel()
        return None
    pve.task, pve.pause, pve.synthesise = task, pause, synthesise


async def handle(pve, command):
    op = command.get('op')
    if op == 'catalog':
        serve_catalog(pve, command['templates'], command.get('seconds', 0.0), command.get('error', ''))
        return None
    if op == 'call':
        result = getattr(pve, command['method'])(*command.get('args', []), **command.get('kwargs', {}))
        if asyncio.iscoroutine(result):
            result = await result
        return jsonable(result)
    if op == 'set':
        setattr(pve, command['attr'], command['value'])
        return None
    if op == 'setitem':
        getattr(pve, command['attr'])[command['key']] = command['value']
        return None
    if op == 'seed':
        pve._random.seed(command['value'])
        return None
    if op == 'get':
        return jsonable(getattr(pve, command['attr']))
    if op == 'vzdump':
        serve_vzdump(pve, command.get('seconds', 0.0), command.get('size', 64 * 1024 ** 2), command.get('fail'), command.get('vmid'))
        return None
    if op == 'storage':
        pve.storages[command['name']][command['key']] = command['value']
        return None
    if op == 'ct_disk':
        container_disk(pve, command['vmid'], command['bytes'])
        return None
    if op == 'network':
        serve_network(pve, command['node'], command['rows'])
        return None
    if op == 'ha':
        serve_ha(pve, command.get('rules', []))
        return None
    if op == 'fail_starts':
        fail_starts(pve, command.get('message'), command.get('vmid'))
        return None
    raise ValueError('unknown op {0!r}'.format(op))


async def run_harness(make_pve, handle_command, workdir_prefix='fakepve-', reader_limit=2 ** 16):
    """Parse the command line, serve `make_pve(args)` until stdin ends or says stop, answering each command
    with `handle_command(pve, command)`; the fake and its temporary files go away in every case."""
    parser = argparse.ArgumentParser()
    parser.add_argument('--host', default='127.0.0.1')
    parser.add_argument('--password', default='secret')
    parser.add_argument('--nodes', default='', help='comma list of extra nodes besides pve1')
    args = parser.parse_args()

    workdir = tempfile.mkdtemp(prefix=workdir_prefix)
    pve = None
    try:
        certfile, keyfile, der = make_cert(workdir, hosts=(args.host,))
        pve = make_pve(args)
        pve.time_scale = 0
        stoppable_tasks(pve)
        serve_vzdump(pve)
        for node in filter(None, args.nodes.split(',')):
            pve.add_node(node)
        await pve.start(certfile, keyfile)
        print(json.dumps({'url': pve.url, 'host': args.host, 'port': pve.port, 'cafile': certfile,
                          'fingerprint': fingerprint(der)}), flush=True)

        loop = asyncio.get_running_loop()
        reader = asyncio.StreamReader(limit=reader_limit)
        await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), sys.stdin)
        while True:
            line = await reader.readline()
            if not line:
                break
            try:
                command = json.loads(line)
                if command.get('op') == 'stop':
                    print(json.dumps({'ok': True, 'result': None}), flush=True)
                    break
                answer = {'ok': True, 'result': await handle_command(pve, command)}
            except Exception as exc:  # noqa: BLE001 - reported to the caller, which fails with it
                answer = {'ok': False, 'error': '{0}: {1}'.format(type(exc).__name__, exc)}
            print(json.dumps(answer), flush=True)
    finally:
        if pve is not None:
            await pve.stop()
        shutil.rmtree(workdir, ignore_errors=True)


async def main():
    await run_harness(lambda args: FakePve(user='root@pam', password=args.password, host=args.host, port=0), handle)


if __name__ == '__main__':
    asyncio.run(main())
