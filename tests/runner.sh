# shellcheck shell=bash
# The loop both test runners share (tests/e2e/run.sh, tests/shell/run.sh); sourced, with ROOT set.
#
# run_tests NAME PATTERN PRELUDE AFTER FILE...: runs every test_* function of the FILEs whose file or
# function name contains PATTERN, each in its own clean `bash -Eeuo pipefail` with a minimal environment
# (plus the NAME=VALUE words of the array TEST_ENV), a fresh HOME and working directory ($WORK/home,
# $WORK/cwd), after the shell code PRELUDE; AFTER, if not empty, is run after each test. A failing command
# is named; a test that runs for half an hour is stopped and fails. Prints a line per test and a total; fails if a test failed or none ran.
run_tests() {
    local name=$1 pattern=$2 prelude=$3 after=$4 file suite fn work failed=0 passed=0
    shift 4
    "$ROOT/scripts/unhooked.sh" "$name tests" || return 1  # their clean environment cannot drop the shim
    for file; do
        suite=$(basename "$file" .sh)
        for fn in $(bash -c ". '$file'; declare -F" | awk '$3 ~ /^test_/ {print $3}'); do
            [[ -z "$pattern" || "$suite $fn" == *"$pattern"* ]] || continue
            work=$(mktemp -d "/tmp/leash-$name.XXXXXX")
            mkdir "$work/home" "$work/cwd"
            # A hung engine must not stall the run: no test takes half an hour.
            if (cd "$work/cwd" && timeout --kill-after=30 1800 env -i PATH="/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" \
                HOME="$work/home" TERM=dumb LANG=C.UTF-8 ROOT="$ROOT" LEASH="$ROOT/build/leash" WORK="$work" \
                "${TEST_ENV[@]}" bash -Eeuo pipefail -c 'trap "echo \"FAILED: \$BASH_COMMAND\" >&2" ERR
                    '"$prelude"'; . "$1"; "$2"' test "$file" "$fn") >"$work/log" 2>&1; then
                echo "ok   $suite $fn"
                passed=$((passed + 1))
            else
                echo "FAIL $suite $fn"
                sed 's/^/     | /' "$work/log" | tail -n 40
                failed=$((failed + 1))
            fi
            rm -rf "$work"
            [ -z "$after" ] || eval "$after"
        done
    done
    echo "$name: $passed passed, $failed failed"
    [ "$failed" = 0 ] && [ "$passed" -gt 0 ]
}
