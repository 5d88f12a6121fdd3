#!/bin/bash
# Runs the end-to-end tests against real engines: starts a private dockerd and podman
# (scripts/engines.sh), runs every test_* function of tests/e2e/*_test.sh, each in its own clean bash
# with a minimal environment, a fresh HOME and working directory (tests/runner.sh), then stops the
# engines. `run.sh PATTERN` runs only the tests whose file or function name contains PATTERN. SEED, if
# set, reaches the tests (the differential test's random seed).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
pattern=${1:-}
compose_v2=$("$ROOT/scripts/compose-v2.sh")
engines=$(mktemp -d /tmp/leash-e2e.XXXXXX)
rmdir "$engines"
trap '"$ROOT/scripts/engines.sh" stop "$engines"' EXIT
"$ROOT/scripts/engines.sh" start "$engines"

. "$ROOT/tests/runner.sh"
TEST_ENV=(ENGINES="$engines" SEED="${SEED:-}" COMPOSE_V2="$compose_v2")
# Whatever a test left behind must not reach the next one.
run_tests e2e "$pattern" '. "$ENGINES/env"; . "$ROOT/tests/e2e/lib.sh"' \
    '(. "$engines/env"; docker rm -f $(docker ps -aq); podman rm -af -t 0) >/dev/null 2>&1 || true' \
    "$ROOT"/tests/e2e/*_test.sh
