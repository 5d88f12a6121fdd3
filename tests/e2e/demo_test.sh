# make demo, as the README's first command: what it shows is the hooked shell's own screen, so its
# output is the oracle. The first docker run prints one key and the notice naming the four withheld;
# after leash off the same command prints all five; nothing it started is left running.

RUN_LINE='$ docker run --rm --env-file .env example.com/team/claude-code env'

# shown N: what the shell printed after the Nth typed RUN_LINE, up to the next prompt or narration.
shown() {
    awk -v line="$RUN_LINE" -v n="$1" '
        $0 == line { seen++; on = seen == n; next }
        /^\$/ || /^==> / { on = 0 }
        on' "$WORK/demo"
}

test_make_demo() {
    (cd "$ROOT" && make -s demo) >"$WORK/demo" 2>&1 || { cat "$WORK/demo" >&2; fail "make demo failed"; }
    cat "$WORK/demo"
    [ "$(grep -cxF -- "$RUN_LINE" "$WORK/demo")" = 2 ] || fail "the demo does not type the docker run twice"
    shown 1 >"$WORK/first"
    shown 2 >"$WORK/second"
    [ "$(credential_names <"$WORK/first")" = ANTHROPIC_API_KEY ] || fail "the hooked docker run did not show one key"
    expect_in "$WORK/first" "leash: claude (example.com/team/claude-code): forwarded ANTHROPIC_API_KEY; withheld OPENAI_API_KEY (--env-file .env), GOOGLE_API_KEY (--env-file .env), DASHSCOPE_API_KEY (--env-file .env), OPENCODE_API_KEY (--env-file .env)"
    [ "$(credential_names <"$WORK/second")" = "$KEYS" ] || fail "after leash off the docker run did not show five keys"
    expect_not_in "$WORK/second" "leash:"
    grep -qxF '$ leash off' "$WORK/demo" || fail "leash off was not typed"
    # Each step is narrated.
    [ "$(grep -c '^==> ' "$WORK/demo")" -ge 6 ] || fail "fewer narration lines than steps"

    # Its directory is gone, and no process names it.
    local dir
    dir=$(grep -o '/tmp/leash-demo\.[A-Za-z0-9]*' "$WORK/demo" | head -n 1)
    [ -n "$dir" ] || fail "the demo does not say where its engine runs"
    [ ! -e "$dir" ] || fail "$dir is left behind"
    ! grep -lF -- "$dir" /proc/[0-9]*/cmdline 2>/dev/null || fail "processes of the demo are still running"
}
