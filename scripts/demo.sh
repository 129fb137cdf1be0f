#!/bin/bash
# make demo: build lxc-build, start a fake Proxmox VE (fakepve) on loopback with a Debian template in its
# storage, create a container with `lxc-build create debian`, print its configuration read back from the
# API, and stop the fake again (also when something fails).
set -euo pipefail
cd "$(dirname "$0")/.."

swift build --product lxc-build
BIN="$(swift build --show-bin-path)/lxc-build"

coproc FAKE { exec .venv/bin/python scripts/fakepve_harness.py --host 127.0.0.1; }
FAKE_PID=$FAKE_PID
trap 'kill "$FAKE_PID" 2>/dev/null || true; wait "$FAKE_PID" 2>/dev/null || true' EXIT

read -r -t 30 READY <&"${FAKE[0]}"
field() { .venv/bin/python -c 'import json,sys; print(json.loads(sys.argv[1])[sys.argv[2]])' "$READY" "$1"; }
control() { echo "$1" >&"${FAKE[1]}"; read -r -t 30 ANSWER <&"${FAKE[0]}"; }

control '{"op":"call","method":"store_file","args":["local","debian-13-standard_13.1-2_amd64.tar.zst",132120576],"kwargs":{"content":"vztmpl"}}'
echo "fakepve listening on $(field url) (certificate fingerprint $(field fingerprint))"
echo

export PROXMOX_VE_ENDPOINT="$(field url)"
export PROXMOX_VE_FINGERPRINT="$(field fingerprint)"
export PROXMOX_VE_USERNAME=root@pam
export PROXMOX_VE_PASSWORD=secret
export LXC_BUILD_DEFAULTS_DIR="$(mktemp -d)"

"$BIN" create debian --hostname demo-debian --ip 10.10.0.50/24 --gateway 10.10.0.1 --cpu 2 --ram 2048 --yes
echo
echo "The container's configuration, read back from the API:"
"$BIN" inspect 100

control '{"op":"stop"}'
