# lxc-build: every set-up step lives here, so a fresh Debian 12 machine needs only `make test` / `make demo`.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c

VENV        ?= .venv
SWIFT_BUILD ?= swift build
PYTHON      ?= python3
FAKEPVE_PIN ?= fakepve[crypto]==0.5.0
APT_PACKAGES = libcurl4-openssl-dev libjansson-dev libssl-dev pkg-config python3-venv python3-pip lxc busybox-static openssh-client openssh-server whiptail systemd

.PHONY: all build test demo example docs man sanitize test-deps system-deps python-deps check-warnings clean bench \
	release deb deb-deps deb-test install uninstall

all: build

## system-deps: the C libraries and tools the package and its tests need (apt, as root).
system-deps:
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  SUDO=""; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
	  $$SUDO apt-get update -qq; \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing; \
	fi

## python-deps: a virtualenv with fakepve, the fake Proxmox VE the tests run against.
python-deps: $(VENV)/.fakepve-installed

$(VENV)/.fakepve-installed:
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install -q --disable-pip-version-check '$(FAKEPVE_PIN)'
	touch $@

test-deps: system-deps python-deps

build: system-deps
	swift build

## check-warnings: a full build of sources and tests; any compiler warning in our code fails it.
check-warnings: system-deps
	swift build --build-tests 2>&1 | tee .build-warnings.log
	@if grep -E "^/.*/(Sources|Tests|Examples)/.*: warning:" .build-warnings.log; then \
	  echo "compiler warnings in the project's code (above)"; exit 1; fi

## example: Examples/CreateContainer, a package using ContainerKit by path, creates a container on fakepve.
example: test-deps
	scripts/example.sh

## docs: the DocC documentation of every library; any DocC warning fails it.
DOC_TARGETS = ChildProcess ProxmoxAPI ConfigResolution HostProbe ContainerKit
docs: system-deps
	@for target in $(DOC_TARGETS); do \
	  echo "documentation: $$target"; \
	  swift package --disable-sandbox generate-documentation --target $$target --warnings-as-errors > .build-docs-$$target.log 2>&1 \
	    || { cat .build-docs-$$target.log; exit 1; }; \
	done

## test: everything, from scratch if need be (the example first, so swift test's summary ends the output).
test: test-deps check-warnings docs example deb-test
	swift test

## man: the manual page Docs/man/lxc-build.1, generated from the command definitions (commit the result).
MAN_DATE ?= $(shell git log -1 --format=%cs -- Sources/lxc-build)
man: system-deps
	swift package --disable-sandbox plugin generate-manual --configuration debug --date $(MAN_DATE)
	mkdir -p Docs/man
	cp .build/plugins/GenerateManual/outputs/lxc-build/lxc-build.1 Docs/man/lxc-build.1
	python3 scripts/man_sections.py Docs/man/lxc-build.1 .build/debug/lxc-build

## demo: a container created against a local fakepve, its configuration read back.
demo: test-deps
	scripts/demo.sh

## bench: lxc-build (the release binary the .deb ships) against a proxmoxer reference client on a latency-modelled
## fakepve (issues 9 and 21), and issue 30's scale rows (list at 1,000 guests, a stack of fifty, a fleet update --check,
## the binary's size). Not part of `make test`. Prints one table; the same as JSON in Benchmarks/results/latest.json.
bench: test-deps
	scripts/release-build.sh .build/bench/lxc-build
	$(VENV)/bin/pip install -q --disable-pip-version-check 'proxmoxer==2.3.0' 'requests==2.34.2'
	$(VENV)/bin/python Benchmarks/bench.py --bin .build/bench/lxc-build $(BENCH_ARGS)

## sanitize: the whole test suite under ThreadSanitizer, then under AddressSanitizer (CI runs it after make test).
# The fuzzers run 300 rounds here (make test runs thousands): the sanitizers look for races and memory errors,
# and a test that keeps a core busy for minutes delays the others' timeouts.
sanitize: test-deps
	LXC_BUILD_FUZZ_ROUNDS=300 swift test --sanitize=thread --scratch-path .build-tsan
	# Leak checking is off: the leaks LeakSanitizer reports are Foundation.Process internals and test statics,
	# none in the project's sources (see Docs/faults.md).
	LXC_BUILD_FUZZ_ROUNDS=300 ASAN_OPTIONS=detect_leaks=0 swift test --sanitize=address --scratch-path .build-asan

## release: the release binary $(RELEASE_BIN): Swift runtime and Foundation linked in, the commit in --version.
# SWIFT_BUILD overrides the build command (machines that share cores: SWIFT_BUILD="flock /tmp/lxc-swift.lock swift build").
DEB_DIR      ?= .build-deb
RELEASE_BIN   = $(DEB_DIR)/lxc-build
VERSION       = $(shell sed -n 's/^    static let number = "\(.*\)"$$/\1/p' Sources/lxc-build/Version.swift)
DEB_REVISION ?= 1
DEB_FILE      = $(DEB_DIR)/lxc-build_$(VERSION)-$(DEB_REVISION)_$(shell dpkg --print-architecture).deb
release: system-deps
	SWIFT_BUILD="$(SWIFT_BUILD)" scripts/release-build.sh $(RELEASE_BIN)

## deb: $(DEB_FILE), the package for Proxmox VE 8 and 9 (Debian 12 and 13); see README "Install on a Proxmox VE node".
deb-deps:
	@$(MAKE) --no-print-directory system-deps APT_PACKAGES="dpkg-dev binutils lintian debootstrap"
deb: deb-deps release
	DEB_REVISION=$(DEB_REVISION) scripts/build-deb.sh $(RELEASE_BIN) $(DEB_DIR)

## deb-test: lintian, ldd, and the package installed and run in clean Debian 12 and 13 roots (scripts/deb-test.sh).
deb-test: deb python-deps
	scripts/deb-test.sh $(DEB_FILE)

## install / uninstall: the release binary, man page and completions under PREFIX (default /usr/local).
PREFIX  ?= /usr/local
DESTDIR ?=
INSTALL_FILES = bin/lxc-build share/man/man1/lxc-build.1 share/bash-completion/completions/lxc-build \
	share/zsh/site-functions/_lxc-build share/fish/vendor_completions.d/lxc-build.fish
install: release
	install -D -s -m 0755 $(RELEASE_BIN) $(DESTDIR)$(PREFIX)/bin/lxc-build
	install -D -m 0644 Docs/man/lxc-build.1 $(DESTDIR)$(PREFIX)/share/man/man1/lxc-build.1
	install -d $(DESTDIR)$(PREFIX)/share/bash-completion/completions $(DESTDIR)$(PREFIX)/share/zsh/site-functions \
	  $(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d
	$(RELEASE_BIN) completions bash > $(DESTDIR)$(PREFIX)/share/bash-completion/completions/lxc-build
	$(RELEASE_BIN) completions zsh > $(DESTDIR)$(PREFIX)/share/zsh/site-functions/_lxc-build
	$(RELEASE_BIN) completions fish > $(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d/lxc-build.fish
uninstall:
	rm -f $(addprefix $(DESTDIR)$(PREFIX)/,$(INSTALL_FILES))

clean:
	rm -rf .build $(VENV) .build-warnings.log $(DEB_DIR)
