#!/usr/bin/env python3
"""Benchmark harness around fakepve (PyPI, AGPL; used as a separate process, never copied).

Like scripts/fakepve_harness.py (which the tests use and which stays as it is), plus what the
benchmarks need:

* a real per-response latency that holds at time_scale 0. fakepve's own `slow_network` latency is
  in PVE seconds and so scaled by time_scale: at time_scale 0 (tasks finish at once) it adds nothing.
  Here an outermost aiohttp middleware sleeps `latency` real seconds before every answer.
* a timed request log: for every request, arrival and answer times (monotonic seconds), method,
  path, status and the client's TCP connection, from which the driver derives the critical path
  (the longest chain of requests that did not overlap in time).

It serves one fake Proxmox VE on a loopback address and a free port, prints one JSON line
describing it, then answers JSON control commands on stdin, one per line:
  {"op": "call", "method": "store_file", "args": [...], "kwargs": {...}}  any FakePve method
  {"op": "set", "attr": "time_scale", "value": 0}                         set an attribute
  {"op": "get", "attr": "requests"}                                       read an attribute
  (and setitem, seed: the commands of scripts/fakepve_harness.py, reused from it)
  {"op": "latency", "value": 0.02}                                        real seconds per response
  {"op": "reset"}                                                         clear both request logs
  {"op": "timed"}                                                         the timed request log
  {"op": "stop"}                                                          stop and exit
End of stdin (the driver ended, even by a crash) stops the fake and removes its temporary files.
"""

import argparse
import asyncio
import json
import os
import shutil
import sys
import tempfile
import time

from aiohttp import web
from fakepve.certs import make_cert
from fakepve.server import FakePve

# The test harness's helpers and its commands (call, set, setitem, get, seed), reused as they are.
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'scripts'))
from fakepve_harness import fingerprint, handle as base_handle  # noqa: E402


class TimedFakePve(FakePve):
    """FakePve with a real-time latency and a timed request log (outermost middleware)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.real_latency = 0.0
        self.timed = []
        self._in_flight = 0
        self.max_in_flight = 0

    def _build_app(self):
        app = super()._build_app()
        # Not frozen until the runner's setup: put ours first, so it sees every request.
        app.middlewares.insert(0, self._timing)
        return app

    @web.middleware
    async def _timing(self, request, handler):
        start = time.monotonic()
        self._in_flight += 1
        self.max_in_flight = max(self.max_in_flight, self._in_flight)
        status = None
        try:
            if self.real_latency:
                await asyncio.sleep(self.real_latency)
            response = await handler(request)
            status = getattr(response, 'status', None)
            return response
        except web.HTTPException as exc:
            status = exc.status
            raise
        finally:
            self._in_flight -= 1
            peer = request.transport.get_extra_info('peername') if request.transport else None
            self.timed.append({'method': request.method, 'path': request.path, 'status': status,
                               'start': start, 'end': time.monotonic(),
                               'conn': peer[1] if peer else None})


async def handle(pve, command):
    op = command.get('op')
    if op == 'latency':
        pve.real_latency = float(command['value'])
        return None
    if op == 'reset':
        pve.timed.clear()
        pve.requests.clear()
        pve.max_in_flight = 0
        return None
    if op == 'timed':
        return {'requests': pve.timed, 'max_in_flight': pve.max_in_flight}
    return await base_handle(pve, command)


async def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--host', default='127.0.0.1')
    parser.add_argument('--password', default='secret')
    parser.add_argument('--nodes', default='', help='comma list of extra nodes besides pve1')
    args = parser.parse_args()

    workdir = tempfile.mkdtemp(prefix='fakepve-bench-')
    pve = None
    try:
        certfile, keyfile, der = make_cert(workdir, hosts=(args.host,))
        pve = TimedFakePve(user='root@pam', password=args.password, host=args.host, port=0)
        pve.time_scale = 0
        pve.max_requests = 1000000
        for node in filter(None, args.nodes.split(',')):
            pve.add_node(node)
        await pve.start(certfile, keyfile)
        print(json.dumps({'url': pve.url, 'host': args.host, 'port': pve.port, 'cafile': certfile,
                          'fingerprint': fingerprint(der)}), flush=True)

        loop = asyncio.get_running_loop()
        reader = asyncio.StreamReader(limit=64 * 1024 ** 2)
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
                answer = {'ok': True, 'result': await handle(pve, command)}
            except Exception as exc:  # noqa: BLE001 - reported to the driver
                answer = {'ok': False, 'error': '{0}: {1}'.format(type(exc).__name__, exc)}
            print(json.dumps(answer), flush=True)
    finally:
        if pve is not None:
            await pve.stop()
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == '__main__':
    asyncio.run(main())
