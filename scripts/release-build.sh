#!/bin/bash
# The release binary `make deb` and `make install` ship: Swift runtime and Foundation linked in
# (--static-swift-stdlib), so it needs only libc, libstdc++ and libjansson at start, and libcurl (opened on the
# first request, see Sources/CCurl/shim.h) at run time.
#
# `lxc-build --version` prints BuildVersion.number and BuildVersion.commit (Sources/lxc-build/Version.swift).
# The commit cannot come from git at run time (a Proxmox node has no checkout), and Swift has no -D values,
# so this script writes the commit into Version.swift for this build and puts the committed file back on
# exit, also when the build fails or is interrupted.
#
# Usage: scripts/release-build.sh OUTPUT   (the binary is copied to OUTPUT)
# SWIFT_BUILD overrides the build command (e.g. "flock /tmp/lxc-swift.lock swift build").
set -euo pipefail
cd "$(dirname "$0")/.."

OUTPUT=$1
VERSION_FILE=Sources/lxc-build/Version.swift
SWIFT_BUILD=${SWIFT_BUILD:-swift build}
# No $ORIGIN run path (Debian forbids custom ones; nothing is loaded from beside the binary), and relro/now:
# the hardening Debian's own packages get (lintian checks both).
FLAGS=(-c release --static-swift-stdlib --disable-local-rpath --product lxc-build
       -Xlinker -z -Xlinker relro -Xlinker -z -Xlinker now)

commit=unknown
if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
    commit=$(git rev-parse --short=12 HEAD)
    git diff --quiet HEAD -- 2>/dev/null || commit="$commit-dirty"
fi

backup=$(mktemp)
cp -p "$VERSION_FILE" "$backup"
restore() { cp -p "$backup" "$VERSION_FILE"; rm -f "$backup"; }
trap restore EXIT

sed -i "s/^\(    static let commit = \)\".*\"$/\1\"$commit\"/" "$VERSION_FILE"
grep -q "static let commit = \"$commit\"" "$VERSION_FILE" \
    || { echo "release-build: could not write the commit into $VERSION_FILE" >&2; exit 1; }

$SWIFT_BUILD "${FLAGS[@]}"
mkdir -p "$(dirname "$OUTPUT")"
cp "$(swift build "${FLAGS[@]}" --show-bin-path)/lxc-build" "$OUTPUT"
echo "release binary: $OUTPUT ($("$OUTPUT" --version))"
