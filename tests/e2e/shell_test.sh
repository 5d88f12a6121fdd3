# The shell hooks against real engines: `docker run` typed at an interactive bash, zsh and fish prompt,
# on and off; programs started from a hooked shell (through the shim); static binaries (through the
# PATH shims only).
# shellcheck disable=SC2086 # RUN's words are plain, and split on purpose
# shellcheck source=tests/shell/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../shell/lib.sh"

RUN="run --rm --network none -e OPENAI_API_KEY $CLAUDE env"

# expect_screen_keys NAMES: exactly these credentials are in what the last typed command printed.
expect_screen_keys() {
    local got
    got=$(credential_names <"$WORK/screen")
    [ "$got" = "$1" ] || { tmux_screen >&2; fail "credentials on the screen: [$got], expected [$1]"; }
}

# In an interactive SHELL whose rc file runs LINE: docker and podman typed at the prompt go through the
# engine; after `leash off` docker is plain docker again, and `leash on` restores the hook. The user's
# own prompt hook (PROMPT_COMMAND, precmd, fish_prompt) runs at every prompt and sees each exit status.
typed_at_the_prompt() {
    set_keys
    start_shell "$1" "$2"
    tmux_type "docker $RUN"
    expect_screen_keys ANTHROPIC_API_KEY
    expect_status_shown 0
    tmux_type "podman $RUN"
    expect_screen_keys ANTHROPIC_API_KEY
    tmux_type 'leash off'
    tmux_type "docker $RUN"
    expect_screen_keys OPENAI_API_KEY
    tmux_type 'leash on'
    tmux_type "docker $RUN"
    expect_screen_keys ANTHROPIC_API_KEY
    tmux_type false
    expect_status_shown 1
    tmux_type "docker run --rm --network none $CLAUDE sh -c 'exit 3'"
    expect_status_shown 3
}

test_docker_typed_at_a_bash_prompt() {
    typed_at_the_prompt bash "$(source_hook bash)"
    tmux_type 'echo "$PROMPT_COMMAND"'
    [ "$(cat "$WORK/screen")" = '__t_rc=$?' ] || fail "PROMPT_COMMAND is now [$(cat "$WORK/screen")]"
}

test_docker_typed_at_a_zsh_prompt() {
    typed_at_the_prompt zsh "$(init_hook zsh)"
}

test_docker_typed_at_a_fish_prompt() {
    typed_at_the_prompt fish "$(init_hook fish)"
}

# A script and a Python program started from a hooked shell are covered through the shim in
# LD_PRELOAD; after `leash off` they are not (the control).
test_programs_started_from_a_hooked_shell_are_covered_by_the_shim() {
    set_keys
    printf '#!/bin/sh\ndocker %s\n' "$RUN" >script.sh
    chmod +x script.sh
    local python="import subprocess; subprocess.run('docker $RUN'.split(), check=True)"
    eval "$("$LEASH" init bash)"
    expect_keys ANTHROPIC_API_KEY docker $RUN
    expect_keys ANTHROPIC_API_KEY ./script.sh
    expect_keys ANTHROPIC_API_KEY python3 -c "$python"
    expect_keys ANTHROPIC_API_KEY bash -c "./script.sh"
    leash off
    expect_keys OPENAI_API_KEY ./script.sh
    expect_keys OPENAI_API_KEY python3 -c "$python"
}

# busybox is static: its exec never reaches the shim, only a PATH shim named docker does.
test_a_static_binary_is_covered_by_the_path_shims() {
    set_keys
    source "$ROOT/shell/leash.bash"
    expect_keys OPENAI_API_KEY busybox sh -c "docker $RUN"
    eval "$("$LEASH" init bash --path-shims)"
    expect_keys ANTHROPIC_API_KEY busybox sh -c "docker $RUN"
    expect_keys ANTHROPIC_API_KEY busybox sh -c "podman $RUN"
    leash off
    expect_keys OPENAI_API_KEY busybox sh -c "docker $RUN"
}

