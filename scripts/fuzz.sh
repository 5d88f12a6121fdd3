#!/bin/sh
# Runs libFuzzer targets for a bounded time each and reports their executions and coverage:
#   scripts/fuzz.sh DIR SECONDS TARGET...
# DIR holds TARGET-fuzz (and TARGET.dict if there is one), as `make fuzz` builds them. Each target
# starts from its checked-in seeds, tests/fuzz/corpus/TARGET, and keeps what it finds in DIR/corpus/TARGET.
# A crash, a hang or a broken property stops the run, and the input that did it is left in DIR/artifacts.
set -eu
dir=$1 seconds=$2
shift 2
mkdir -p "$dir/artifacts"
for t in "$@"; do
    mkdir -p "$dir/corpus/$t"
    log=$dir/$t.log
    set -- -max_total_time="$seconds" -timeout=10 -print_final_stats=1 -artifact_prefix="$dir/artifacts/$t-"
    [ -e "$dir/$t.dict" ] && set -- "$@" -dict="$dir/$t.dict"
    if ! "$dir/$t-fuzz" "$@" "$dir/corpus/$t" "tests/fuzz/corpus/$t" >"$log" 2>&1; then
        tail -n 30 "$log"
        echo "fuzz: $t FAILED; the input is in $dir/artifacts, the log in $log" >&2
        exit 1
    fi
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
    edges=$(sed -n 's/.*(\([0-9]*\) inline 8-bit counters).*/\1/p' "$log" | head -n 1)
    cov=$(grep -o 'cov: [0-9]*' "$log" | tail -n 1 | cut -d' ' -f2)
    echo "fuzz: $t: $execs executions in ${seconds}s, $cov of $edges edges covered, $(find "$dir/corpus/$t" -type f | wc -l) inputs kept"
done
