#!/bin/bash
# Runs the shell-hook tests that need no container engine: every test_* function of
# tests/shell/*_test.sh, each in its own clean `bash -euo pipefail` with a minimal environment, a fresh
# HOME and working directory, and the helpers of tests/e2e/lib.sh and tests/shell/lib.sh.
# `run.sh PATTERN` runs only the tests whose file or function name contains PATTERN.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
pattern=${1:-}
failed=0 passed=0
for file in "$ROOT"/tests/shell/*_test.sh; do
    suite=$(basename "$file" .sh)
    for fn in $(bash -c ". '$file'; declare -F" | awk '$3 ~ /^test_/ {print $3}'); do
        [[ -z "$pattern" || "$suite $fn" == *"$pattern"* ]] || continue
        work=$(mktemp -d /tmp/leash-shell-test.XXXXXX)
        mkdir "$work/home" "$work/cwd"
        if (cd "$work/cwd" && env -i PATH="/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" \
            HOME="$work/home" TERM=dumb LANG=C.UTF-8 ROOT="$ROOT" LEASH="$ROOT/build/leash" WORK="$work" \
            bash -euo pipefail -c '. "$ROOT/tests/e2e/lib.sh"; . "$ROOT/tests/shell/lib.sh"; . "$1"; "$2"' \
            test "$file" "$fn") >"$work/log" 2>&1; then
            echo "ok   $suite $fn"
            passed=$((passed + 1))
        else
            echo "FAIL $suite $fn"
            sed 's/^/     | /' "$work/log" | tail -n 40
            failed=$((failed + 1))
        fi
        rm -rf "$work"
    done
done
echo "shell: $passed passed, $failed failed"
[ "$failed" = 0 ] && [ "$passed" -gt 0 ]