# With the session guard running in front of this shell's daemon, the hook points DOCKER_HOST at it, so
# that `command docker` (which skips the function, and which the shell execs past the shim) is judged
# too: the guard removes OPENAI_API_KEY from claude's container (and adds no key: that is the argv
# engine's). `leash off` gives back the DOCKER_HOST that was there, `leash on` the guard's.
session_guard_at_the_prompt() {
    set_keys
    start_session_guard
    local daemon=$DOCKER_HOST
    start_shell "$1" "$2"
    tmux_type "command docker $RUN"
    expect_screen_keys ""
    tmux_type 'echo "$DOCKER_HOST"'
    [ "$(cat "$WORK/screen")" = "$SESSION_GUARD" ] || { tmux_screen >&2; fail "DOCKER_HOST is not the guard's"; }
    tmux_type 'leash off'
    tmux_type 'echo "$DOCKER_HOST"'
    [ "$(cat "$WORK/screen")" = "$daemon" ] || { tmux_screen >&2; fail "leash off did not restore DOCKER_HOST"; }
    tmux_type "command docker $RUN"
    expect_screen_keys OPENAI_API_KEY
    tmux_type 'leash on'
    tmux_type "command docker $RUN"
    expect_screen_keys ""
    expect_in "$WORK/session-guard.log" "withheld OPENAI_API_KEY"
}

test_command_docker_at_a_bash_prompt_goes_through_the_session_guard() {
    session_guard_at_the_prompt bash "$(source_hook bash)"
}

test_command_docker_at_a_zsh_prompt_goes_through_the_session_guard() {
    session_guard_at_the_prompt zsh "$(init_hook zsh)"
}

test_command_docker_at_a_fish_prompt_goes_through_the_session_guard() {
    session_guard_at_the_prompt fish "$(init_hook fish)"
}

# busybox is static, and no PATH shim is asked for: only the session guard sees its docker's containers.
test_a_static_binary_is_covered_by_the_session_guard() {
    set_keys
    start_session_guard
    eval "$("$LEASH" init bash)"
    [ "$DOCKER_HOST" = "$SESSION_GUARD" ] || fail "the hook left DOCKER_HOST at [$DOCKER_HOST]"
    expect_keys "" busybox sh -c "docker $RUN"
    expect_in "$WORK/session-guard.log" "withheld OPENAI_API_KEY"
}

# No session guard: docker-compose, or docker compose (v2), typed at a hooked prompt runs behind a guard
# of its own.
compose_typed_at_the_prompt() {
    set_keys
    compose_project
    compose_plugin
    start_shell "$1" "$2"
    tmux_type "docker-compose run --rm claude"
    expect_screen_keys ANTHROPIC_API_KEY
    expect_status_shown 0
    tmux_type "docker compose run --rm claude"
    expect_screen_keys ANTHROPIC_API_KEY
    expect_status_shown 0
    tmux_type 'echo "$DOCKER_HOST"'
    [ "$(cat "$WORK/screen")" = "$DOCKER_HOST" ] || { tmux_screen >&2; fail "the hook changed DOCKER_HOST with no session guard"; }
}

test_compose_typed_at_a_bash_prompt_runs_behind_a_guard() {
    compose_typed_at_the_prompt bash "$(source_hook bash)"
}

test_compose_typed_at_a_zsh_prompt_runs_behind_a_guard() {
    compose_typed_at_the_prompt zsh "$(init_hook zsh)"
}

test_compose_typed_at_a_fish_prompt_runs_behind_a_guard() {
    compose_typed_at_the_prompt fish "$(init_hook fish)"
}

# No session guard: docker-compose exec'd by a script or a program started from a hooked shell runs
# behind a guard of its own, through the shim; after `leash off` it does not (the control).
test_compose_exec_d_by_a_script_runs_behind_a_guard() {
    set_keys
    compose_project
    compose_plugin
    printf '#!/bin/sh\ndocker-compose run --rm claude\n' >script.sh
    printf '#!/bin/sh\ndocker compose run --rm claude\n' >plugin.sh
    chmod +x script.sh plugin.sh
    local python="import subprocess; subprocess.run(['docker-compose', 'run', '--rm', 'claude'], check=True)"
    eval "$("$LEASH" init bash)"
    expect_keys ANTHROPIC_API_KEY ./script.sh
    expect_keys ANTHROPIC_API_KEY ./plugin.sh
    expect_keys ANTHROPIC_API_KEY python3 -c "$python"
    leash off
    expect_keys "ANTHROPIC_API_KEY OPENAI_API_KEY" ./script.sh
    expect_keys "ANTHROPIC_API_KEY OPENAI_API_KEY" ./plugin.sh
}

