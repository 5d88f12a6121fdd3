#!/bin/bash
# Runs the end-to-end tests against real engines: starts a private dockerd and podman
# (scripts/engines.sh), runs every test_* function of tests/e2e/*_test.sh, each in its own clean
# `bash -euo pipefail` with a minimal environment, a fresh HOME and working directory, then stops the
# engines. `run.sh PATTERN` runs only the tests whose file or function name contains PATTERN. SEED, if set,
# reaches the tests (the differential test's random seed).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
pattern=${1:-}
engines=$(mktemp -d /tmp/leash-e2e.XXXXXX)
rmdir "$engines"
trap '"$ROOT/scripts/engines.sh" stop "$engines"' EXIT
"$ROOT/scripts/engines.sh" start "$engines"

failed=0 passed=0
for file in "$ROOT"/tests/e2e/*_test.sh; do
    suite=$(basename "$file" .sh)
    for fn in $(bash -c ". '$file'; declare -F" | awk '$3 ~ /^test_/ {print $3}'); do
        [[ -z "$pattern" || "$suite $fn" == *"$pattern"* ]] || continue
        work=$(mktemp -d /tmp/leash-test.XXXXXX)
        mkdir "$work/home" "$work/cwd"
        if (cd "$work/cwd" && env -i PATH="/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" \
            HOME="$work/home" TERM=dumb LANG=C.UTF-8 ROOT="$ROOT" LEASH="$ROOT/build/leash" WORK="$work" \
            ENGINES="$engines" SEED="${SEED:-}" bash -Eeuo pipefail -c 'trap "echo \"FAILED: \$BASH_COMMAND\" >&2" ERR
                . "$ENGINES/env"; . "$ROOT/tests/e2e/lib.sh"; . "$1"; "$2"' \
            test "$file" "$fn") >"$work/log" 2>&1; then
            echo "ok   $suite $fn"
            passed=$((passed + 1))
        else
            echo "FAIL $suite $fn"
            sed 's/^/     | /' "$work/log" | tail -n 40
            failed=$((failed + 1))
        fi
        rm -rf "$work"
        # Whatever a test left behind must not reach the next one.
        (. "$engines/env"; docker rm -f $(docker ps -aq); podman rm -af -t 0) >/dev/null 2>&1 || true
    done
done
echo "e2e: $passed passed, $failed failed"
[ "$failed" = 0 ] && [ "$passed" -gt 0 ]
