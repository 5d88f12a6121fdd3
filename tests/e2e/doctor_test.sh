# leash doctor on a copy of leash laid out as a build tree or an install, with a stand-in shim: a
# shared object built here that needs libc (and, to be rejected, libstdc++).

# stand_in_shim PATH [LINKER ARGS...]
stand_in_shim() {
    local out=$1
    shift
    mkdir -p "$(dirname "$out")"
    printf '#include <stdlib.h>\nconst char* leash_probe(void) { return getenv("HOME"); }\n' >"$WORK/shim.c"
    gcc -shared -fPIC -o "$out" "$WORK/shim.c" "$@"
}

# install_copy DIR: leash as DIR/leash.
install_copy() {
    mkdir -p "$1"
    cp "$LEASH" "$1/leash"
}

# doctor_says STATUS LEASH [VAR=value...]: runs LEASH doctor in an environment with the assignments,
# which must exit with STATUS; its output is in $WORK/out.
doctor_says() {
    local want=$1 leash=$2
    shift 2
    expect_status "$want" env "$@" "$leash" doctor
}

good_config() {
    write_config <<'EOF'
[leash]
runtimes = docker podman
EOF
}

test_doctor_good_setup() {
    good_config
    install_copy "$WORK/prefix/bin"
    local shim="$WORK/prefix/lib/leash/libleash.so"
    stand_in_shim "$shim"
    start_session_guard
    doctor_says 0 "$WORK/prefix/bin/leash" LD_PRELOAD="$shim" LEASH_HOOK=bash DOCKER_HOST="$SESSION_GUARD"
    cat >"$WORK/want" <<EOF
OK   config: $WORK/config.ini valid
OK   shim: $shim (needs only libc)
OK   shim active: LD_PRELOAD has $shim
OK   shell hook: active (bash)
OK   runtime docker: $(command -v docker)
OK   runtime podman: $(command -v podman)
OK   session guard: answers at $WORK/run/leash/docker.sock
OK   session guard in use: DOCKER_HOST=$SESSION_GUARD
OK   $("$LEASH" --version) ($WORK/prefix/bin/leash)
EOF
    diff "$WORK/want" "$WORK/out" || fail "unexpected doctor output"
}

test_doctor_broken_config() {
    write_config <<'EOF'
[leash]
runtimes = docker
bogus = 1
EOF
    install_copy "$WORK/build"
    stand_in_shim "$WORK/build/libleash.so"
    doctor_says 1 "$WORK/build/leash" LD_PRELOAD="$WORK/build/libleash.so" LEASH_HOOK=bash
    expect_in "$WORK/out" "FAIL config: $WORK/config.ini:3: unknown key \"bogus\" in [leash]; leash refuses every container start until it is fixed"
    # the rest is still checked, with the built-in runtimes
    expect_in "$WORK/out" "OK   shim: $WORK/build/libleash.so (needs only libc)"
    expect_in "$WORK/out" "OK   runtime podman: "
    [ "$(grep -c '^FAIL' "$WORK/out")" = 1 ] || fail "more than the config failed"

    good_config
    chmod 620 "$WORK/config.ini"
    doctor_says 1 "$WORK/build/leash" LD_PRELOAD="$WORK/build/libleash.so" LEASH_HOOK=bash
    expect_in "$WORK/out" "FAIL config: config $WORK/config.ini is writable by group or others (chmod go-w $WORK/config.ini)"
}

test_doctor_missing_shim() {
    good_config
    install_copy "$WORK/build"
    doctor_says 1 "$WORK/build/leash" LD_PRELOAD="$WORK/build/libleash.so" LEASH_HOOK=bash
    expect_in "$WORK/out" "FAIL shim: $WORK/build/libleash.so not found; build it with make, or install leash with make install"
    expect_in "$WORK/out" "FAIL shim active: LD_PRELOAD names $WORK/build/libleash.so, which does not exist;"
    [ "$(grep -c '^FAIL' "$WORK/out")" = 2 ] || fail "unexpected failures"

    # present beside the binary, but pulling in libstdc++: every process would load it
    stand_in_shim "$WORK/build/libleash.so" -Wl,--no-as-needed -lstdc++
    doctor_says 1 "$WORK/build/leash" LD_PRELOAD="$WORK/build/libleash.so" LEASH_HOOK=bash
    expect_in "$WORK/out" "FAIL shim: $WORK/build/libleash.so needs libstdc++.so.6 besides libc, and would load them into every process; rebuild it with make"

    # present but not preloaded
    stand_in_shim "$WORK/build/libleash.so"
    doctor_says 1 "$WORK/build/leash" LEASH_HOOK=bash
    expect_in "$WORK/out" "OK   shim: $WORK/build/libleash.so (needs only libc)"
    expect_in "$WORK/out" "FAIL shim active: libleash.so is not in LD_PRELOAD, so a docker run started by a script or program bypasses leash; add eval"
}