# With the session guard running, compose goes to it as it is: DOCKER_HOST points there already.
test_compose_exec_d_by_a_script_uses_the_session_guard() {
    set_keys
    compose_project
    start_session_guard
    printf '#!/bin/sh\ndocker-compose run --rm claude\n' >script.sh
    chmod +x script.sh
    eval "$("$LEASH" init bash)"
    expect_keys ANTHROPIC_API_KEY ./script.sh
    expect_in "$WORK/session-guard.log" "withheld OPENAI_API_KEY"
}

# With DOCKER_HOST at the session guard, -H and --context on a command line still reach the daemon they
# name, past the guard (the control: OPENAI_API_KEY arrives), and a context named by DOCKER_CONTEXT that
# is not the guard's daemon keeps the shell's DOCKER_HOST untouched.
test_h_and_context_on_the_command_line_still_reach_what_they_name() {
    set_keys
    start_session_guard
    local daemon=$DOCKER_HOST
    docker context create direct --docker "host=$daemon" >/dev/null
    eval "$("$LEASH" init bash)"
    [ "$DOCKER_HOST" = "$SESSION_GUARD" ] || fail "the hook left DOCKER_HOST at [$DOCKER_HOST]"
    expect_keys "" command docker $RUN
    expect_keys OPENAI_API_KEY command docker -H "$daemon" $RUN
    expect_keys OPENAI_API_KEY command docker --context direct $RUN
    leash off
    [ "$DOCKER_HOST" = "$daemon" ] || fail "leash off left DOCKER_HOST at [$DOCKER_HOST]"
}

# docker-compose naming its daemon (-H), or docker -H ... compose, exec'd by a script or typed at a
# prompt, runs behind a guard for that daemon: with no session guard, and with one, which -H would
# otherwise pass; after `leash off` it reaches the daemon directly (the control).
test_compose_naming_its_daemon_runs_behind_a_guard_for_it() {
    set_keys
    compose_project
    local daemon=$DOCKER_HOST
    printf '#!/bin/sh\ndocker-compose -H "%s" run --rm claude\n' "$daemon" >script.sh
    printf '#!/bin/sh\ndocker -H "%s" compose run --rm claude\n' "$daemon" >plugin.sh
    chmod +x script.sh plugin.sh
    compose_plugin
    eval "$("$LEASH" init bash)"
    expect_keys ANTHROPIC_API_KEY ./script.sh
    expect_keys ANTHROPIC_API_KEY ./plugin.sh
    start_session_guard
    leash on
    [ "$DOCKER_HOST" = "$SESSION_GUARD" ] || fail "the hook left DOCKER_HOST at [$DOCKER_HOST]"
    expect_keys ANTHROPIC_API_KEY ./script.sh
    expect_keys ANTHROPIC_API_KEY ./plugin.sh
    leash off
    expect_keys "ANTHROPIC_API_KEY OPENAI_API_KEY" ./script.sh
    expect_keys "ANTHROPIC_API_KEY OPENAI_API_KEY" ./plugin.sh
}

test_compose_naming_its_daemon_typed_at_a_bash_prompt_runs_behind_a_guard() {
    set_keys
    compose_project
    docker context create direct --docker "host=$DOCKER_HOST" >/dev/null
    start_shell bash "$(source_hook bash)"
    tmux_type "docker-compose --host=$DOCKER_HOST run --rm claude"
    expect_screen_keys ANTHROPIC_API_KEY
    tmux_type "docker-compose --context=direct run --rm claude"
    expect_screen_keys ANTHROPIC_API_KEY
    tmux_type "docker-compose --context=nosuch run --rm claude"
    expect_status_shown 125
}
