# shellcheck disable=SC2016 # the code strings are for the shells under test to expand
# The shell hooks without an engine, in bash, zsh and fish: strict shells, sourcing twice, $?, on, off
# and status, the user's own functions and aliases, LD_PRELOAD and PATH bookkeeping, and the paths that
# the hooks and `leash init` find.

SHELLS="bash zsh fish"
LIB=$ROOT/build/libleash.so
SHIMS=$ROOT/build/shims

# Code that prints one line: "wrapped" or "unwrapped" (is docker a function?), then LEASH_HOOK,
# LD_PRELOAD, LEASH_HOOK_SKIPPED and PATH (each "unset" when unset), separated by "|".
probe() {
    case $1 in
    bash) echo '[[ $(type -t docker) == function ]] && w=wrapped || w=unwrapped' ;;
    zsh) echo '(( $+functions[docker] )) && w=wrapped || w=unwrapped' ;;
    fish)
        echo 'functions -q docker; and set w wrapped; or set w unwrapped
            function v; if set -q $argv[1]; echo "$$argv[1]"; else; echo unset; end; end
            echo "$w|"(v LEASH_HOOK)"|"(v LD_PRELOAD)"|"(v LEASH_HOOK_SKIPPED)"|"(v PATH)'
        return
        ;;
    esac
    echo 'echo "$w|${LEASH_HOOK-unset}|${LD_PRELOAD-unset}|${LEASH_HOOK_SKIPPED-unset}|${PATH-unset}"'
}

test_each_hook_sourced_twice_in_a_strict_shell_is_silent_and_on() {
    local sh on
    for sh in $SHELLS; do
        on="wrapped|$sh|$LIB|unset|$PATH"
        quiet "$sh" "$(source_hook "$sh"); $(source_hook "$sh")"
        quiet "$sh" "$(init_hook "$sh"); $(init_hook "$sh")"
        expect_out "$sh" "$(source_hook "$sh"); $(init_hook "$sh"); $(source_hook "$sh"); $(probe "$sh")" "$on"
        expect_out "$sh" "$(init_hook "$sh"); $(probe "$sh")" "$on"
    done
}

test_bash_hook_is_shellcheck_clean() {
    shellcheck "$ROOT/shell/leash.bash"
    "$LEASH" init bash --path-shims | shellcheck -s bash -
}

test_sourcing_keeps_the_status_and_is_safe_under_set_e() {
    expect_out bash "set +e; trap - ERR; (exit 3); $(source_hook bash); echo \$?" 3
    expect_out zsh "set +e; unfunction TRAPZERR; (exit 3); $(source_hook zsh); echo \$?" 3
    expect_out bash "false && true; $(source_hook bash); echo survived" survived
    expect_out zsh "false && true; $(source_hook zsh); echo survived" survived
    expect_out fish "false; $(source_hook fish); echo \$status" 1
}

test_off_undoes_on_redoes_and_status_says_which() {
    local sh on off
    for sh in $SHELLS; do
        on="wrapped|$sh|$LIB|unset|$PATH" off="unwrapped|unset|unset|unset|$PATH"
        expect_out "$sh" "$(source_hook "$sh"); leash off; $(probe "$sh")" "$off"
        expect_out "$sh" "$(source_hook "$sh"); leash off; leash off; leash on; leash on; $(probe "$sh")" "$on"
        expect_out "$sh" "$(source_hook "$sh"); leash status" "hook:       on ($sh)
wrapped:    $(runtime_names | paste -sd ' ') docker-compose
skipped:    
LD_PRELOAD: $LIB
PATH shims: off
guard:      none (XDG_RUNTIME_DIR is not set)"
        strict "$sh" "$(source_hook "$sh"); leash off; leash status" && fail "$sh: leash status succeeded when off"
        expect_in "$WORK/out" "hook:       off"
    done
}

test_other_leash_commands_reach_the_binary() {
    local sh
    for sh in $SHELLS; do
        expect_out "$sh" "$(source_hook "$sh"); leash --version" "leash $(sed -n 's/^VERSION := //p' "$ROOT/Makefile")"
        expect_out "$sh" "$(source_hook "$sh"); leash explain --json -- docker run example.com/team/claude-code env |
            grep -o '\"agent\":\"claude\"'" '"agent":"claude"'
        strict "$sh" "$(source_hook "$sh"); leash on extra" && fail "$sh: leash on extra reached no binary"
        expect_in "$WORK/err" 'unknown command "on"'
    done
}

