# leash. `make` builds build/leash and build/libleash.so; `make check` installs what the tests need
# (on Debian, as root), starts the container engines, runs every test and stops the engines.

VERSION := 0.1.0
PREFIX ?= /usr/local
DESTDIR ?=
B := build
# PATH shims: links named like the runtimes, to leash, which then acts as `leash exec -- NAME`.
SHIMS := docker podman podman-remote nerdctl

CXX ?= g++
CC ?= gcc
OPT ?= -O2 -g
CPPFLAGS += -Isrc -I$(B)/gen -DLEASH_VERSION='"$(VERSION)"'
CXXFLAGS += -std=c++20 $(OPT) -Wall -Wextra -Werror
LIBS := -lfmt -linih

# The LD_PRELOAD shim is C against libc alone; shim.map exports only the functions it wraps. libc's
# headers declare their path and argv nonnull, but a wrapper must pass a NULL on to libc (EFAULT), not
# have its NULL checks optimized away.
SHIM_CFLAGS := -std=gnu17 $(OPT) -Wall -Wextra -Werror -fPIC -fvisibility=hidden \
	-fno-delete-null-pointer-checks -Wno-nonnull-compare
SHIM_TESTS := $(patsubst tests/shim/%.c,$(B)/tests/shim/%,$(filter-out tests/shim/early.c,$(wildcard tests/shim/*.c))) \
	$(B)/tests/shim/libearly.so

# The pure core (no I/O) and the edges around it.
CORE := flags parse config glob envfile environment recognize decide rewrite render open_plan agents_table \
	doctor_checks
EDGE := files config_files runtime engine cmd_exec cmd_explain cmd_init cmd_open cmd_agents cmd_doctor
CORE_OBJ := $(CORE:%=$(B)/obj/%.o)
EDGE_OBJ := $(EDGE:%=$(B)/obj/%.o)
UNIT_OBJ := $(patsubst tests/%.cc,$(B)/obj/tests/%.o,$(wildcard tests/*_test.cc))

.PHONY: all check unit shim e2e install clean
all: $(B)/leash $(SHIMS:%=$(B)/shims/%) $(B)/libleash.so

$(B)/gen/flag_table.inc: src/flags.tsv scripts/flag-table.awk
	@mkdir -p $(@D)
	awk -f scripts/flag-table.awk src/flags.tsv | LC_ALL=C sort -s -k1,1 | cut -d' ' -f2- > $@.tmp
	mv $@.tmp $@

$(B)/obj/flags.o: $(B)/gen/flag_table.inc

# The shell hooks, embedded for `leash init` as {"SHELL", R"(TEXT)"} entries.
$(B)/gen/shell_hooks.inc: shell/leash.bash shell/leash.zsh shell/leash.fish
	@mkdir -p $(@D)
	for f in $^; do printf '{"%s", R"leash_hook(' "$${f##*.}"; cat "$$f"; printf ')leash_hook"},\n'; done >$@.tmp
	mv $@.tmp $@

$(B)/obj/cmd_init.o: $(B)/gen/shell_hooks.inc

$(B)/shims/%:
	@mkdir -p $(@D)
	ln -sfn ../leash $@

$(B)/obj/%.o: src/%.cc
	@mkdir -p $(@D)
	$(CXX) $(CPPFLAGS) $(CXXFLAGS) -MMD -MP -c $< -o $@

$(B)/obj/tests/%.o: tests/%.cc
	@mkdir -p $(@D)
	$(CXX) $(CPPFLAGS) $(CXXFLAGS) -MMD -MP -c $< -o $@

$(B)/libleash.so: src/shim.c src/shim.map
	$(CC) $(SHIM_CFLAGS) -shared -Wl,--version-script=src/shim.map -Wl,-soname,libleash.so -Wl,-z,defs \
		-o $@ src/shim.c

$(B)/tests/shim/%: tests/shim/%.c tests/shim/call.h
	@mkdir -p $(@D)
	$(CC) -std=gnu17 $(OPT) -Wall -Wextra -Werror -pthread -o $@ $<

$(B)/tests/shim/libearly.so: tests/shim/early.c
	@mkdir -p $(@D)
	$(CC) -std=gnu17 $(OPT) -Wall -Wextra -Werror -fPIC -shared -o $@ $<

$(B)/libleash-core.a: $(CORE_OBJ)
	ar rcs $@ $^

$(B)/leash: $(B)/obj/main.o $(EDGE_OBJ) $(B)/libleash-core.a
	$(CXX) $(LDFLAGS) -o $@ $^ $(LIBS)

# What leash's parser finds, for the conformance test against the docker CLI.
$(B)/tests/parse-dump: $(B)/obj/tests/tools/parse_dump.o $(EDGE_OBJ) $(B)/libleash-core.a
	@mkdir -p $(@D)
	$(CXX) $(LDFLAGS) -o $@ $^ $(LIBS)

$(B)/unit-tests: $(UNIT_OBJ) $(EDGE_OBJ) $(B)/libleash-core.a
	$(CXX) $(LDFLAGS) -o $@ $^ -lcriterion $(LIBS)

unit: $(B)/unit-tests
	$(B)/unit-tests

shim: all $(SHIM_TESTS)
	tests/shim/run.sh

e2e: all $(B)/tests/parse-dump
	tests/e2e/run.sh

check:
	scripts/deps.sh
	$(MAKE) all $(B)/unit-tests $(B)/tests/parse-dump $(SHIM_TESTS)
	$(B)/unit-tests
	tests/shim/run.sh
	tests/shell/run.sh
	tests/e2e/run.sh

# The shell hooks find the files by these places (shell/leash.*, src/cmd_init.cc).
install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/lib/leash/shims $(DESTDIR)$(PREFIX)/share/leash
	install -m 755 $(B)/leash $(DESTDIR)$(PREFIX)/bin/leash
	install -m 644 $(B)/libleash.so $(DESTDIR)$(PREFIX)/lib/leash/libleash.so
	install -m 644 shell/leash.bash shell/leash.zsh shell/leash.fish $(DESTDIR)$(PREFIX)/share/leash
	for s in $(SHIMS); do ln -sfn ../../../bin/leash $(DESTDIR)$(PREFIX)/lib/leash/shims/$$s; done

clean:
	rm -rf $(B)

-include $(shell find $(B)/obj -name '*.d' 2>/dev/null)
