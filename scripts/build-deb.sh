#!/bin/bash
# make deb: lxc-build_<version>-<revision>_amd64.deb from a release binary (scripts/release-build.sh), with
# Debian's own tools: dpkg-shlibdeps for the library dependencies, dpkg-deb for the archive.
#
# Usage: scripts/build-deb.sh BINARY OUTPUT_DIR   (prints the .deb's path on its last line)
# The version is BuildVersion.number in Sources/lxc-build/Version.swift; DEB_REVISION (default 1) is the
# Debian revision and DEB_MAINTAINER the Maintainer field (default: git's user.name and user.email).
set -euo pipefail
cd "$(dirname "$0")/.."

BINARY=$1
OUTPUT_DIR=$2
VERSION=$(sed -n 's/^    static let number = "\(.*\)"$/\1/p' Sources/lxc-build/Version.swift)
[ -n "$VERSION" ] || { echo "build-deb: no version in Sources/lxc-build/Version.swift" >&2; exit 1; }
DEB_VERSION="$VERSION-${DEB_REVISION:-1}"
ARCH=$(dpkg --print-architecture)
if [ -z "${DEB_MAINTAINER:-}" ]; then
    DEB_MAINTAINER="$(git config user.name 2>/dev/null || echo lxc-build maintainers) <$(git config user.email 2>/dev/null || echo root@localhost)>"
fi
# File dates and the changelog's date are the commit's, so two builds of one commit give the same files.
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct 2>/dev/null || date +%s)}
COMMIT=$("$BINARY" --version | sed -n 's/.*(commit \(.*\))$/\1/p')

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
ROOT=$WORK/lxc-build
DOC=$ROOT/usr/share/doc/lxc-build
install -d "$ROOT/DEBIAN" "$ROOT/usr/bin" "$ROOT/usr/share/man/man1" "$DOC/Docs" \
    "$ROOT/usr/share/bash-completion/completions" "$ROOT/usr/share/zsh/vendor-completions" \
    "$ROOT/usr/share/fish/vendor_completions.d"

# The binary, stripped as dh_strip strips executables.
install -m 0755 "$BINARY" "$ROOT/usr/bin/lxc-build"
strip --remove-section=.comment --remove-section=.note "$ROOT/usr/bin/lxc-build"

# Manual page and completions, the latter written by the binary itself (bash sources its completion files,
# so the #! line goes).
gzip -9n < Docs/man/lxc-build.1 > "$ROOT/usr/share/man/man1/lxc-build.1.gz"
"$BINARY" completions bash | sed '1{/^#!/d}' > "$ROOT/usr/share/bash-completion/completions/lxc-build"
"$BINARY" completions zsh > "$ROOT/usr/share/zsh/vendor-completions/_lxc-build"
"$BINARY" completions fish > "$ROOT/usr/share/fish/vendor_completions.d/lxc-build.fish"

# Documentation: README and Docs/ keep their relative links; changelog and copyright as policy asks.
install -m 0644 README.md "$DOC/README.md"
install -m 0644 Docs/*.md "$DOC/Docs/"
gzip -9n > "$DOC/changelog.Debian.gz" <<CHANGELOG
lxc-build ($DEB_VERSION) unstable; urgency=medium

  * Built by make deb from commit $COMMIT.

 -- $DEB_MAINTAINER  $(date -R -u -d "@$SOURCE_DATE_EPOCH")
CHANGELOG
install -m 0644 packaging/copyright "$DOC/copyright"
install -D -m 0644 packaging/lintian-overrides "$ROOT/usr/share/lintian/overrides/lxc-build"

# Library dependencies from the binary's ELF needs, and by hand the two it opens with dlopen on its first request
# (Sources/CCurl/shim.h): libcurl built with OpenSSL, 7.85 or newer (CURLOPT_PROTOCOLS_STR), and that OpenSSL.
# Debian 13 renamed libcurl4 and libssl3 to libcurl4t64 and libssl3t64 (the 64-bit time_t transition), so those
# dependencies name both: one package for Debian 12 and 13.
install -d "$WORK/src/debian"
printf 'Source: lxc-build\n\nPackage: lxc-build\nArchitecture: %s\n' "$ARCH" > "$WORK/src/debian/control"
SHLIBS=$(cd "$WORK/src" && dpkg-shlibdeps -O "$ROOT/usr/bin/lxc-build" 2>/dev/null | sed -n 's/^shlibs:Depends=//p')
if echo "$SHLIBS" | grep -Eq "libcurl|libssl"; then
    echo "build-deb: the binary links libcurl or OpenSSL, which it should open on first use: $SHLIBS" >&2; exit 1
fi
DEPENDS="$SHLIBS, libcurl4 (>= 7.85.0) | libcurl4t64, libssl3 (>= 3.0.0) | libssl3t64"

INSTALLED_SIZE=$(du -s -k --apparent-size "$ROOT/usr" | cut -f1)
cat > "$ROOT/DEBIAN/control" <<CONTROL
Package: lxc-build
Version: $DEB_VERSION
Architecture: $ARCH
Maintainer: $DEB_MAINTAINER
License: MIT
Installed-Size: $INSTALLED_SIZE
Depends: $DEPENDS
Recommends: whiptail
Section: admin
Priority: optional
Description: create and configure LXC containers on Proxmox VE
 lxc-build creates LXC containers on a Proxmox VE node, from the node's
 shell or from a workstation through the Proxmox VE API: it resolves the
 settings of an application, plans the requests, creates the container and
 provisions it. It is the typed successor of the community-scripts build.func.
CONTROL
(cd "$ROOT" && find usr -type f -print0 | sort -z | xargs -0 md5sum) > "$ROOT/DEBIAN/md5sums"

find "$ROOT" -type d -exec chmod 0755 {} +
find "$ROOT" -type f ! -path "$ROOT/usr/bin/*" -exec chmod 0644 {} +
find "$ROOT" -exec touch --no-dereference -d "@$SOURCE_DATE_EPOCH" {} +

mkdir -p "$OUTPUT_DIR"
DEB="$OUTPUT_DIR/lxc-build_${DEB_VERSION}_$ARCH.deb"
dpkg-deb --root-owner-group -Zxz --build "$ROOT" "$DEB" >&2
echo "$DEB"
