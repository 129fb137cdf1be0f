#!/bin/bash
# Builds Examples/CreateContainer (a package that depends on this one by path) and runs it against a
# local fakepve: proof that other Swift tools can create a container through ContainerKit alone.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"

swift build --package-path Examples/CreateContainer
BIN="$(swift build --package-path Examples/CreateContainer --show-bin-path)/create-container"
STACK_BIN="$(swift build --package-path Examples/CreateContainer --show-bin-path)/apply-stack"
UPDATE_BIN="$(swift build --package-path Examples/CreateContainer --show-bin-path)/update-container"

coproc FAKE { exec "$ROOT/.venv/bin/python" "$ROOT/scripts/fakepve_harness.py" --host 127.0.0.1; }
FAKE_PID=$FAKE_PID
CTID=""
cleanup() {
  kill "$FAKE_PID" 2>/dev/null || true
  wait "$FAKE_PID" 2>/dev/null || true
  if [ -n "$CTID" ]; then lxc-stop -n "$CTID" -k >/dev/null 2>&1 || true; lxc-destroy -n "$CTID" -f >/dev/null 2>&1 || true; fi
}
trap cleanup EXIT
read -r -t 30 READY <&"${FAKE[0]}"
field() { "$ROOT/.venv/bin/python" -c 'import json,sys; print(json.loads(sys.argv[1])[sys.argv[2]])' "$READY" "$1"; }
echo '{"op":"call","method":"store_file","args":["local","debian-13-standard_13.1-2_amd64.tar.zst",132120576],"kwargs":{"content":"vztmpl"}}' >&"${FAKE[1]}"
read -r -t 30 _ <&"${FAKE[0]}"

OUTPUT="$(PROXMOX_VE_ENDPOINT="$(field url)" PROXMOX_VE_FINGERPRINT="$(field fingerprint)" \
  PROXMOX_VE_USERNAME=root@pam PROXMOX_VE_PASSWORD=secret "$BIN")"
echo "$OUTPUT"
grep -q "^created: CT 100 example-web at 10.44.0.10 on pve1$" <<<"$OUTPUT"
grep -q "^read back: net0 = name=eth0,bridge=vmbr0" <<<"$OUTPUT"
echo "example: a container was created through ContainerKit alone"

# The stack example, twice on the same fake: the second run recognises both containers by their marker.
DEFAULTS="$(mktemp -d)"
stack() {
  PROXMOX_VE_ENDPOINT="$(field url)" PROXMOX_VE_FINGERPRINT="$(field fingerprint)" PROXMOX_VE_USERNAME=root@pam \
    PROXMOX_VE_PASSWORD=secret LXC_BUILD_DEFAULTS_DIR="$DEFAULTS" LXC_BUILD_STACK_KEYS="$DEFAULTS/stack-keys" "$STACK_BIN"
}
# Each run must exit 0 and end with its ApplyReport (what `lxc-build apply --json` prints) on one line.
run_stack() {
  local status=0
  OUTPUT="$(stack)" || status=$?
  echo "$OUTPUT"
  [ "$status" -eq 0 ] || { echo "example: apply-stack exited $status" >&2; exit 1; }
}
report() {
  "$ROOT/.venv/bin/python" -c 'import json, sys
r = json.loads(sys.argv[1])
assert r["status"] == "applied" and [c["status"] for c in r["containers"]] == sys.argv[2].split(","), r' \
    "$(sed -n 's/^report: //p' <<<"$OUTPUT")" "$1"
}
run_stack
report created,created
grep -q "^stack: example-app created as CT [0-9]* at 10.45.0.11 on pve1$" <<<"$OUTPUT"
grep -q "^stack: example-db created as CT [0-9]* at 10.45.0.12 on pve1$" <<<"$OUTPUT"
run_stack
report existing,existing
grep -q "^stack: example-app exists as CT [0-9]* (drift: 0)$" <<<"$OUTPUT"
grep -q "^stack: example-db exists as CT [0-9]* (drift: 0)$" <<<"$OUTPUT"
rm -rf "$DEFAULTS"
echo "example: a stack was applied twice through ContainerKit alone; the second run created nothing"

# The update example: a real LXC container (busybox with the host's bash, no network) stands in for a community-scripts
# container of the demo app; the fake holds a container of the same id with its notes, on a storage that can snapshot.
CTID=$((90000000 + RANDOM * 1000 + RANDOM % 1000))
lxc-create -n "$CTID" -t busybox >/dev/null
sed -i '/^lxc.net.0./d' "/var/lib/lxc/$CTID/config"
echo "lxc.net.0.type = empty" >>"/var/lib/lxc/$CTID/config"
cp /bin/bash "/var/lib/lxc/$CTID/rootfs/bin/bash"
mkdir -p "/var/lib/lxc/$CTID/rootfs/opt/demo" "/var/lib/lxc/$CTID/rootfs/etc"
printf 'ID=debian\nVERSION_ID="13"\n' >"/var/lib/lxc/$CTID/rootfs/etc/os-release"
lxc-start -n "$CTID" -d
lxc-wait -n "$CTID" -s RUNNING -t 30
NOTES='## demo\n\n- Created by lxc-build on 2026-12-01T10:00:00Z\n- Template: debian-13-standard_13.1-2_amd64.tar.zst\n- lxc-build run: 0123456789abcdef0123456789abcdef'
echo '{"op":"call","method":"add_ct","args":['"$CTID"',"demo"],"kwargs":{"status":"running","config":{"description":"'"$NOTES"'","tags":"community-script;demo"}}}' >&"${FAKE[1]}"
read -r -t 30 _ <&"${FAKE[0]}"
status=0
OUTPUT="$(PROXMOX_VE_ENDPOINT="$(field url)" PROXMOX_VE_FINGERPRINT="$(field fingerprint)" PROXMOX_VE_USERNAME=root@pam \
  PROXMOX_VE_PASSWORD=secret "$UPDATE_BIN" "$CTID" "$ROOT/Examples/CreateContainer/catalog")" || status=$?
echo "$OUTPUT"
[ "$status" -eq 0 ] || { echo "example: update-container exited $status" >&2; exit 1; }
grep -q "^updated: CT $CTID demo to 2.0.0$" <<<"$OUTPUT"
"$ROOT/.venv/bin/python" -c 'import json, sys
r = json.loads(sys.argv[1])
assert r["status"] == "updated" and r["version"] == "2.0.0" and r["snapshotKept"] is False, r' \
  "$(sed -n 's/^report: //p' <<<"$OUTPUT")"
echo "example: a container's app was updated through ContainerKit alone (snapshot, update inside, version recorded)"
