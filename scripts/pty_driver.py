#!/usr/bin/env python3
"""Drives a terminal program on a pseudo-terminal, expect-style (standard library only).

Used by the Swift tests to answer lxc-build's whiptail dialogs and plain prompts as a user would.
Reads one JSON object on stdin:

  {"argv": ["/path/lxc-build", "create", "debian"],   the program and its arguments
   "env": {"NAME": "value"},                          its whole environment (TERM=xterm and a UTF-8
                                                      LANG are added when missing)
   "cols": 100, "rows": 30,                           the terminal size
   "timeout": 150,                                    seconds for the whole run
   "steps": [{"expect": "Step 4/31", "send": ["wiz-host", "ENTER"], "timeout": 30}, ...]}

Each step waits until the output written since the previous step's keys contains `expect`
(escape sequences removed, runs of white space compared as one space), then sends its keys: named
keys (ENTER, TAB, ESC, UP, DOWN, LEFT, RIGHT, SPACE, BACKSPACE, HOME, END, CLEAR: Ctrl-A then
Ctrl-K, which empties a newt text box) or literal text. `"delay"` (seconds, default 0.3) is waited
before sending, so the dialog is ready for input. After the last step the program runs to its end.

Prints one JSON object: {"status": exit status (negative: killed by that signal), "timedOut": bool,
"failedStep": index of the step whose text never came (or null), "transcript": the whole output
with escape sequences removed, "raw": the output as received}. The program and everything it
started (its session) is killed when the time is up or a step fails, so nothing outlives the run.
"""

import json
import os
import pty
import re
import select
import signal
import struct
import sys
import termios
import fcntl
import time

KEYS = {
    "ENTER": b"\r", "TAB": b"\t", "ESC": b"\x1b", "SPACE": b" ", "BACKSPACE": b"\x7f",
    "UP": b"\x1b[A", "DOWN": b"\x1b[B", "RIGHT": b"\x1b[C", "LEFT": b"\x1b[D",
    "HOME": b"\x01", "END": b"\x05", "CLEAR": b"\x01\x0b",
}

CURSOR_FORWARD = re.compile(rb"\x1b\[(\d*)C")
CURSOR_MOVE = re.compile(rb"\x1b\[[\d;]*[HfABDdGr]")
ESCAPES = re.compile(rb"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07]*\x07|\x1b[()*+][0-9A-Za-z]|\x1b[=>78cDEHMNO]")


def plain(raw: bytes) -> str:
    """The text of `raw`: cursor-forward moves become spaces, other moves line breaks, escapes go."""
    text = CURSOR_FORWARD.sub(lambda m: b" " * int(m.group(1) or b"1"), raw)
    text = CURSOR_MOVE.sub(b"\n", text)
    text = ESCAPES.sub(b"", text)
    text = text.replace(b"\x0e", b"").replace(b"\x0f", b"")
    return text.decode("utf-8", "replace")


def squeezed(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def stop(pid: int):
    """Ends the program's whole session: TERM, then KILL after a second; its wait status once reaped."""
    for sig in (signal.SIGTERM, signal.SIGKILL):
        try:
            os.killpg(pid, sig)
        except ProcessLookupError:
            break
        deadline = time.monotonic() + 1.0
        while time.monotonic() < deadline:
            reaped, code = os.waitpid(pid, os.WNOHANG)
            if reaped:
                return code
            time.sleep(0.05)
    return None


def main() -> int:
    spec = json.load(sys.stdin)
    env = dict(spec.get("env") or os.environ)
    env.setdefault("TERM", "xterm")
    env.setdefault("LANG", "C.UTF-8")
    rows, cols = int(spec.get("rows", 30)), int(spec.get("cols", 100))
    deadline = time.monotonic() + float(spec.get("timeout", 120))
    steps = spec.get("steps", [])

    pid, master = pty.fork()
    if pid == 0:  # the child: its own session, the pty as its controlling terminal
        try:
            os.execvpe(spec["argv"][0], spec["argv"], env)
        finally:
            os._exit(127)
    fcntl.ioctl(master, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))

    raw = bytearray()
    mark = 0  # where the output since the last keys starts
    status = None
    failed_step = None
    timed_out = False

    def read_some(wait: float) -> bool:
        """Reads what is there within `wait` seconds; False at end of output."""
        ready, _, _ = select.select([master], [], [], max(0.0, wait))
        if not ready:
            return True
        try:
            chunk = os.read(master, 65536)
        except OSError:  # EIO: the program closed the terminal
            return False
        if not chunk:
            return False
        raw.extend(chunk)
        return True

    open_ = True
    for index, step in enumerate(steps):
        step_deadline = min(deadline, time.monotonic() + float(step.get("timeout", 30)))
        needle = squeezed(step["expect"])
        while needle not in squeezed(plain(bytes(raw[mark:]))):
            if not open_ or time.monotonic() >= step_deadline:
                failed_step = index
                break
            open_ = read_some(min(0.2, step_deadline - time.monotonic()))
        if failed_step is not None:
            timed_out = time.monotonic() >= deadline
            break
        settle = time.monotonic() + float(step.get("delay", 0.3))
        while open_ and time.monotonic() < settle:
            open_ = read_some(settle - time.monotonic())
        mark = len(raw)
        for key in step.get("send", []):
            os.write(master, KEYS.get(key, key.encode()))
            time.sleep(0.05)

    if failed_step is None:
        while open_ and time.monotonic() < deadline:
            open_ = read_some(min(0.2, deadline - time.monotonic()))
        timed_out = open_
    code = stop(pid) if failed_step is not None or timed_out else None
    if code is None:
        try:
            _, code = os.waitpid(pid, 0)
        except ChildProcessError:
            code = None
    status = None if code is None else os.waitstatus_to_exitcode(code)
    os.close(master)
    json.dump({"status": status, "timedOut": timed_out, "failedStep": failed_step,
               "transcript": plain(bytes(raw)), "raw": bytes(raw).decode("utf-8", "replace")}, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
