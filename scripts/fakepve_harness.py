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
  {"op": "stop"}                                                     stop and exit

Tasks stop on `DELETE /nodes/{node}/tasks/{upid}`, as PVE's do (see stoppable_tasks); setting the attribute
`ignore_task_stop` to true makes the fake accept the request and let the task run on (a worker that does not die).
"""

import argparse
import asyncio
import hashlib
import json
import shutil
import sys
import tempfile
import time

from fakepve.certs import make_cert
from fakepve.model import TaskError
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


def archive_on_vzdump(pve, size=4096):
    """For restore tests until the fake has its own vzdump route: `POST /nodes/{n}/vzdump` (still fakepve's generic
    task) also writes an archive `vzdump-lxc-<vmid>-<date>.tar.zst` of `size` bytes to the storage it names, as a
    vzdump does; each archive's date is a second later than the one before, so names never clash."""
    original = pve.synthesise
    stamp = [int(time.time())]

    async def synthesise(match, method, info, user, values):
        answer = await original(match, method, info, user, values)
        if match.template == '/nodes/{node}/vzdump' and method == 'POST':
            stamp[0] += 1
            name = 'vzdump-lxc-{0}-{1}.tar.zst'.format(
                values.get('vmid'), time.strftime('%Y_%m_%d-%H_%M_%S', time.gmtime(stamp[0])))
            pve.store_file(values.get('storage') or 'local', name, size, content='backup')
        return answer
    pve.synthesise = synthesise


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
    if op == 'archive_on_vzdump':
        archive_on_vzdump(pve, command.get('size', 4096))
        return None
    if op == 'storage_content':
        pve.storages[command['storage']]['content'] = command['content']
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
