#!/bin/bash
# make deb-test: the package from `make deb` on a machine without Swift.
#
#   scripts/deb-test.sh DEB
#
# 1. lintian finds no error in DEB; the binary needs no library from the Swift toolchain (ldd).
# 2. For each suite in DEB_TEST_SUITES (default: bookworm trixie, i.e. Proxmox VE 8 and 9): a clean Debian
#    root (a copy of one made with debootstrap, cached in DEB_TEST_CACHE, built when missing), DEB installed
#    there with apt, then in a chroot: --version, explain-exit 209, probe --json, man -w, the bash completion
#    of `lxc-build cre<TAB>`, ldd, and `plan debian` against a fakepve on loopback (the chroot shares the
#    host's network namespace, so 127.0.0.1 reaches it).
# Prints one PASS or FAIL line per check and exits 1 if any failed. Mounts, copies and fakepve go on exit,
# also on failure. Needs root (debootstrap, chroot, mount); re-runs itself with sudo otherwise.
set -euo pipefail
[ "$(id -u)" = 0 ] || exec sudo --preserve-env=DEB_TEST_SUITES,DEB_TEST_CACHE,DEB_TEST_MIRROR "$0" "$@"
DEB=$(realpath "$1")
cd "$(dirname "$0")/.."

SUITES=${DEB_TEST_SUITES:-bookworm trixie}
CACHE=${DEB_TEST_CACHE:-/var/cache/lxc-build-test}
MIRROR=${DEB_TEST_MIRROR:-http://deb.debian.org/debian}
PYTHON=.venv/bin/python
START=$SECONDS

failures=0
pass() { echo "PASS: $*"; }
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
# check NAME COMMAND...: one PASS/FAIL line; the command's output is shown when it fails.
check() {
    local name=$1 output
    shift
    if output=$("$@" 2>&1); then pass "$name"; else fail "$name"; echo "$output" | sed 's/^/    /'; fi
}

# --- cleanup: unmount everything under our folders, then remove them (never across a mount) ---------------
WORK_DIRS=()
FAKE_PID=
mounts_under() { findmnt -rn -o TARGET | awk -v dir="$1/" 'index($0, dir) == 1' | sort -r; }
remove_tree() {
    local dir=$1 mount
    [ -e "$dir" ] || return 0
    for mount in $(mounts_under "$dir"); do umount "$mount" 2>/dev/null || umount -l "$mount"; done
    if [ -n "$(mounts_under "$dir")" ]; then
        echo "deb-test: $dir still has mounts; left in place" >&2
        return 1
    fi
    rm -rf --one-file-system "$dir"
}
cleanup() {
    local dir
    if [ -n "$FAKE_PID" ]; then kill "$FAKE_PID" 2>/dev/null || true; wait "$FAKE_PID" 2>/dev/null || true; fi
    for dir in "${WORK_DIRS[@]}"; do remove_tree "$dir" || true; done
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# --- the package itself ------------------------------------------------------------------------------------
echo "deb-test: $DEB"
LINTIAN=(lintian --fail-on error --display-info)
# lintian discourages root; it runs as nobody where nobody can read the package.
if id nobody >/dev/null 2>&1 && runuser -u nobody -- test -r "$DEB"; then LINTIAN=(runuser -u nobody -- "${LINTIAN[@]}"); fi
lintian_output=$("${LINTIAN[@]}" "$DEB" 2>&1) && lintian_ok=1 || lintian_ok=0
[ -z "$lintian_output" ] || echo "$lintian_output" | sed 's/^/    lintian: /'
if [ "$lintian_ok" = 1 ]; then pass "lintian: no error"; else fail "lintian: errors (above)"; fi

EXTRACTED=$(mktemp -d)
WORK_DIRS+=("$EXTRACTED")
dpkg-deb -x "$DEB" "$EXTRACTED"
# The licence: MIT (Expat in Debian's copyright format), in the control file and the machine-readable copyright.
check "licence: MIT in the control file" test "$(dpkg-deb -f "$DEB" License)" = MIT
check "licence: Expat for every file in the copyright" \
    grep -Pzq 'Files: \*\nCopyright: [^\n]*\nLicense: Expat\n' "$EXTRACTED/usr/share/doc/lxc-build/copyright"
SWIFT_TOOLCHAIN=$(dirname "$(dirname "$(dirname "$(readlink -f "$(command -v swift || echo /opt/swift/usr/bin/swift)")")")")
# no_swift_libraries LDD_OUTPUT: every library resolved, none from the toolchain, no Swift runtime or Foundation.
no_swift_libraries() {
    ! grep -E "not found|$SWIFT_TOOLCHAIN/|libswift|libFoundation|lib_Foundation|libdispatch|libBlocksRuntime" <<<"$1"
}
host_ldd=$(ldd "$EXTRACTED/usr/bin/lxc-build")
check "ldd on the build host: no library from $SWIFT_TOOLCHAIN, no Swift runtime" no_swift_libraries "$host_ldd"
echo "    needed: $(readelf -d "$EXTRACTED/usr/bin/lxc-build" | sed -n 's/.*Shared library: \[\(.*\)\]/\1/p' | tr '\n' ' ')"

PACKAGE_VERSION=$(dpkg-deb -f "$DEB" Version)
UPSTREAM_VERSION=${PACKAGE_VERSION%-*}
EXPECTED_COMMIT=unknown
if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then EXPECTED_COMMIT=$(git rev-parse --short=12 HEAD); fi

# --- fakepve on loopback, shared by every suite --------------------------------------------------------------
coproc FAKE { exec "$PYTHON" scripts/fakepve_harness.py --host 127.0.0.1; }
FAKE_PID=$FAKE_PID
read -r -t 30 READY <&"${FAKE[0]}"
field() { "$PYTHON" -c 'import json,sys; print(json.loads(sys.argv[1])[sys.argv[2]])' "$READY" "$1"; }
echo '{"op":"call","method":"store_file","args":["local","debian-12-standard_12.7-1_amd64.tar.zst",123456789],"kwargs":{"content":"vztmpl"}}' >&"${FAKE[1]}"
read -r -t 30 _ <&"${FAKE[0]}"
PVE_URL=$(field url)
PVE_FINGERPRINT=$(field fingerprint)

# --- clean Debian roots ------------------------------------------------------------------------------------
# cached_root SUITE: CACHED_ROOT, a debootstrap root of SUITE with man-db, made once (atomically) per machine.
cached_root() {
    local suite=$1 root="$CACHE/$1-root" started=$SECONDS
    CACHED_ROOT=$root
    if [ ! -e "$root/.complete" ]; then
        mkdir -p "$CACHE"
        remove_tree "$root.partial"
        WORK_DIRS+=("$root.partial")
        echo "deb-test: debootstrap $suite from $MIRROR into $root (once per machine)"
        debootstrap --variant=minbase --include=man-db,bash-completion "$suite" "$root.partial" "$MIRROR" \
            > "$CACHE/$suite-debootstrap.log" 2>&1 \
            || { echo "deb-test: debootstrap failed, see $CACHE/$suite-debootstrap.log" >&2; tail -5 "$CACHE/$suite-debootstrap.log" >&2; return 1; }
        chroot "$root.partial" apt-get clean
        touch "$root.partial/.complete"
        remove_tree "$root"
        mv "$root.partial" "$root"
        echo "deb-test: $suite root made in $((SECONDS - started)) s"
    fi
}

# in_root COMMAND...: COMMAND inside the chroot with a small, fixed environment.
in_root() {
    chroot "$ROOT" /usr/bin/env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
        HOME=/root LANG=C.UTF-8 NO_COLOR=1 TERM=dumb "$@"
}

check_version() {
    local line
    line=$(in_root lxc-build --version)
    echo "lxc-build --version: $line"
    [ "$line" = "$UPSTREAM_VERSION (commit $EXPECTED_COMMIT)" ] || [ "$line" = "$UPSTREAM_VERSION (commit $EXPECTED_COMMIT-dirty)" ]
}
check_explain_exit() { in_root lxc-build explain-exit 209 | grep -q '^209: .*Container creation failed'; }
check_probe() {
    # Not a Proxmox VE node: probe prints a complete report, says so in its checks, and exits with the first failed
    # check's build.func code (Docs/exit-codes.md: 104-108, 116, 210, 232), never 0 and never a crash.
    local report status=0
    report=$(in_root lxc-build probe --json) || status=$?
    echo "probe exited $status"
    case $status in 104|105|106|107|108|116|210|232) ;; *) return 1 ;; esac
    printf '%s' "$report" | "$PYTHON" -c '
import json, sys
report = json.load(sys.stdin)
checks = {check["name"]: check for check in report["checks"]}
assert checks["arch"]["ok"] and not checks["pve"]["ok"], checks'
}
check_man() {
    [ "$(in_root man -w lxc-build)" = /usr/share/man/man1/lxc-build.1.gz ] \
        && in_root env MANWIDTH=80 MANPAGER=cat man lxc-build 2>/dev/null | grep -q 'Create and configure LXC containers'
}
check_completion() {
    # What bash offers for `lxc-build cre<TAB>`, asked from the installed completion file.
    local offered
    offered=$(in_root bash -c '
        source /usr/share/bash-completion/completions/lxc-build
        COMP_LINE="lxc-build cre"; COMP_POINT=${#COMP_LINE}; COMP_WORDS=(lxc-build cre); COMP_CWORD=1
        _lxc-build lxc-build cre lxc-build
        printf "%s\n" "${COMPREPLY[@]}"')
    echo "offered: $offered"
    [ "$offered" = create ]
}
check_ldd_in_root() { no_swift_libraries "$(in_root ldd /usr/bin/lxc-build)"; }
check_plan() {
    local defaults
    defaults=$(in_root mktemp -d)
    in_root env PROXMOX_VE_ENDPOINT="$PVE_URL" PROXMOX_VE_FINGERPRINT="$PVE_FINGERPRINT" \
        PROXMOX_VE_USERNAME=root@pam PROXMOX_VE_PASSWORD=secret LXC_BUILD_DEFAULTS_DIR="$defaults" \
        lxc-build plan debian --os-version 12 --json | "$PYTHON" -c '
import json, sys
plan = json.load(sys.stdin)
first = plan["requests"][0]
assert (first["method"], first["path"]) == ("POST", "/nodes/pve1/lxc"), first
assert first["parameters"]["ostemplate"].endswith("debian-12-standard_12.7-1_amd64.tar.zst"), first'
}

run_suite() {
    local suite=$1 started=$SECONDS
    if ! cached_root "$suite"; then fail "$suite: a clean root from debootstrap"; return; fi
    pass "$suite: a clean root from debootstrap ($CACHED_ROOT)"
    ROOT=$(mktemp -d /var/tmp/lxc-build-deb-test.XXXXXX)
    WORK_DIRS+=("$ROOT")
    cp -a "$CACHED_ROOT/." "$ROOT/"
    mount -t proc proc "$ROOT/proc"
    mount -t sysfs -o ro sysfs "$ROOT/sys"
    # Downloaded packages stay between runs; the root itself is thrown away.
    mkdir -p "$CACHE/$suite-archives/partial"
    mount --bind "$CACHE/$suite-archives" "$ROOT/var/cache/apt/archives"
    cp -L /etc/resolv.conf "$ROOT/etc/resolv.conf"
    cp "$DEB" "$ROOT/tmp/"
    local installed=1
    in_root apt-get update -qq > "$ROOT/tmp/apt.log" 2>&1 \
        && in_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "/tmp/$(basename "$DEB")" >> "$ROOT/tmp/apt.log" 2>&1 \
        || installed=0
    if [ "$installed" = 1 ]; then
        pass "$suite: apt installs $(basename "$DEB") (with $(in_root dpkg-query -W -f '${db:Status-Abbrev}${Package} ${Version}\n' 'libcurl4*' 'libssl3*' | awk '/^ii/ { printf "%s%s %s", sep, $2, $3; sep = ", " }'))"
    else
        fail "$suite: apt installs $(basename "$DEB")"; sed 's/^/    /' "$ROOT/tmp/apt.log"; return
    fi
    check "$suite: lxc-build --version prints $UPSTREAM_VERSION and commit $EXPECTED_COMMIT" check_version
    check "$suite: lxc-build explain-exit 209" check_explain_exit
    check "$suite: lxc-build probe --json" check_probe
    check "$suite: man -w lxc-build finds the page and man renders it" check_man
    check "$suite: bash completes 'lxc-build cre<TAB>' to create" check_completion
    check "$suite: ldd in the root: every library found, none of Swift's" check_ldd_in_root
    check "$suite: lxc-build plan debian against fakepve on $PVE_URL" check_plan
    remove_tree "$ROOT"
    echo "deb-test: $suite done in $((SECONDS - started)) s"
}

for suite in $SUITES; do run_suite "$suite"; done

echo "deb-test: $failures failed, $((SECONDS - START)) s"
[ "$failures" = 0 ]
