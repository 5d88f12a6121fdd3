# Differential test of leash's Docker-API body reader against the daemon: every body of
# api_reader.cases (duplicate keys, key case, Go's folding, escapes, nulls, merged objects, HostConfig at
# the top level, wrong types, trailing data) is sent to the private dockerd as a create request, and what
# the daemon made of it (inspect) must be what api-dump reads; judged for claude's image, the body leash
# forwards must give the daemon no OPENAI_API_KEY (tests/tools/api_differential.py).

test_api_reader_reads_bodies_as_the_daemon_does() {
    python3 "$ROOT/tests/tools/api_differential.py" "$ROOT/build/tests/api-dump" "$ROOT/tests/e2e/api_reader.cases" \
        "$PLAIN" "$CLAUDE"
}
