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