test_leash_init_refuses_what_it_does_not_know() {
    expect_status 2 "$LEASH" init
    expect_status 2 "$LEASH" init tcsh
    expect_status 2 "$LEASH" init bash --path-shim
    expect_in "$WORK/err" "usage: leash init bash|zsh|fish [--path-shims]"
}

test_leash_hook_refuses_what_it_does_not_know() {
    local args
    for args in "" "tcsh on" "bash" "bash sideways" "bash on --pid" "bash off --frob" "status --added"; do
        # shellcheck disable=SC2086 # the words of each case
        expect_status 2 "$LEASH" hook $args
        [ ! -s "$WORK/out" ] && [ "$(wc -l <"$WORK/err")" = 1 ] || fail "hook $args: [$(cat "$WORK/out" "$WORK/err")]"
        expect_in "$WORK/err" "usage: leash hook bash|zsh|fish on|off"
    done
}

test_a_function_or_alias_of_the_users_is_kept_and_reported_once() {
    local sh mine said="leash: not wrapping docker podman: you have a function or alias of that name (see leash doctor)"
    for sh in $SHELLS; do
        if [ "$sh" = fish ]; then
            mine="function docker; echo mine; end; alias podman 'echo aliased'"
        else
            mine="docker() { echo mine; }; alias podman='echo aliased'"
        fi
        strict "$sh" "$mine; $(source_hook "$sh"); $(init_hook "$sh"); docker; leash off; docker; leash on; docker
            $(probe "$sh")" || fail "$sh: status $?"
        [ "$(cat "$WORK/err")" = "$said" ] || fail "$sh: said [$(cat "$WORK/err")]"
        [ "$(cat "$WORK/out")" = "mine
mine
mine
wrapped|$sh|$LIB|docker podman|$PATH" ] || fail "$sh: [$(cat "$WORK/out")]"
    done
}

test_a_leash_function_of_the_users_is_kept() {
    local sh mine
    for sh in $SHELLS; do
        mine="leash() { echo mine; }"
        [ "$sh" != fish ] || mine="function leash; echo mine; end"
        strict "$sh" "$mine; $(source_hook "$sh"); leash off" || fail "$sh: status $?"
        expect_in "$WORK/err" "not defining leash: you have a function or alias of that name"
        [ "$(cat "$WORK/out")" = mine ] || fail "$sh: [$(cat "$WORK/out")]"
    done
}

# nested SHELL...: a script per SHELL for the shell to run: it sources the hook again and probes.
nested() {
    local sh
    for sh; do
        printf '%s\n' "$(source_hook "$sh")" "$(probe "$sh")" >"$WORK/nested.$sh"
        case $sh in
        bash) echo "bash --norc $WORK/nested.bash" ;;
        zsh) echo "zsh -f $WORK/nested.zsh" ;;
        fish) echo "fish --no-config $WORK/nested.fish" ;;
        esac
    done
}

