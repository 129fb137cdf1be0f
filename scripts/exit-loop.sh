#!/bin/bash
# The process's end under load: many short runs of lxc-build, each checked for a death by signal
# (an exit status of 128 or more: SIGSEGV is 139, SIGABRT 134) and for a cut-short standard output. Not part of
# `make test`: it takes minutes.
#
#   scripts/exit-loop.sh [RUNS] [BINARY]     (RUNS per command, default 1000; BINARY default .build/debug/lxc-build)
#
# Three commands take turns: `plan linkding --catalog DIR --no-install --json` against a fakepve on loopback (the run that once
# crashed in its exit), `--version` and `explain-exit --all --json`. Meanwhile one niced busy loop keeps another
# core busy. Prints the counts; exits 1 when any run died by a signal or printed less than a whole JSON document.
set -euo pipefail
cd "$(dirname "$0")/.."

RUNS=${1:-1000}
BIN=${2:-.build/debug/lxc-build}
[ -x "$BIN" ] || { echo "exit-loop: no lxc-build at $BIN (swift build first)" >&2; exit 2; }

WORK=$(mktemp -d)
BUSY_PID=
coproc FAKE { exec .venv/bin/python scripts/fakepve_harness.py --host 127.0.0.1; }
FAKE_PID=$FAKE_PID
cleanup() {
    [ -n "$BUSY_PID" ] && kill "$BUSY_PID" 2>/dev/null || true
    kill "$FAKE_PID" 2>/dev/null || true
    wait "$FAKE_PID" 2>/dev/null || true
    rm -rf "$WORK"
}
trap cleanup EXIT

read -r -t 60 READY <&"${FAKE[0]}"
field() { .venv/bin/python -c 'import json,sys; print(json.loads(sys.argv[1])[sys.argv[2]])' "$READY" "$1"; }
control() { echo "$1" >&"${FAKE[1]}"; read -r -t 60 ANSWER <&"${FAKE[0]}"; }
control '{"op":"call","method":"store_file","args":["local","debian-12-standard_12.7-1_amd64.tar.zst",123456789],"kwargs":{"content":"vztmpl"}}'

export PROXMOX_VE_ENDPOINT="$(field url)"
export PROXMOX_VE_FINGERPRINT="$(field fingerprint)"
export PROXMOX_VE_USERNAME=root@pam
export PROXMOX_VE_PASSWORD=secret
export LXC_BUILD_DEFAULTS_DIR="$WORK/defaults"
export LXC_BUILD_LOG_DIR="$WORK/logs"
export NO_COLOR=1
mkdir -p "$WORK/catalog/ct" "$WORK/defaults" "$WORK/logs"
cat >"$WORK/catalog/ct/linkding.sh" <<'EOF'
APP="linkding"
var_tags="${var_tags:-bookmarks}"
var_cpu="${var_cpu:-2}"
var_ram="${var_ram:-1024}"
var_disk="${var_disk:-4}"
var_os="${var_os:-debian}"
var_version="${var_version:-12}"
var_unprivileged="${var_unprivileged:-1}"
EOF

# Another core busy, at low priority: the runs' threads and their exit race as on a loaded node.
nice -n 10 sh -c 'while :; do :; done' &
BUSY_PID=$!

declare -A signalled=() other=() truncated=()
commands=(plan version explain)
start=$(date +%s)
for ((i = 1; i <= RUNS; i++)); do
    for name in "${commands[@]}"; do
        case $name in
        plan) args=(plan linkding --catalog "$WORK/catalog" --ip 10.30.0.8/24 --no-install --json) ;;
        version) args=(--version) ;;
        explain) args=(explain-exit --all --json) ;;
        esac
        set +e
        "$BIN" "${args[@]}" >"$WORK/out" 2>"$WORK/err"
        status=$?
        set -e
        if ((status >= 128)); then
            signalled[$name]=$((${signalled[$name]:-0} + 1))
            echo "run $i $name: exit $status; $(tail -c 300 "$WORK/err") $(tail -c 300 "$WORK/out")" >&2
        elif ((status != 0)); then
            other[$name]=$((${other[$name]:-0} + 1))
            echo "run $i $name: exit $status; $(tail -c 300 "$WORK/err") $(tail -c 300 "$WORK/out")" >&2
        elif [ "$name" != version ] && ! .venv/bin/python -c 'import json,sys; json.load(open(sys.argv[1]))' "$WORK/out" 2>/dev/null; then
            truncated[$name]=$((${truncated[$name]:-0} + 1))
            echo "run $i $name: standard output is not one whole JSON document ($(wc -c <"$WORK/out") bytes)" >&2
        fi
    done
done
elapsed=$(($(date +%s) - start))

failed=0
echo "exit-loop: $RUNS runs of each of ${commands[*]} ($((RUNS * ${#commands[@]})) in all) in ${elapsed} s, one other core busy"
for name in "${commands[@]}"; do
    echo "  $name: exit >= 128: ${signalled[$name]:-0}; other non-zero: ${other[$name]:-0}; output cut short: ${truncated[$name]:-0}"
    if ((${signalled[$name]:-0} + ${other[$name]:-0} + ${truncated[$name]:-0} > 0)); then failed=1; fi
done
exit $failed
