# leash exec against real engines: the default agents, env-files, podman wildcards, non-agent images.

test_each_default_agent_gets_only_its_key_on_docker() {
    set_keys
    printf 'GOOGLE_API_KEY=from-file\nOPENCODE_API_KEY\nPLAIN=1\n' >f.env
    local image key
    for pair in "$CLAUDE ANTHROPIC_API_KEY" "$CODEX OPENAI_API_KEY" "$GEMINI GOOGLE_API_KEY" \
        "$QWEN DASHSCOPE_API_KEY" "$OPENCODE OPENCODE_API_KEY"; do
        read -r image key <<<"$pair"
        expect_keys "$key" "$LEASH" exec -- docker run --rm --network none -e ANTHROPIC_API_KEY \
            -e OPENAI_API_KEY --env-file f.env "$image" env
        expect_in "$WORK/out" "PLAIN=1"
    done
}

# The control: without leash the same command hands the container every key named, so the oracle
# above can see a leak.
test_docker_alone_leaks() {
    set_keys
    printf 'GOOGLE_API_KEY=from-file\nOPENCODE_API_KEY\n' >f.env
    expect_keys "ANTHROPIC_API_KEY GOOGLE_API_KEY OPENAI_API_KEY OPENCODE_API_KEY" \
        docker run --rm --network none -e ANTHROPIC_API_KEY -e OPENAI_API_KEY --env-file f.env "$CLAUDE" env
}
