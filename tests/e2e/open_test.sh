# leash --open against real engines: the container's own `env` shows what arrived.

# claude opens the local claude image and runs env, with ARGS appended.
claude_config() {
    write_config <<EOF
[agent.claude]
image = $CLAUDE
command = env
$*
EOF
}

test_open_claude_gets_only_its_key() {
    set_keys
    claude_config
    expect_keys "ANTHROPIC_API_KEY" "$LEASH" --open claude
    [ "$(value_of ANTHROPIC_API_KEY)" = sk-ant-test ] || fail "ANTHROPIC_API_KEY has another value"
    expect_in "$WORK/err" "leash: claude ($CLAUDE): forwarded ANTHROPIC_API_KEY"
    expect_not_in "$WORK/out" "container=podman"
    # the other spelling
    expect_keys "ANTHROPIC_API_KEY" "$LEASH" open claude
}

test_open_codex_with_podman() {
    set_keys
    write_config <<EOF
[agent.codex]
image = $CODEX
command = env
EOF
    expect_keys "OPENAI_API_KEY" "$LEASH" --open codex --runtime podman
    expect_in "$WORK/out" "container=podman"  # podman sets it in every container; docker does not
}

test_open_remapped_key_arrives_under_the_containers_name() {
    set_keys
    export WORK_CLAUDE_KEY=sk-work-claude
    claude_config "keys = ANTHROPIC_API_KEY=WORK_CLAUDE_KEY"
    expect_keys "ANTHROPIC_API_KEY" "$LEASH" --open claude
    [ "$(value_of ANTHROPIC_API_KEY)" = sk-work-claude ] || fail "ANTHROPIC_API_KEY=$(value_of ANTHROPIC_API_KEY)"
}

test_open_fixed_env_arrives() {
    set_keys
    claude_config "env = TEAM=platform MODE=review"
    expect_keys "ANTHROPIC_API_KEY" "$LEASH" --open claude
    [ "$(value_of TEAM)" = platform ] && [ "$(value_of MODE)" = review ] || fail "fixed env missing"
}

test_open_args_reach_the_command_in_the_current_directory() {
    set_keys
    claude_config
    echo from-the-host >marker
    expect_status 0 "$LEASH" --open claude -- sh -c 'pwd; cat marker; echo "[$1]"; touch made-inside' sh 'two  words'
    [ "$(cat "$WORK/out")" = "$(printf '%s\n' "$PWD" from-the-host '[two  words]')" ] || {
        cat "$WORK/out"
        fail "unexpected output"
    }
    [ -e made-inside ] || fail "the current directory is not mounted read-write at its own path"
}

test_open_exit_status_is_the_agents() {
    claude_config
    expect_status 7 "$LEASH" --open claude -- sh -c 'exit 7'
    expect_status 0 "$LEASH" --open claude -- true
}

test_open_image_flag_keeps_the_agent() {
    set_keys
    claude_config
    # A plain image matches no agent: the agent named on the command line decides, not LEASH_AGENT.
    LEASH_AGENT=codex expect_keys "ANTHROPIC_API_KEY" "$LEASH" --open claude --image "$PLAIN"
}

test_open_without_the_key_still_starts() {
    set_keys
    unset ANTHROPIC_API_KEY
    claude_config
    expect_keys "" "$LEASH" --open claude
    expect_in "$WORK/err" "leash: claude starts without ANTHROPIC_API_KEY: not set on this host"
}

test_open_unknown_agent() {
    expect_status 2 "$LEASH" --open nobody
    [ "$(cat "$WORK/err")" = 'leash: unknown agent "nobody" (known: claude, codex, gemini, qwen, opencode)' ] ||
        fail "stderr: $(cat "$WORK/err")"
    [ ! -s "$WORK/out" ] || fail "printed on stdout"
}

test_open_no_runtime_says_what_to_install() {
    mkdir "$WORK/empty"
    PATH="$WORK/empty" expect_status 127 "$LEASH" --open claude
    [ "$(cat "$WORK/err")" = "leash: no container runtime found in PATH: install docker or podman" ] ||
        fail "stderr: $(cat "$WORK/err")"
}

test_open_runtime_flag_then_config_then_first_found() {
    claude_config
    mkdir "$WORK/bin"
    ln -s "$(command -v podman)" "$WORK/bin/podman"
    "$LEASH" --open claude --dry-run | grep -q '^docker run ' || fail "auto did not pick docker first"
    PATH="$WORK/bin" "$LEASH" --open claude --dry-run | grep -q '^podman run ' || fail "auto did not fall back to podman"
    claude_config "" && printf '[leash]\nruntime = podman\n' >>"$WORK/config.ini"
    "$LEASH" --open claude --dry-run | grep -q '^podman run ' || fail "the config's runtime was ignored"
    "$LEASH" --open claude --dry-run --runtime docker | grep -q '^docker run ' || fail "--runtime was ignored"
}

test_open_dry_run_without_a_terminal() {
    set_keys
    claude_config "env = TEAM=platform"
    "$LEASH" --open claude --runtime docker --dry-run -- sh -c 'touch ran' 'two words' >"$WORK/out" 2>"$WORK/err"
    local want="docker run --label leash.agent=claude -e ANTHROPIC_API_KEY -e TEAM=platform --rm -i -v $PWD:$PWD -w $PWD $CLAUDE env sh -c 'touch ran' 'two words'"
    [ "$(cat "$WORK/out")" = "$want" ] || fail "got:  $(cat "$WORK/out")
want: $want"
    [ ! -s "$WORK/err" ] || fail "stderr: $(cat "$WORK/err")"
    [ ! -e ran ] || fail "--dry-run ran the container"
}

test_open_dry_run_on_a_terminal() {
    set_keys
    claude_config
    # script gives leash a terminal for stdin and stdout, as a user's shell would.
    script -qec "$LEASH --open claude --runtime podman --dry-run -- hello" /dev/null </dev/null | tr -d '\r' >"$WORK/out"
    local want="podman run --label leash.agent=claude -e ANTHROPIC_API_KEY --rm -i -t -v $PWD:$PWD -w $PWD $CLAUDE env hello"
    [ "$(cat "$WORK/out")" = "$want" ] || fail "got:  $(cat "$WORK/out")
want: $want"
}
