# leash's own command line: help for every command, the version, `leash agents`, and what explain and
# --dry-run print.

test_every_command_has_help() {
    local cmd
    for cmd in exec explain open --open agents doctor init hook; do
        expect_status 0 "$LEASH" "$cmd" --help
        head -n 1 "$WORK/out" | grep -q "^usage: leash " && grep -qE -- "leash $cmd( |\$)" "$WORK/out" ||
            fail "$cmd --help: $(head -n 1 "$WORK/out")"
        [ ! -s "$WORK/err" ] || fail "$cmd --help wrote to stderr"
    done
    expect_status 0 "$LEASH" --help
    for cmd in --open agents doctor exec explain init hook; do expect_in "$WORK/out" "  $cmd "; done
    expect_status 2 "$LEASH"
    expect_in "$WORK/err" "usage: leash COMMAND"
    expect_status 2 "$LEASH" frobnicate
    [ "$(cat "$WORK/err")" = 'leash: unknown command "frobnicate" (see leash --help)' ] || fail "$(cat "$WORK/err")"
    expect_status 0 "$LEASH" --version
    grep -qE '^leash [0-9]+\.[0-9]+\.[0-9]+$' "$WORK/out" || fail "version: $(cat "$WORK/out")"
}

test_agents_says_what_is_set_and_never_a_value() {
    set_keys
    unset GOOGLE_API_KEY
    export WORK_CLAUDE_KEY=sk-work-claude
    write_config <<EOF
[agent.claude]
keys = ANTHROPIC_API_KEY=WORK_CLAUDE_KEY
image = $CLAUDE
command = claude --yes
EOF
    expect_status 0 "$LEASH" agents
    expect_in "$WORK/out" "ANTHROPIC_API_KEY from WORK_CLAUDE_KEY (set)"
    expect_in "$WORK/out" "GOOGLE_API_KEY (not set)"
    expect_in "$WORK/out" "$CLAUDE claude --yes"
    expect_status 0 "$LEASH" agents --json
    expect_in "$WORK/out" '{"name":"claude","keys":[{"name":"ANTHROPIC_API_KEY","host":"WORK_CLAUDE_KEY","set":true}]'
    expect_in "$WORK/out" '{"name":"GOOGLE_API_KEY","host":"GOOGLE_API_KEY","set":false}'
    python3 -c 'import json, sys; json.load(open(sys.argv[1]))' "$WORK/out" || fail "not JSON"
    local args v
    for args in "" --json; do
        # shellcheck disable=SC2086
        "$LEASH" agents $args >"$WORK/out" 2>&1
        for v in sk-work-claude sk-ant-test sk-openai-test dashscope-test opencode-test; do
            expect_not_in "$WORK/out" "$v"
        done
    done
    expect_status 2 "$LEASH" agents --yaml
}

# Every argv leash prints is redacted, whichever runtime, subcommand or spelling, and whether leash judges
# it, passes it or cannot parse it: the names show, the values never do; ordinary settings show as they are.
test_explain_and_dry_run_never_print_a_value() {
    set_keys
    explain_hides() {
        local shown=$1 format
        shift
        for format in "" --json; do
            "$LEASH" explain ${format:+"$format"} -- "$@" >"$WORK/out" 2>&1
            expect_not_in "$WORK/out" sk-secret
            expect_in "$WORK/out" "$shown"
        done
    }
    explain_hides "OPENAI_API_KEY=<hidden>" docker compose run -e OPENAI_API_KEY=sk-secret claude
    explain_hides "OPENAI_API_KEY=<hidden>" docker-compose run --env=OPENAI_API_KEY=sk-secret app
    explain_hides "GITHUB_TOKEN=<hidden>" podman frobnicate -eGITHUB_TOKEN=sk-secret
    explain_hides "DB_PASSWORD=<hidden>" docker run -ite DB_PASSWORD=sk-secret "$PLAIN" env
    explain_hides "OPENAI_API_KEY=<hidden>" docker run -e LANG=C.UTF-8 "$CLAUDE" env OPENAI_API_KEY=sk-secret
    explain_hides "LANG=C.UTF-8" docker run -e LANG=C.UTF-8 "$CLAUDE" env OPENAI_API_KEY=sk-secret
    "$LEASH" explain -- docker run -e MONKEY=banana -eKEYBOARD=us "$CLAUDE" >"$WORK/out"
    expect_in "$WORK/out" "-e MONKEY=banana -eKEYBOARD=us"
    # A command line leash refuses says why, and repeats no value either.
    expect_status 125 "$LEASH" explain -- docker run -e OPENAI_API_KEY=sk-secret --bogus "$CLAUDE"
    expect_not_in "$WORK/out" sk-secret
    "$LEASH" --open claude --runtime docker --dry-run -- env OPENAI_API_KEY=sk-secret >"$WORK/out"
    expect_in "$WORK/out" "'OPENAI_API_KEY=<hidden>'"
    expect_not_in "$WORK/out" sk-secret
}
