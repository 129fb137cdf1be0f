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

import asyncio
import os
import sys
import time

from aiohttp import web
from fakepve.server import FakePve

# The test harness's helpers and its commands (call, set, setitem, get, seed), reused as they are.
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'scripts'))
from fakepve_harness import handle as base_handle, run_harness  # noqa: E402


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


def make_timed_pve(args):
    """The benchmark's fake: timed, and keeping every request of a run."""
    pve = TimedFakePve(user='root@pam', password=args.password, host=args.host, port=0)
    pve.max_requests = 1000000
    return pve


async def main():
    await run_harness(make_timed_pve, handle, workdir_prefix='fakepve-bench-', reader_limit=64 * 1024 ** 2)


if __name__ == '__main__':
    asyncio.run(main())