# preload_case SHELL BEFORE AFTER: with LD_PRELOAD=BEFORE, the hook makes it AFTER in SHELL and in a
# bash, zsh and fish started from it that source their hooks too; `leash off` makes it BEFORE again.
preload_case() {
    local on="wrapped|$1|$3|unset|$PATH" sh
    LD_PRELOAD=$2 expect_out "$1" "$(source_hook "$1"); $(source_hook "$1"); $(probe "$1"); $(nested bash zsh fish)
        leash off; $(probe "$1")" "$on
${on//|$1|/|bash|}
${on//|$1|/|zsh|}
${on//|$1|/|fish|}
unwrapped|unset|${2:-unset}|unset|$PATH"
}

# The shim joins LD_PRELOAD with the separator already in use, once however deep the nesting, and
# `leash off` takes out exactly that entry. (libm and libc are harmless preloads: every process has them.)
test_ld_preload_keeps_the_users_entries_and_separator() {
    local sh
    for sh in $SHELLS; do
        preload_case "$sh" "libm.so.6:libc.so.6" "libm.so.6:libc.so.6:$LIB"
        preload_case "$sh" "libm.so.6 libc.so.6" "libm.so.6 libc.so.6 $LIB"
        preload_case "$sh" "libm.so.6" "libm.so.6 $LIB"
        preload_case "$sh" "" "$LIB"
    done
}

test_a_libleash_already_preloaded_is_not_added_again_nor_removed() {
    local sh
    mkdir "$WORK/other"
    cp "$LIB" "$WORK/other/libleash.so"
    for sh in $SHELLS; do
        # This shell runs with the shim loaded, so `leash off` says that what it starts stays covered.
        LD_PRELOAD=$WORK/other/libleash.so expect_out "$sh" "$(source_hook "$sh"); echo \"\$LD_PRELOAD\"
            leash off 2>$WORK/note; echo \"\$LD_PRELOAD\"" "$WORK/other/libleash.so
$WORK/other/libleash.so"
        grep -q "this shell itself runs with the shim" "$WORK/note" || fail "$sh: leash off said: $(cat "$WORK/note")"
    done
}

test_path_shims_come_first_once_and_leave_with_off() {
    local sh first hook
    for sh in $SHELLS; do
        first="wrapped|$sh|$LIB|unset|$SHIMS:$PATH"
        hook=$(init_hook "$sh" --path-shims)
        expect_out "$sh" "$hook; $hook; $(probe "$sh")" "$first"
        printf '%s\n' "$(init_hook bash --path-shims)" "$(probe bash)" >"$WORK/nested.bash"
        expect_out "$sh" "$hook; bash $WORK/nested.bash" "${first//|$sh|/|bash|}"
        expect_out "$sh" "$hook; leash off; $(probe "$sh")" "unwrapped|unset|unset|unset|$PATH"
        expect_out "$sh" "$hook; leash status | grep PATH" "PATH shims: $SHIMS"
    done
    write_config <<<$'[leash]\npath_shims = true'
    for sh in $SHELLS; do
        hook=$(source_hook "$sh")
        expect_out "$sh" "$hook; $hook; $(probe "$sh")" "wrapped|$sh|$LIB|unset|$SHIMS:$PATH"
    done
    # Invoked through a shim, leash is the engine for that runtime, and finds the real one further on.
    PATH=$SHIMS:$PATH docker --version >"$WORK/out"
    docker --version | cmp - "$WORK/out"
}

test_a_broken_config_is_said_and_the_defaults_apply() {
    local sh
    export LEASH_CONFIG=$WORK/missing.ini
    for sh in $SHELLS; do
        strict "$sh" "$(source_hook "$sh"); $(probe "$sh")" || fail "$sh: status $?"
        [ "$(wc -l <"$WORK/err")" = 1 ] || fail "$sh: [$(cat "$WORK/err")]"
        expect_in "$WORK/err" "missing.ini"
        [ "$(cat "$WORK/out")" = "wrapped|$sh|$LIB|unset|$PATH" ] || fail "$sh: [$(cat "$WORK/out")]"
    done
}

# Installed, the static files and `leash init` find PREFIX/bin/leash, PREFIX/lib/leash/libleash.so and
# PREFIX/lib/leash/shims.
test_installed_hooks_find_the_installed_files() {
    local sh prefix=$WORK/dest/opt/leash
    make -s -C "$ROOT" install DESTDIR="$WORK/dest" PREFIX=/opt/leash >/dev/null
    [ "$(readlink -f "$prefix/lib/leash/shims/docker")" = "$prefix/bin/leash" ] || fail "the installed shims"
    for sh in $SHELLS; do
        expect_out "$sh" "source '$prefix/share/leash/leash.$sh'; echo \"\$__leash_exe\"
            leash status | grep LD_PRELOAD" "$prefix/bin/leash
LD_PRELOAD: $prefix/lib/leash/libleash.so"
        expect_out "$sh" "$(LEASH=$prefix/bin/leash init_hook "$sh" --path-shims); echo \"\$__leash_exe\"
            leash status | grep -e LD_PRELOAD -e PATH" "$prefix/bin/leash
LD_PRELOAD: $prefix/lib/leash/libleash.so
PATH shims: $prefix/lib/leash/shims"
    done
}

# Paths with spaces and quotes reach the shell intact: the wrapper runs the engine (which withholds the
# key from a fake docker); LD_PRELOAD cannot hold such a path, which is said at each sourcing.
test_awkward_paths_are_quoted() {
    local sh code odd="$WORK/it's a \"dir\" \\ \$HOME"
    mkdir -p "$odd/build" "$odd/shell" "$WORK/bin"
    cp "$LEASH" "$LIB" "$odd/build/"
    cp "$ROOT"/shell/leash.* "$odd/shell/"
    printf '#!/bin/sh\necho "fake: $*"\n' >"$WORK/bin/docker"
    chmod +x "$WORK/bin/docker"
    export ODD=$odd PATH=$WORK/bin:$PATH OPENAI_API_KEY=sk-openai-test
    for sh in $SHELLS; do
        if [ "$sh" = fish ]; then
            code='"$ODD/build/leash" init fish | source; echo $__leash_exe; source "$ODD/shell/leash.fish"'
        else
            code='eval "$("$ODD/build/leash" init '$sh')"; echo "$__leash_exe"; source "$ODD/shell/leash.'$sh'"'
        fi
        strict "$sh" "$code; echo \"\$__leash_exe\"; docker run -e OPENAI_API_KEY $CLAUDE env" || fail "$sh: status $?"
        [ "$(cat "$WORK/out")" = "$odd/build/leash
$odd/build/leash
fake: run --label leash.agent=claude $CLAUDE env" ] || fail "$sh: [$(cat "$WORK/out")]"
        expect_in "$WORK/err" "withheld OPENAI_API_KEY (-e)"
        [ "$(grep -cF "LD_PRELOAD cannot hold $odd/build/libleash.so (a space or colon)" "$WORK/err")" = 2 ] ||
            fail "$sh: [$(cat "$WORK/err")]"
    done
}

test_off_leaves_what_the_hook_did_not_add() {
    local sh
    for sh in $SHELLS; do
        # The user had the PATH shims and the shim in place before the hook ran (and so this shell runs
        # with the shim: leash off says so on stderr).
        PATH=$SHIMS:$PATH LD_PRELOAD=$LIB expect_out "$sh" "$(init_hook "$sh" --path-shims); leash off 2>/dev/null
            $(probe "$sh")" "unwrapped|unset|$LIB|unset|$SHIMS:$PATH"
    done
}

# What to change is the binary's to say, at one run of it per source, on, off and status (each a fork and
# an exec), and never at a prompt: here a leash that logs each run before it runs the real one.
test_the_hook_runs_the_binary_once_per_source_on_off_and_status() {
    local sh dir=$WORK/logged
    mkdir -p "$dir/build" "$dir/shell"
    cp "$LEASH" "$dir/build/leash.real"
    cp "$LIB" "$dir/build/"
    cp "$ROOT"/shell/leash.* "$dir/shell/"
    printf '#!/bin/sh\necho "$*" >>"%s/runs"\nexec "%s/build/leash.real" "$@"\n' "$WORK" "$dir" >"$dir/build/leash"
    chmod +x "$dir/build/leash"
    for sh in $SHELLS; do
        rm -f "$WORK/runs"
        quiet "$sh" "source '$dir/shell/leash.$sh'; leash off; leash on; leash status >/dev/null; true"
        [ "$(cut -d' ' -f1-3 "$WORK/runs")" = "hook $sh on
hook $sh off
hook $sh on
hook status --wrapped" ] || fail "$sh ran: $(cat "$WORK/runs")"
    done
}

# Without its binary the hook says so and stays off, and sourcing it still succeeds.
test_a_hook_without_its_binary_says_so_and_is_off() {
    local sh
    mkdir -p "$WORK/lone/shell"
    cp "$ROOT"/shell/leash.* "$WORK/lone/shell/"
    for sh in $SHELLS; do
        strict "$sh" "source '$WORK/lone/shell/leash.$sh'; $(probe "$sh")" || fail "$sh: status $?"
        [ "$(cat "$WORK/err")" = "leash: $WORK/lone/build/leash is missing: the hook is off" ] ||
            fail "$sh: said [$(cat "$WORK/err")]"
        [ "$(cat "$WORK/out")" = "unwrapped|unset|unset|unset|$PATH" ] || fail "$sh: [$(cat "$WORK/out")]"
    done
}

# The hook runs leash by its absolute path: with an empty PATH it turns on, off and on again.
test_the_hook_needs_no_path() {
    expect_out bash "PATH=; $(source_hook bash); leash off; leash on; $(probe bash)" "wrapped|bash|$LIB|unset|"
    expect_out zsh "path=(); $(source_hook zsh); leash off; leash on; $(probe zsh)" "wrapped|zsh|$LIB|unset|"
    expect_out fish "set -gx PATH; $(source_hook fish); leash off; leash on; $(probe fish)" "wrapped|fish|$LIB|unset|"
}

# start_fake_guard: a session guard (`leash serve`) at $XDG_RUNTIME_DIR/leash/docker.sock in front of
# the default daemon, DAEMON (no daemon need run there: the guard answers which daemon it fronts itself,
# and no docker client runs here). GUARD is its DOCKER_HOST.
start_fake_guard() {
    export XDG_RUNTIME_DIR=$WORK/run DAEMON=unix:///var/run/docker.sock
    mkdir -p -m 700 "$XDG_RUNTIME_DIR"
    DOCKER_HOST=$DAEMON "$LEASH" serve 2>>"$WORK/guard.log" &
    GUARD_PID=$!
    at_exit 'kill "$GUARD_PID" 2>/dev/null || true'
    GUARD=unix://$XDG_RUNTIME_DIR/leash/docker.sock
    for _ in $(seq 100); do
        [ ! -S "$XDG_RUNTIME_DIR/leash/docker.sock" ] || return 0
        sleep 0.1
    done
    fail "the guard did not start: $(cat "$WORK/guard.log")"
}

# Code that prints DOCKER_HOST, or "unset".
docker_host() {
    if [ "$1" = fish ]; then
        echo 'if set -q DOCKER_HOST; echo $DOCKER_HOST; else; echo unset; end'
    else
        echo 'echo "${DOCKER_HOST-unset}"'
    fi
}

# With the session guard in front of the shell's daemon, on points DOCKER_HOST at it, once however often
# it is sourced; off gives back exactly what was there (unset, or the old value), on takes it again.
test_docker_host_goes_to_the_session_guard_and_back() {
    local sh
    start_fake_guard
    for sh in $SHELLS; do
        expect_out "$sh" "$(source_hook "$sh"); $(docker_host "$sh"); leash off; $(docker_host "$sh")" "$GUARD
unset"
        DOCKER_HOST=$DAEMON expect_out "$sh" "$(source_hook "$sh"); $(source_hook "$sh"); echo \"\$DOCKER_HOST\"; leash off; echo \"\$DOCKER_HOST\"" "$GUARD
$DAEMON"
        DOCKER_HOST=$DAEMON expect_out "$sh" "$(source_hook "$sh"); leash off; leash on; leash on; echo \"\$DOCKER_HOST\"" "$GUARD"
        expect_out "$sh" "$(source_hook "$sh"); leash status | grep guard" "guard:      on, DOCKER_HOST=$GUARD, in front of $DAEMON"
    done
    expect_out bash "$(source_hook bash); leash off; leash status | grep guard || true" \
        "guard:      off here (DOCKER_HOST not set; leash on points it at the guard, in front of $DAEMON)"
}

# A shell whose docker uses another daemon keeps its DOCKER_HOST, and status says so; so does one where
# no guard runs, or one that asks for TLS; a DOCKER_HOST changed after on is left as it is by off.
test_docker_host_for_another_daemon_or_no_guard_is_untouched() {
    local sh
    for sh in $SHELLS; do
        XDG_RUNTIME_DIR=$WORK/none DOCKER_HOST=tcp://remote:2375 expect_out "$sh" "$(source_hook "$sh"); echo \"\$DOCKER_HOST\"" tcp://remote:2375
        XDG_RUNTIME_DIR=$WORK/none expect_out "$sh" "$(source_hook "$sh"); $(docker_host "$sh")" unset
    done
    XDG_RUNTIME_DIR=$WORK/none expect_out bash "$(source_hook bash); leash status | grep guard" \
        "guard:      not running at $WORK/none/leash/docker.sock; DOCKER_HOST not set"
    start_fake_guard
    for sh in $SHELLS; do
        DOCKER_HOST=tcp://remote:2375 expect_out "$sh" "$(source_hook "$sh"); echo \"\$DOCKER_HOST\"" tcp://remote:2375
        DOCKER_HOST=unix://$WORK/other.sock expect_out "$sh" "$(source_hook "$sh"); echo \"\$DOCKER_HOST\"" "unix://$WORK/other.sock"
        DOCKER_HOST=$DAEMON DOCKER_TLS_VERIFY=1 expect_out "$sh" "$(source_hook "$sh"); echo \"\$DOCKER_HOST\"" "$DAEMON"
    done
    DOCKER_HOST=tcp://remote:2375 expect_out bash "$(source_hook bash); leash status | grep guard" \
        "guard:      not used: this shell's docker uses tcp://remote:2375 (from DOCKER_HOST), the guard fronts $DAEMON; DOCKER_HOST=tcp://remote:2375, as it was"
    strict bash "$(source_hook bash); export DOCKER_HOST=tcp://mine:2375; leash off; echo \"\$DOCKER_HOST\"" ||
        fail "bash: status $?"
    [ "$(cat "$WORK/out")" = tcp://mine:2375 ] || fail "off changed a DOCKER_HOST set after on: $(cat "$WORK/out")"
    expect_in "$WORK/err" "DOCKER_HOST changed since leash on"
}

# start_impostor [SETPRIV...]: at the session guard's path, a server that is not a leash guard of this
# user's, yet answers every request as a guard in front of the default daemon would (run as SETPRIV says).
start_impostor() {
    export XDG_RUNTIME_DIR=$WORK/run
    mkdir -p "$XDG_RUNTIME_DIR/leash"
    chmod 711 "$WORK" "$XDG_RUNTIME_DIR"
    chmod 777 "$XDG_RUNTIME_DIR/leash"  # so that another user can listen there too
    "$@" python3 -c '
import socket, sys
s = socket.socket(socket.AF_UNIX)
s.bind(sys.argv[1]); s.listen(8)
body = b"{\"Upstream\":\"unix:///var/run/docker.sock\"}\n"
while True:
    c, _ = s.accept()
    try:
        c.recv(65536)
        c.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: %d\r\nConnection: close\r\n\r\n" % len(body) + body)
    except OSError:
        pass  # a client that did not wait for the answer
    c.close()' "$XDG_RUNTIME_DIR/leash/docker.sock" &
    IMPOSTOR_PID=$!
    at_exit 'kill "$IMPOSTOR_PID" 2>/dev/null || true'
    for _ in $(seq 100); do
        [ ! -S "$XDG_RUNTIME_DIR/leash/docker.sock" ] || return 0
        sleep 0.1
    done
    fail "the impostor did not start"
}

# Another user's server at the guard's path, answering as a guard would, is not believed: DOCKER_HOST
# stays. (The same server run as this user is, which shows that the answer alone would have sufficed.)
test_a_guard_of_another_user_is_not_believed() {
    local sh
    [ "$(id -u)" = 0 ] || fail "this test runs as root, to listen as another user"
    start_impostor setpriv --reuid=nobody --regid=nogroup --clear-groups
    for sh in $SHELLS; do
        expect_out "$sh" "$(source_hook "$sh"); $(docker_host "$sh")" unset
    done
    expect_out bash "$(source_hook bash); leash status | grep guard" \
        "guard:      not running at $XDG_RUNTIME_DIR/leash/docker.sock; DOCKER_HOST not set"
    kill "$IMPOSTOR_PID"
    wait "$IMPOSTOR_PID" 2>/dev/null || true
    rm -f "$XDG_RUNTIME_DIR/leash/docker.sock"
    start_impostor
    expect_out bash "$(source_hook bash); $(docker_host bash)" "unix://$XDG_RUNTIME_DIR/leash/docker.sock"
}
