# Included by the Makefile: the core and its unit tests under AddressSanitizer and
# UndefinedBehaviorSanitizer (`make sanitize`, part of `make check`), and the libFuzzer targets of
# tests/fuzz (`make fuzz`). Each builds into a directory of its own by running make again with B set
# there, with clang: gcc 12 reports false maybe-uninitialized warnings under -fsanitize, and -Werror
# makes them errors.

# Not UBSan's function check: clang 14 cannot emit its prologue data for C++20 coroutines (the guard's)
# ("Cannot represent a difference across sections").
SANITIZE := -fsanitize=address,undefined -fno-sanitize=function -fno-sanitize-recover=all -fno-omit-frame-pointer
FUZZ_TARGETS := parse envfile config credentials api mounts http
FUZZ_SECONDS ?= 60

.PHONY: sanitize fuzz
sanitize:
	$(MAKE) -j$$(nproc) B=$(B)/asan CXX=clang++ OPT='-O1 -g $(SANITIZE)' LDFLAGS='$(SANITIZE)' $(B)/asan/unit-tests
	$(B)/asan/unit-tests

# Each target for FUZZ_SECONDS, then the differential test against the docker CLI with a random seed.
fuzz:
	$(MAKE) B=$(B)/fuzz CXX=clang++ OPT='-O1 -g $(SANITIZE) -fsanitize=fuzzer-no-link' LDFLAGS='$(SANITIZE)' \
		$(FUZZ_TARGETS:%=$(B)/fuzz/%-fuzz) $(B)/fuzz/parse.dict $(B)/fuzz/api.dict $(B)/fuzz/http.dict
	scripts/fuzz.sh $(B)/fuzz $(FUZZ_SECONDS) $(FUZZ_TARGETS)
	$(MAKE) all $(B)/tests/parse-dump
	SEED=random tests/e2e/run.sh differential

$(B)/%-fuzz: $(B)/obj/tests/fuzz/%_fuzz.o $(B)/libleash-core.a
	$(CXX) $(LDFLAGS) -fsanitize=fuzzer -o $@ $^ $(LIBS)

# The guard's framing is outside the core.
$(B)/http-fuzz: $(B)/obj/guard/http_frame.o

# The parse target's dictionary: every flag of the table, short and long, and tests/fuzz/parse.dict.
$(B)/parse.dict: src/core/flags.tsv tests/fuzz/parse.dict
	awk -F'\t' '!/^#/ && $$1 != "runtime" && NF { print "\"" $$3 "\""; if ($$4 != "") print "\"" $$4 "\"" }' \
		src/core/flags.tsv | LC_ALL=C sort -u > $@.tmp
	cat tests/fuzz/parse.dict >> $@.tmp
	mv $@.tmp $@

# The other targets' dictionaries, as they are.
$(B)/%.dict: tests/fuzz/%.dict
	cp $< $@
