# leash. `make` builds build/leash and build/libleash.so; `make check` installs what the tests need
# (on Debian, as root), starts the container engines, runs every test and stops the engines.

VERSION := 0.1.0
PREFIX ?= /usr/local
DESTDIR ?=
B := build
# PATH shims: links named like the runtimes, to leash, which then acts as `leash exec -- NAME`. The
# runtime names' one source is src/core/runtimes.list.
SHIMS := $(shell sed '/^\#/d;/^$$/d' src/core/runtimes.list)

CXX ?= g++
CC ?= gcc
OPT ?= -O2 -g
# Debug information names the sources relative to this tree, so no path of the build tree reaches an
# installed file (and builds are reproducible, as Debian's dpkg-buildflags makes them).
PREFIX_MAP := -ffile-prefix-map=$(CURDIR)=.
CPPFLAGS += -Isrc -I$(B)/gen -DLEASH_VERSION='"$(VERSION)"'
CXXFLAGS += -std=c++20 $(OPT) $(PREFIX_MAP) -Wall -Wextra -Wshadow -Werror
LIBS := -lfmt -linih

# The LD_PRELOAD shim is C against libc alone; shim.map exports only the functions it wraps. libc's
# headers declare their path and argv nonnull, but a wrapper must pass a NULL on to libc (EFAULT), not
# have its NULL checks optimized away. Fortified calls (__getcwd_chk) would import newer glibc versions,
# each a check at every process's load; stack-clash protection makes a frame larger than what is left of
# a small stack fault at once instead of writing past it.
SHIM_CFLAGS := -std=gnu17 $(OPT) $(PREFIX_MAP) -Wall -Wextra -Werror -fPIC -fvisibility=hidden \
	-fno-delete-null-pointer-checks -Wno-nonnull-compare -U_FORTIFY_SOURCE \
	-fstack-clash-protection
