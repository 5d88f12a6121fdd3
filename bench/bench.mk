# Included by the Makefile. `make bench`: leash built with optimisation into $(B)/bench, on every core (the
# whole must fit in ten minutes on a fresh machine), then measured by bench/run.sh beside no preload, an
# empty one, snoopy, libfaketime and plain docker; it writes bench/results.md, bench/chart.svg and the
# README's table.

BENCH_BIN := leash libleash.so libempty.so spawn_loop api_roundtrip fastpath_bench engine_bench

.PHONY: bench
bench:
	scripts/deps.sh
	$(MAKE) -j$$(nproc) B=$(B)/bench OPT='-O2 -DNDEBUG' $(BENCH_BIN:%=$(B)/bench/%)
	bench/run.sh $(B)/bench

# Linked to libc, as every real preload is: loading it is part of the floor.
$(B)/libempty.so: bench/empty.c
	@mkdir -p $(@D)
	$(CC) -std=gnu17 $(OPT) -Wall -Wextra -Werror -fPIC -shared -o $@ $< -Wl,--no-as-needed -lc

$(B)/spawn_loop $(B)/api_roundtrip: $(B)/%: bench/%.c
	@mkdir -p $(@D)
	$(CC) -std=gnu17 $(OPT) -Wall -Wextra -Werror -o $@ $<

# The shim's fast path, compiled as the shim is.
$(B)/obj/bench/fastpath.o: bench/fastpath.c src/shim/shim_route.h $(B)/gen/core/runtime_names.h
	@mkdir -p $(@D)
	$(CC) -Isrc -I$(B)/gen $(SHIM_CFLAGS) -c -o $@ $<

$(B)/obj/bench/%.o: bench/%.cc
	@mkdir -p $(@D)
	$(CXX) $(CPPFLAGS) $(CXXFLAGS) -MMD -MP -c $< -o $@

$(B)/fastpath_bench: $(B)/obj/bench/fastpath_bench.o $(B)/obj/bench/fastpath.o
	$(CXX) $(LDFLAGS) -o $@ $^ -lbenchmark -lpthread

$(B)/engine_bench: $(B)/obj/bench/engine_bench.o $(B)/obj/cli/host_world.o $(B)/obj/cli/files.o $(B)/libleash-core.a
	$(CXX) $(LDFLAGS) -o $@ $^ -lbenchmark -lpthread $(LIBS)
