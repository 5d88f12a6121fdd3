#!/bin/bash
# bench/run.sh BUILD: measures leash, built with optimisation into BUILD (`make bench`), side by side with
# no preload, an empty preload (the floor), snoopy and libfaketime, and with plain docker against a private
# dockerd, on its own socket and through the API guard; then bench/report.py writes bench/results.md, bench/chart.svg and the README's section.
#
# Rounds are interleaved, each in a fresh random order, so that the load of a shared machine falls on every
# variant alike; instruction counts (callgrind) are deterministic and carry the per-process result. What
# cannot be measured is recorded as such, shown in the results and on stderr: never skipped in silence.
# Raw data, logs and callgrind profiles stay in BUILD/results. ROUNDS, PS_ROUNDS, STARTS, STREAMS and
# SPAWNS set the sizes; SPAWNS, unset, is chosen for the machine's speed and load so that the whole stays within ten minutes.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
[ $# = 1 ] && [ -d "$1" ] || { echo "usage: bench/run.sh BUILD" >&2; exit 2; }
B=$(cd "$1" && pwd)
OUT=$B/results
SPAWNS=${SPAWNS:-} ROUNDS=${ROUNDS:-7} PS_ROUNDS=${PS_ROUNDS:-200} STARTS=${STARTS:-25} STREAMS=${STREAMS:-2}

# A clean, known environment: no LD_PRELOAD from a hooked shell (whose shim `env -i` would not drop), no
# user config, dummy keys only.
if [ -z "${LEASH_BENCH_CLEAN:-}" ]; then
    "$ROOT/scripts/unhooked.sh" bench/run.sh
    rm -rf "$OUT"
    mkdir -p "$OUT/home"
    : >"$OUT/config.ini"
    chmod 600 "$OUT/config.ini"
    exec env -i LEASH_BENCH_CLEAN=1 PATH="$PATH" HOME="$OUT/home" LANG=C.UTF-8 TERM=dumb \
        LEASH_CONFIG="$OUT/config.ini" ANTHROPIC_API_KEY=bench-not-a-key OPENAI_API_KEY=bench-not-a-key \
        SPAWNS="$SPAWNS" ROUNDS="$ROUNDS" PS_ROUNDS="$PS_ROUNDS" STARTS="$STARTS" STREAMS="$STREAMS" "$0" "$B"
fi

data=$OUT/data.tsv
: >"$data"
record() { printf '%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "${4:-}" >>"$data"; }  # SECTION CASE VALUE [ROUND]
skip() {
    record skip "$1" "$2"
    echo "bench: not measured: $1: $2" >&2
}
say() { echo "bench: $*" >&2; }
section_start() {
    say "$1"
    t_section=$SECONDS
}
section_end() { record seconds "$1" $((SECONDS - t_section)); }

# ---- the machine ----------------------------------------------------------------------------------------

meta() { record meta "$1" "$2"; }
meta date "$(date -u '+%Y-%m-%d %H:%M UTC')"
meta cpu "$(awk -F': *' '/^model name/ { print $2; exit }' /proc/cpuinfo)"
meta cores "$(nproc)"
meta memory "$(awk '/^MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo)"
meta os "$(. /etc/os-release && echo "$PRETTY_NAME"), Linux $(uname -r)"
meta libc "$(getconf GNU_LIBC_VERSION)"
meta compiler "$(${CC:-gcc} --version | head -n 1), -O2 -DNDEBUG"
meta leash "$(git -C "$ROOT" describe --always --dirty 2>/dev/null || echo unknown)"
meta load_before "$(cut -d' ' -f1-3 /proc/loadavg)"

# ---- the preloads ---------------------------------------------------------------------------------------

# The peers come from their Debian packages, unpacked under BUILD and never installed: an installed snoopy
# would log every exec of the machine. Neither sees an exec here: snoopy wraps only execv and execve, and
# these runs exec nothing through them (posix_spawn execs inside libc; callgrind's launcher runs without
# the preload, which reaches /bin/true through env), so snoopy logs nothing. libfaketime gets a zero
# offset, FAKETIME=+0, so that no clock moves.
peer() {  # PACKAGE FILE: unpacks PACKAGE once; prints the path of its FILE
    local dir=$B/peers deb
    mkdir -p "$dir"
    deb=$(ls "$dir/$1"_*.deb 2>/dev/null | head -n 1)
    if [ -z "$deb" ]; then
        (cd "$dir" && apt-get download "$1") >>"$OUT/peers.log" 2>&1 ||
            { [ "$(id -u)" = 0 ] && apt-get update -qq >>"$OUT/peers.log" 2>&1 &&
                (cd "$dir" && apt-get download "$1") >>"$OUT/peers.log" 2>&1; } || return 1
        deb=$(ls "$dir/$1"_*.deb | head -n 1)
    fi
    [ -d "$dir/$1" ] || dpkg-deb -x "$deb" "$dir/$1"
    meta "version_$1" "$(dpkg-deb -f "$deb" Version)"
    find "$dir/$1" -name "$2" -type f | head -n 1 | grep .
}

section_start "the peers: snoopy and libfaketime from their Debian packages"
names=(none empty leash) libs=("" "$B/libempty.so" "$B/libleash.so")
if so=$(peer snoopy 'libsnoopy.so*'); then names+=(snoopy) libs+=("$so"); else skip snoopy "apt-get download snoopy failed (see $OUT/peers.log)"; fi
if so=$(peer libfaketime libfaketime.so.1); then names+=(libfaketime) libs+=("$so"); else skip libfaketime "apt-get download libfaketime failed (see $OUT/peers.log)"; fi
section_end peers

preloaded() {  # INDEX COMMAND...: runs COMMAND with that preload
    local i=$1
    shift
    if [ -z "${libs[$i]}" ]; then "$@"; else env LD_PRELOAD="${libs[$i]}" FAKETIME=+0 "$@"; fi
}

# ---- per process: instructions ----------------------------------------------------------------------------

section_start "per process: user-space instructions of /bin/true (callgrind)"
if command -v valgrind >/dev/null; then
    for i in "${!names[@]}"; do
        n=${names[$i]} prof=$OUT/callgrind.${names[$i]}
        set -- /usr/bin/env
        [ -z "${libs[$i]}" ] || set -- "$@" LD_PRELOAD="${libs[$i]}" FAKETIME=+0
        if valgrind --tool=callgrind --trace-children=yes --callgrind-out-file="$prof" "$@" /bin/true 2>"$prof.log"; then
            record instructions "$n" "$(awk '/Collected :/ { v = $NF } END { print v }' "$prof.log")"
        else
            skip "instructions $n" "callgrind failed (see $prof.log)"
        fi
    done
else
    skip instructions "valgrind not installed"
fi
section_end instructions

# ---- per process: wall time -------------------------------------------------------------------------------

# Up to 2,000 spawns a round (about a minute in all on an idle machine), fewer when spawning is slow: the
# section is kept to about 90 seconds.
if [ -z "$SPAWNS" ]; then
    t=$("$B/spawn_loop" 100 /bin/true)
    SPAWNS=$((90000000000 / (t * ROUNDS * ${#names[@]})))
    SPAWNS=$((SPAWNS > 2000 ? 2000 : SPAWNS < 200 ? 200 : SPAWNS))
fi
meta sizes "$SPAWNS spawns a round, $ROUNDS rounds a preload; $PS_ROUNDS rounds of a docker ps through the guard and direct; $STARTS rounds of container starts; $STREAMS rounds of a 1 GiB stream"
section_start "per process: $ROUNDS rounds of $SPAWNS posix_spawn + wait of /bin/true, each preload"
for round in $(seq "$ROUNDS"); do
    for i in $(shuf -e "${!names[@]}"); do
        ns=$(preloaded "$i" "$B/spawn_loop" "$SPAWNS" /bin/true 2>>"$OUT/spawn.log") &&
            record spawn "${names[$i]}" "$ns" "$round" || skip "spawn ${names[$i]} round $round" "spawn_loop failed (see $OUT/spawn.log)"
    done
done
section_end spawn

# ---- the fast path and the engine's core (Google Benchmark) ----------------------------------------------

section_start "the shim's fast path and the engine's core (Google Benchmark)"
for b in fastpath engine; do
    "$B/${b}_bench" --benchmark_repetitions=5 --benchmark_report_aggregates_only=true --benchmark_min_time=0.2 \
        --benchmark_out="$OUT/$b.json" --benchmark_out_format=json >"$OUT/$b.log" 2>&1 ||
        skip "$b benchmark" "${b}_bench failed (see $OUT/$b.log)"
done
section_end gbench

# ---- leash exec alone, and the runtimes' own start-up -----------------------------------------------------

# A runtime that does nothing (/bin/true named docker) shows what the engine's process itself costs: start,
# config, parse, decide, rewrite, exec. The runtimes' clients, asked only for their version, start up.
section_start "leash exec alone, against the runtimes' own start-up"
mkdir -p "$OUT/fake"
ln -sfn /bin/true "$OUT/fake/docker"
start_args=(run --rm -e OPENAI_API_KEY example.com/team/claude-code true)
cases=(true leash_exec)
for rt in docker podman; do
    if command -v "$rt" >/dev/null; then cases+=("${rt}_version"); else skip "$rt --version" "$rt not installed"; fi
done
for round in $(seq "$ROUNDS"); do
    for c in $(shuf -e "${cases[@]}"); do
        case $c in
        true) set -- "$OUT/fake/docker" "${start_args[@]}" ;;
        leash_exec) set -- "$B/leash" exec -- "$OUT/fake/docker" "${start_args[@]}" ;;
        *_version) set -- "${c%_version}" --version ;;
        esac
        ns=$("$B/spawn_loop" 10 "$@" 2>>"$OUT/process.log") && record process "$c" "$ns" "$round" ||
            skip "process $c round $round" "spawn_loop failed (see $OUT/process.log)"
    done
done
section_end process

# ---- against a private dockerd ----------------------------------------------------------------------------

engines=$(mktemp -d /tmp/leash-bench.XXXXXX)
rmdir "$engines"
trap '"$ROOT/scripts/engines.sh" stop "$engines"' EXIT
section_start "starting a private dockerd and podman (scripts/engines.sh)"
if "$ROOT/scripts/engines.sh" start "$engines" >"$OUT/engines.log" 2>&1; then
    # shellcheck disable=SC1091
    . "$engines/env"
    meta docker "$(docker version --format 'client {{.Client.Version}}, server {{.Server.Version}}' 2>/dev/null)"
    meta docker_client "$(command -v docker) ($(ldd "$(command -v docker)" >/dev/null 2>&1 && echo dynamically || echo statically) linked)"
    section_end engines

    # Commands that start no container: the shim passes them to libc; the engine, for comparison.
    section_start "docker ps and docker version: without the shim, with it, and through the engine"
    for round in $(seq "$ROUNDS"); do
        for c in $(shuf -e none shim engine); do
            for sub in ps version; do
                case $c in
                none) set -- "$B/spawn_loop" 5 docker "$sub" ;;
                shim) set -- env LD_PRELOAD="$B/libleash.so" "$B/spawn_loop" 5 docker "$sub" ;;
                engine) set -- "$B/spawn_loop" 5 "$B/leash" exec -- docker "$sub" ;;
                esac
                ns=$("$@" 2>>"$OUT/runtime.log") && record "docker_$sub" "$c" "$ns" "$round" ||
                    skip "docker $sub $c round $round" "failed (see $OUT/runtime.log)"
            done
        done
    done
    section_end runtime

    # A container start: plain docker (no preload), a script's `docker run` (bash with the shim
    # preloaded), and one typed in a shell with leash's hook; each in a bash of its own, the clock read
    # around the command alone.
    image=example.com/team/claude-code
    section_start "container starts: docker run --rm $image true, $STARTS rounds"
    start() {  # VARIANT COMMAND...: prints the nanoseconds COMMAND took in that variant's bash
        local v=$1 prelude=: launch=()
        shift
        case $v in
        shim | inspect | home) launch=(env LD_PRELOAD="$B/libleash.so") ;;
        hook) prelude="eval \"\$('$B/leash' init bash)\"" ;;
        esac
        "${launch[@]}" bash -c "$prelude"'
            t0=$EPOCHREALTIME; "$@" >"$OUT/start.out" 2>>"$OUT/start.log" || exit 1; t1=$EPOCHREALTIME
            echo $(( (${t1//[.,]/} - ${t0//[.,]/}) * 1000 ))' start "$@"
    }
    export OUT
    # Through leash the container gets the agent's key, which plain docker does not pass: checked first,
    # so that a variant that silently missed leash is not timed as if it went through it.
    # inspect: a script's start of an alias of the agent's image that names another key, which leash can
    # judge only by asking dockerd for the image's names (an image inspect, paid only then).
    docker tag "$image" mine/helper
    # home, docker-home: the home mounted read-only, through the shim (whose masks cost the runtime a mount
    # per store there) and with plain docker.
    run_args() {
        case $1 in
        inspect) echo "--rm -e OPENAI_API_KEY mine/helper" ;;
        home | docker-home) echo "--rm -v $HOME:/h:ro $image" ;;
        *) echo "--rm $image" ;;
        esac
    }
    variants=()
    for v in docker shim hook inspect home docker-home; do
        # shellcheck disable=SC2046 # run_args's words
        start "$v" docker run $(run_args "$v") env >/dev/null || { skip "container start $v" "docker run failed (see $OUT/start.log)"; continue; }
        if [ "$v" = inspect ] && grep -q '^OPENAI_API_KEY=' "$OUT/start.out"; then
            skip "container start $v" "the alias was not recognized: OPENAI_API_KEY reached the container"
            continue
        fi
        key=no
        ! grep -q '^ANTHROPIC_API_KEY=' "$OUT/start.out" || key=yes
        if [ "$key" = "$([[ $v == docker* ]] && echo no || echo yes)" ]; then
            variants+=("$v")
        else
            skip "container start $v" "it did not go through leash as expected (key in the container: $key)"
        fi
    done
    for round in $(seq "$STARTS"); do
        for v in $(shuf -e "${variants[@]}"); do
            # shellcheck disable=SC2046 # run_args's words
            ns=$(start "$v" docker run $(run_args "$v") true) && record start "$v" "$ns" "$round" ||
                skip "container start $v round $round" "docker run failed (see $OUT/start.log)"
        done
    done
    section_end start

    # The API guard: leash serve in front of the same dockerd, against the daemon's socket directly:
    # docker ps, a container start, a 1 GiB stream out of a container through docker exec, and the
    # guard's resident memory idle and after that load (its peak, VmHWM).
    section_start "the API guard: docker ps, container starts and a 1 GiB exec stream, through it and direct"
    daemon=$DOCKER_HOST guard_dir=$OUT/guard
    mkdir -p -m 700 "$guard_dir"
    "$B/leash" serve --socket "$guard_dir/docker.sock" 2>"$OUT/guard.log" &
    guard_pid=$!
    guard=unix://$guard_dir/docker.sock
    for _ in $(seq 100); do DOCKER_HOST=$guard docker version >/dev/null 2>&1 && break; sleep 0.1; done
    if DOCKER_HOST=$guard docker version >/dev/null 2>&1; then
        guard_kib() { awk -v k="$1" '$1 == k":" {print $2}' "/proc/$guard_pid/status"; }
        record guard_memory idle_kib "$(guard_kib VmRSS)"
        host_of() { if [ "$1" = guard ]; then echo "$guard"; else echo "$daemon"; fi; }
        # docker ps takes some 10 ms, of which the guard's part is a fraction of a millisecond: a round is
        # one of each, so that a pair is close in time and a slow run (a stall of the machine, the Go
        # runtime's) is one sample of many, not part of a mean.
        for round in $(seq "$PS_ROUNDS"); do
            for c in $(shuf -e direct guard); do
                ns=$(DOCKER_HOST=$(host_of "$c") "$B/spawn_loop" 1 docker ps 2>>"$OUT/guard-run.log") &&
                    record guard_ps "$c" "$ns" "$round" || skip "docker ps $c round $round" "failed (see $OUT/guard-run.log)"
            done
        done
        # The guard's own part, without docker's start: docker ps's two requests on a connection of their
        # own, to the daemon and through the guard in turn (bench/api_roundtrip.c).
        for round in $(seq "$ROUNDS"); do
            if read -r a g added < <("$B/api_roundtrip" 300 "${daemon#unix://}" "${guard#unix://}" 2>>"$OUT/guard-run.log"); then
                record guard_api direct "$a" "$round"
                record guard_api guard "$g" "$round"
                record guard_api added "$added" "$round"
            else
                skip "docker ps's requests round $round" "failed (see $OUT/guard-run.log)"
            fi
        done
        for round in $(seq "$STARTS"); do
            for c in $(shuf -e direct guard); do
                ns=$(DOCKER_HOST=$(host_of "$c") start docker docker run --rm "$image" true) &&
                    record guard_start "$c" "$ns" "$round" || skip "guard start $c round $round" "failed (see $OUT/start.log)"
            done
        done
        box=$(docker run -d --network none example.com/tools/plain sleep 3600)
        stream() {  # HOST: the nanoseconds 1 GiB takes out of the box through docker exec
            DOCKER_HOST=$1 bash -c 't0=$EPOCHREALTIME; n=$(docker exec "$1" busybox head -c 1073741824 /dev/zero | wc -c)
                t1=$EPOCHREALTIME; [ "$n" = 1073741824 ] || exit 1; echo $(( (${t1//[.,]/} - ${t0//[.,]/}) * 1000 ))' stream "$box"
        }
        for round in $(seq "$STREAMS"); do
            for c in $(shuf -e direct guard); do
                ns=$(stream "$(host_of "$c")" 2>>"$OUT/guard-run.log") && record guard_stream "$c" "$ns" "$round" ||
                    skip "1 GiB stream $c round $round" "failed (see $OUT/guard-run.log)"
            done
        done
        docker rm -f "$box" >/dev/null
        # A burst of 50 clients at once, then the peak of the guard's memory over all of the above.
        burst=()
        for _ in $(seq 50); do
            DOCKER_HOST=$guard docker ps >/dev/null 2>>"$OUT/guard-run.log" &
            burst+=($!)
        done
        wait "${burst[@]}" || skip "the burst of 50 docker ps" "one failed (see $OUT/guard-run.log)"
        record guard_memory peak_kib "$(guard_kib VmHWM)"
    else
        skip "the API guard" "leash serve did not answer (see $OUT/guard.log)"
    fi
    kill "$guard_pid" && wait "$guard_pid" || skip "the API guard's stop" "leash serve did not stop cleanly on SIGTERM"
    section_end guard
else
    skip "docker ps, docker version and container starts" "scripts/engines.sh could not start dockerd: $(tail -n 1 "$OUT/engines.log")"
fi
"$ROOT/scripts/engines.sh" stop "$engines"
trap - EXIT

meta load_after "$(cut -d' ' -f1-3 /proc/loadavg)"
python3 "$ROOT/bench/report.py" "$OUT" "$ROOT"