test_doctor_hidden_hook() {
    good_config
    install_copy "$WORK/build"
    stand_in_shim "$WORK/build/libleash.so"
    doctor_says 1 "$WORK/build/leash" LD_PRELOAD="$WORK/build/libleash.so" LEASH_HOOK=bash LEASH_HOOK_SKIPPED=docker
    expect_in "$WORK/out" "FAIL shell hook (bash): a function or alias of yours named docker hides leash's wrapper, so a typed docker run bypasses leash; remove it from your shell's startup files and open a new shell"
    [ "$(grep -c '^FAIL' "$WORK/out")" = 1 ] || fail "more than the hook failed"

    doctor_says 1 "$WORK/build/leash" LD_PRELOAD="$WORK/build/libleash.so"
    expect_in "$WORK/out" "FAIL shell hook: not active in this shell; add eval \"\$(leash init bash)\" to ~/.bashrc"
}

test_doctor_missing_runtimes() {
    write_config <<'EOF'
[leash]
runtimes = docker nerdctl
EOF
    install_copy "$WORK/build"
    stand_in_shim "$WORK/build/libleash.so"
    mkdir "$WORK/bin"
    ln -s "$(command -v docker)" "$WORK/bin/docker"
    doctor_says 0 "$WORK/build/leash" PATH="$WORK/bin" LD_PRELOAD="$WORK/build/libleash.so" LEASH_HOOK=bash
    expect_in "$WORK/out" "OK   runtime docker: $WORK/bin/docker"
    expect_in "$WORK/out" "WARN runtime nerdctl: not found in PATH (fine if you do not use it)"
    rm "$WORK/bin/docker"
    doctor_says 1 "$WORK/build/leash" PATH="$WORK/bin" LD_PRELOAD="$WORK/build/libleash.so" LEASH_HOOK=bash
    expect_in "$WORK/out" "FAIL runtimes: none found in PATH; install docker or podman"
}

test_doctor_says_whether_the_session_guard_runs_and_this_shell_uses_it() {
    good_config
    local sock=$WORK/run/leash/docker.sock daemon=$DOCKER_HOST
    # The rest of the set-up good, so that the exit status is the guard's checks'.
    local good=(LD_PRELOAD="$ROOT/build/libleash.so" LEASH_HOOK=bash)
    doctor_says 0 "$LEASH" -u XDG_RUNTIME_DIR "${good[@]}"
    expect_in "$WORK/out" "WARN session guard: none (XDG_RUNTIME_DIR is not set); \`leash guard -- COMMAND\` guards one"
    doctor_says 0 "$LEASH" "${good[@]}" XDG_RUNTIME_DIR="$WORK/run"
    expect_in "$WORK/out" "WARN session guard: not running at $sock; docker compose, SDKs and static programs reach the daemon unjudged: systemctl --user enable --now leash.socket"
    expect_not_in "$WORK/out" "session guard in use"
    # DOCKER_HOST at a guard that is not there: every docker client here fails.
    doctor_says 1 "$LEASH" "${good[@]}" XDG_RUNTIME_DIR="$WORK/run" DOCKER_HOST="unix://$sock"
    expect_in "$WORK/out" "FAIL session guard in use: DOCKER_HOST=unix://$sock, where nothing listens"
    start_session_guard
    doctor_says 0 "$LEASH" "${good[@]}" DOCKER_HOST="$daemon"
    expect_in "$WORK/out" "OK   session guard: answers at $sock"
    expect_in "$WORK/out" "WARN session guard in use: no, DOCKER_HOST is $daemon; docker clients here reach the daemon unjudged: export DOCKER_HOST=unix://$sock"
    doctor_says 0 "$LEASH" -u DOCKER_HOST "${good[@]}"
    expect_in "$WORK/out" "WARN session guard in use: no, DOCKER_HOST is not set"
    doctor_says 0 "$LEASH" "${good[@]}" DOCKER_HOST="$sock"
    expect_in "$WORK/out" "OK   session guard in use: DOCKER_HOST=$sock"
    # The guard runs, its daemon does not answer.
    kill "$SESSION_GUARD_PID"
    wait "$SESSION_GUARD_PID"
    DOCKER_HOST=unix://$WORK/nothing.sock start_session_guard
    doctor_says 0 "$LEASH" "${good[@]}"
    expect_in "$WORK/out" "WARN session guard: runs at $sock, but its daemon does not answer (HTTP 502)"
}