SHIM_TESTS := $(patsubst tests/shim/%.c,$(B)/tests/shim/%,$(filter-out tests/shim/early.c,$(wildcard tests/shim/*.c))) \
	$(B)/tests/shim/libearly.so

# The parts are folders (ARCHITECTURE.md): src/core, the pure core (no I/O); src/cli, the commands and
# the other edges; src/guard, the Docker-API guard (Boost.Beast and Asio, header-only); src/shim, the
# LD_PRELOAD shim.
CORE_OBJ := $(patsubst src/%.cc,$(B)/obj/%.o,$(wildcard src/core/*.cc))
EDGE_OBJ := $(patsubst src/%.cc,$(B)/obj/%.o,$(filter-out src/cli/main.cc,$(wildcard src/cli/*.cc src/guard/*.cc)))
UNIT_OBJ := $(patsubst tests/%.cc,$(B)/obj/tests/%.o,$(wildcard tests/*/*_test.cc))

MANPAGES := man/leash.1 man/leash.conf.5

.PHONY: all check unit unit-unprivileged shim e2e lint-core lint-man demo install uninstall clean deb
all: $(B)/leash $(SHIMS:%=$(B)/shims/%) $(B)/libleash.so

$(B)/gen/flag_table.inc: src/core/flags.tsv scripts/flag-table.awk
	@mkdir -p $(@D)
	awk -f scripts/flag-table.awk src/core/flags.tsv | LC_ALL=C sort -s -k1,1 | cut -d' ' -f2- > $@.tmp
	mv $@.tmp $@

$(B)/obj/core/flags.o: $(B)/gen/flag_table.inc

$(B)/gen/core/runtime_names.h: src/core/runtimes.list scripts/runtime-names.awk
	@mkdir -p $(@D)
	awk -f scripts/runtime-names.awk src/core/runtimes.list >$@.tmp
	mv $@.tmp $@

$(B)/obj/core/config.o: $(B)/gen/core/runtime_names.h

# The credentials known by the shape of their value, as {prefix, body, min, max, contains, kind} rows.
$(B)/gen/value_rules.inc: src/core/value_rules.tsv scripts/value-rules.awk
	@mkdir -p $(@D)
	awk -f scripts/value-rules.awk src/core/value_rules.tsv > $@.tmp
	mv $@.tmp $@

$(B)/obj/core/credentials.o: $(B)/gen/value_rules.inc

# What hands a container the host, as {flag, glob, why} and {path, below, why} rows.
$(B)/gen/host_rules.inc: src/core/host_rules.tsv scripts/host-rules.awk
	@mkdir -p $(@D)
	awk -f scripts/host-rules.awk src/core/host_rules.tsv > $@.tmp
	mv $@.tmp $@

$(B)/obj/core/host_access.o: $(B)/gen/host_rules.inc

# docker-compose's options before its command, as {name, letter, takes_value, v1, role} rows.
$(B)/gen/compose_options.inc: src/core/compose_options.tsv scripts/compose-options.awk
	@mkdir -p $(@D)
	awk -f scripts/compose-options.awk src/core/compose_options.tsv > $@.tmp
	mv $@.tmp $@

$(B)/obj/core/daemon_flags.o: $(B)/gen/compose_options.inc

# The shell hooks, embedded for `leash init` as {"SHELL", R"(TEXT)"} entries.
$(B)/gen/shell_hooks.inc: shell/leash.bash shell/leash.zsh shell/leash.fish
	@mkdir -p $(@D)
	for f in $^; do printf '{"%s", R"leash_hook(' "$${f##*.}"; cat "$$f"; printf ')leash_hook"},\n'; done >$@.tmp
	mv $@.tmp $@

$(B)/obj/cli/cmd_init.o: $(B)/gen/shell_hooks.inc

# Text files the unit tests check, as C++ raw string literals: the tests read nothing of the source tree,
# so build/unit-tests runs from any directory, as any user.
$(B)/gen/embed/%.inc: %
	@mkdir -p $(@D)
	{ printf 'R"leash_embed('; cat $<; printf ')leash_embed"\n'; } >$@.tmp
	mv $@.tmp $@

$(B)/obj/tests/core/example_config_test.o: $(B)/gen/embed/examples/config.ini.inc $(B)/gen/embed/man/leash.conf.5.inc
$(B)/obj/tests/core/runtime_names_test.o: $(B)/gen/embed/src/core/runtimes.list.inc $(B)/gen/embed/README.md.inc \
	$(B)/gen/embed/man/leash.1.inc $(B)/gen/embed/man/leash.conf.5.inc

$(B)/shims/%:
	@mkdir -p $(@D)
	ln -sfn ../leash $@

$(B)/obj/%.o: src/%.cc
	@mkdir -p $(@D)
	$(CXX) $(CPPFLAGS) $(CXXFLAGS) -MMD -MP -c $< -o $@

$(B)/obj/tests/%.o: tests/%.cc
	@mkdir -p $(@D)
	$(CXX) $(CPPFLAGS) -Itests $(CXXFLAGS) -MMD -MP -c $< -o $@

$(B)/libleash.so: src/shim/shim.c src/shim/shim_route.h src/shim/shim.map $(B)/gen/core/runtime_names.h
	@mkdir -p $(@D)
	$(CC) -I$(B)/gen $(SHIM_CFLAGS) -shared -Wl,--version-script=src/shim/shim.map -Wl,-soname,libleash.so -Wl,-z,defs \
		-o $@ src/shim/shim.c

$(B)/tests/shim/%: tests/shim/%.c tests/shim/call.h
	@mkdir -p $(@D)
	$(CC) -std=gnu17 $(OPT) -Wall -Wextra -Werror -pthread -o $@ $<

$(B)/tests/shim/libearly.so: tests/shim/early.c
	@mkdir -p $(@D)
	$(CC) -std=gnu17 $(OPT) -Wall -Wextra -Werror -fPIC -shared -o $@ $<

$(B)/libleash-core.a: $(CORE_OBJ)
	rm -f $@ && ar rcs $@ $^

$(B)/leash: $(B)/obj/cli/main.o $(EDGE_OBJ) $(B)/libleash-core.a
	$(CXX) $(LDFLAGS) -o $@ $^ $(LIBS)

# What leash's parser finds, for the conformance test against the docker CLI.
$(B)/tests/parse-dump: $(B)/obj/tests/tools/parse_dump.o $(EDGE_OBJ) $(B)/libleash-core.a
	@mkdir -p $(@D)
	$(CXX) $(LDFLAGS) -o $@ $^ $(LIBS)

# What leash's Docker-API body reader finds, for its differential test against the daemon.
$(B)/tests/api-dump: $(B)/obj/tests/tools/api_dump.o $(B)/libleash-core.a
	@mkdir -p $(@D)
	$(CXX) $(LDFLAGS) -o $@ $^ $(LIBS)

# What leash reads in mount values, the masks it plans and the host access it refuses, for the mount
# tests against docker and podman.
$(B)/tests/mount-dump: $(B)/obj/tests/tools/mount_dump.o $(B)/libleash-core.a
	@mkdir -p $(@D)
	$(CXX) $(LDFLAGS) -o $@ $^ $(LIBS)

$(B)/unit-tests: $(UNIT_OBJ) $(EDGE_OBJ) $(B)/libleash-core.a
	$(CXX) $(LDFLAGS) -o $@ $^ -lcriterion $(LIBS)

unit: $(B)/unit-tests
	$(B)/unit-tests

shim: all $(SHIM_TESTS)
	tests/shim/run.sh

e2e: all $(B)/tests/parse-dump $(B)/tests/api-dump $(B)/tests/mount-dump
	tests/e2e/run.sh

check:
	scripts/deps.sh
	$(MAKE) -j$$(nproc) all $(B)/unit-tests $(B)/tests/parse-dump $(B)/tests/api-dump $(B)/tests/mount-dump $(SHIM_TESTS)
	$(MAKE) lint-core lint-man
	$(B)/unit-tests
	$(MAKE) unit-unprivileged
	$(MAKE) sanitize
	VALGRIND=1 tests/shim/run.sh
	tests/shell/run.sh
	tests/e2e/run.sh

# The unit tests need no privilege. Run by root, they run once more as nobody (setpriv, util-linux), from
# a copy in a directory of their own, since the tree may be private to root; run by anyone else, they
# just did run unprivileged.
unit-unprivileged: $(B)/unit-tests
	@if [ "$$(id -u)" != 0 ]; then echo "unit tests: ran as uid $$(id -u) already"; exit 0; fi; \
	dir=$$(mktemp -d /tmp/leash-unit.XXXXXX) && chmod 755 "$$dir" && cp $(B)/unit-tests "$$dir/" && \
	(cd "$$dir" && setpriv --reuid=65534 --regid=65534 --clear-groups ./unit-tests); \
	rc=$$?; rm -rf "$$dir"; exit $$rc

# The core does no I/O: it includes only its own headers and no header of a system call, a file or a
# process.
CORE_IO_HEADERS := unistd.h fcntl.h sys/ fstream cstdio stdio.h iostream dirent.h dlfcn.h spawn.h
lint-core:
	@bad=$$(grep -Hn '^#include' src/core/* | grep -v -e '#include "core/' -e '#include <' -e 'flag_table.inc' -e 'value_rules.inc' -e 'host_rules.inc' -e 'compose_options.inc'; \
		for h in $(CORE_IO_HEADERS); do grep -Hn "^#include <$$h" src/core/*; done); \
		[ -z "$$bad" ] || { printf 'the core includes an edge or an I/O header:\n%s\n' "$$bad"; exit 1; }

# mandoc and groff, each at its most exacting, have nothing to say about the man pages.
lint-man:
	mandoc -Tlint -Wstyle $(MANPAGES)
	@out=$$(groff -ww -z -t -man $(MANPAGES) 2>&1); [ -z "$$out" ] || { echo "$$out"; exit 1; }

# On a fresh Debian machine: packages, build, a private dockerd, and a hooked bash showing what leash does.
demo:
	scripts/demo.sh

# The installed layout. The hooks, the shim and `leash init` find each other from their own places
# (shell/leash.*, src/shim.c, src/cmd_init.cc), so nothing of PREFIX is compiled in; the man pages get
# PREFIX written into their paths.
INSTALLED := bin/leash lib/leash/libleash.so $(SHIMS:%=lib/leash/shims/%) \
	share/leash/leash.bash share/leash/leash.zsh share/leash/leash.fish share/leash/config.ini \
	share/man/man1/leash.1 share/man/man5/leash.conf.5 share/bash-completion/completions/leash \
	share/zsh/site-functions/_leash share/fish/vendor_completions.d/leash.fish \
	lib/systemd/user/leash.service lib/systemd/user/leash.socket
INST := $(DESTDIR)$(PREFIX)

install: all
	install -d $(INST)/bin $(INST)/lib/leash/shims $(INST)/share/leash $(INST)/share/man/man1 $(INST)/share/man/man5 \
		$(INST)/share/bash-completion/completions $(INST)/share/zsh/site-functions $(INST)/share/fish/vendor_completions.d
	install -m 755 $(B)/leash $(INST)/bin/leash
	install -m 644 $(B)/libleash.so $(INST)/lib/leash/libleash.so
	for s in $(SHIMS); do ln -sfn ../../../bin/leash $(INST)/lib/leash/shims/$$s; done
	install -m 644 shell/leash.bash shell/leash.zsh shell/leash.fish examples/config.ini $(INST)/share/leash
	sed 's|PREFIX/|$(PREFIX)/|g' man/leash.1 >$(INST)/share/man/man1/leash.1
	sed 's|PREFIX/|$(PREFIX)/|g' man/leash.conf.5 >$(INST)/share/man/man5/leash.conf.5
	chmod 644 $(INST)/share/man/man1/leash.1 $(INST)/share/man/man5/leash.conf.5
	install -m 644 completions/leash.bash $(INST)/share/bash-completion/completions/leash
	install -m 644 completions/_leash $(INST)/share/zsh/site-functions/_leash
	install -m 644 completions/leash.fish $(INST)/share/fish/vendor_completions.d/leash.fish
	install -d $(INST)/lib/systemd/user
	sed 's|PREFIX/|$(PREFIX)/|g' systemd/leash.service >$(INST)/lib/systemd/user/leash.service
	chmod 644 $(INST)/lib/systemd/user/leash.service
	install -m 644 systemd/leash.socket $(INST)/lib/systemd/user/leash.socket

# Removes what install put there, and the directories that are leash's alone.
uninstall:
	rm -f $(INSTALLED:%=$(INST)/%)
	for d in $(INST)/lib/leash/shims $(INST)/lib/leash $(INST)/share/leash; do \
		[ ! -d "$$d" ] || rmdir --ignore-fail-on-non-empty "$$d"; done

# The Debian package, from debian/: leash_VERSION_ARCH.deb with its .buildinfo and .changes in
# $(B)/deb, built (debian/rules) in $(B)/deb/tree and cleaned after, so that nothing of the build stays
# outside $(B). Rebuilt when a file it is made of changes.
DEB_DIR := $(B)/deb
DEB_INPUTS := Makefile $(wildcard debian/* debian/*/* src/* src/*/* shell/* man/* completions/* examples/*)
deb:
	$(MAKE) $(DEB_DIR)/leash_$(VERSION)_$$(dpkg --print-architecture).deb

$(DEB_DIR)/leash_$(VERSION)_%.deb: $(DEB_INPUTS)
	@v=$$(dpkg-parsechangelog -S Version); [ "$$v" = "$(VERSION)" ] || \
		{ echo "make deb: debian/changelog is at $$v, the Makefile at $(VERSION): add a changelog entry" >&2; exit 1; }
	mkdir -p $(DEB_DIR)
	LEASH_DEB_DIR=$(DEB_DIR) dpkg-buildpackage --build=binary --no-sign --post-clean -J \
		--buildinfo-option=-u$(DEB_DIR) --buildinfo-file=$(DEB_DIR)/leash_$(VERSION)_$*.buildinfo \
		--changes-option=-u$(DEB_DIR) --changes-file=$(DEB_DIR)/leash_$(VERSION)_$*.changes

clean:
	rm -rf $(B)

include bench/bench.mk
include tests/hardening.mk

-include $(shell find $(B)/obj -name '*.d' 2>/dev/null)
