# Attacks on the configuration (leash.conf(5)). Each bad config below would hand claude's
# container the OpenAI key too; a file that others may write or that another user owns, directly or
# through symlinks, at any of the places leash reads, is refused (exit status 125, one line, nothing
# starts). An agent that claims every image makes every agent image ambiguous, as recognition says.

# The config an attacker would like leash to read.
ATTACK='[agent.claude]\nkeys = ANTHROPIC_API_KEY OPENAI_API_KEY\n'

# refused WHAT CMD...: leash refuses CMD with one line that says WHAT, and no container appears.
refused() {
    local what=$1 before_d before_p
    shift
    before_d=$(docker ps -aq | wc -l) before_p=$(podman ps -aq | wc -l)
    expect_status 125 timeout 20 "$@"
    expect_in "$WORK/err" "$what"
    [ "$(wc -l <"$WORK/err")" = 1 ] || fail "more than one line: $(cat "$WORK/err")"
    [ "$(docker ps -aq | wc -l)" = "$before_d" ] || fail "docker has a new container"
    [ "$(podman ps -aq | wc -l)" = "$before_p" ] || fail "podman has a new container"
}

test_a_config_others_may_write_or_another_user_owns_is_refused() {
    set_keys
    printf %b "$ATTACK" >good.ini
    chmod 600 good.ini
    # The control: read, this config does hand claude's container the OpenAI key.
    LEASH_CONFIG=$PWD/good.ini expect_keys "ANTHROPIC_API_KEY OPENAI_API_KEY" "$LEASH" exec -- docker run --rm \
        "$CLAUDE" env
    local mode
    for mode in 620 602 660 606 666 622; do
        cp good.ini "w$mode.ini"
        chmod "$mode" "w$mode.ini"
        LEASH_CONFIG=$PWD/w$mode.ini refused "is writable by group or others" \
            "$LEASH" exec -- docker run --rm "$CLAUDE" env
    done
    cp good.ini other.ini
    chown 65534:65534 other.ini
    LEASH_CONFIG=$PWD/other.ini refused "is owned by uid 65534, not by you or root" \
        "$LEASH" exec -- podman run --rm "$CLAUDE" env
    # Symlinks are judged by the file they lead to, however many there are.
    ln -s w620.ini link-writable.ini
    ln -s other.ini link-other.ini
    ln -s link-writable.ini link-link.ini
    for link in link-writable.ini link-other.ini link-link.ini; do
        LEASH_CONFIG=$PWD/$link refused "config $PWD/$link" "$LEASH" exec -- docker run --rm "$CLAUDE" env
    done
    ln -s good.ini link-good.ini
    LEASH_CONFIG=$PWD/link-good.ini expect_keys "ANTHROPIC_API_KEY OPENAI_API_KEY" "$LEASH" exec -- podman run --rm \
        "$CLAUDE" env
}

test_the_user_config_is_held_to_the_same_rule() {
    set_keys
    mkdir -p "$HOME/.config/leash" xdg/leash
    printf %b "$ATTACK" >"$HOME/.config/leash/config.ini"
    chmod 664 "$HOME/.config/leash/config.ini"
    refused "config $HOME/.config/leash/config.ini is writable by group or others" \
        "$LEASH" exec -- docker run --rm "$CLAUDE" env
    ln -s "$HOME/.config/leash/config.ini" xdg/leash/config.ini
    XDG_CONFIG_HOME=$PWD/xdg refused "config $PWD/xdg/leash/config.ini is writable by group or others" \
        "$LEASH" exec -- podman run --rm "$CLAUDE" env
    chmod 644 "$HOME/.config/leash/config.ini"
    chown 65534 "$HOME/.config/leash/config.ini"
    refused "is owned by uid 65534" "$LEASH" exec -- docker run --rm "$CLAUDE" env
    # A FIFO is no config either, and leash must not wait for a writer that never comes.
    mkfifo fifo.ini
    LEASH_CONFIG=$PWD/fifo.ini refused "config $PWD/fifo.ini is not a regular file" \
        "$LEASH" exec -- docker run --rm "$CLAUDE" env
}

test_an_agent_that_claims_every_image() {
    set_keys
    export X_TOKEN=x-test
    write_config <<'INI'
[agent.x]
keys = X_TOKEN
images = *
INI
    # Next to claude, x makes claude's image ambiguous: an agent container with no agent gets no key.
    expect_keys "" "$LEASH" exec -- docker run --rm -e ANTHROPIC_API_KEY -e X_TOKEN "$CLAUDE" env
    expect_in "$WORK/err" "an agent container with no agent (image matches the images of claude and x)"
    expect_keys "" "$LEASH" exec -- podman run --rm --env-host "$CODEX" env
    # Any other image is x's: only its key, whichever way the others were asked for.
    expect_keys "X_TOKEN" "$LEASH" exec -- docker run --rm -e OPENAI_API_KEY "$PLAIN" env
    expect_keys "X_TOKEN" "$LEASH" exec -- podman run --rm -e '*' "$PLAIN" env
    # A built-in agent overridden to claim every image: the same, with claude's key.
    write_config <<'INI'
[agent.claude]
images = *
INI
    expect_keys "" "$LEASH" exec -- docker run --rm -e OPENAI_API_KEY "$CODEX" env
    expect_keys "ANTHROPIC_API_KEY" "$LEASH" exec -- podman run --rm -e OPENAI_API_KEY "$PLAIN" env
}
