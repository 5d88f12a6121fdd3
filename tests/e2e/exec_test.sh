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

test_each_default_agent_gets_only_its_key_on_podman() {
    set_keys
    local image key
    for pair in "$CLAUDE ANTHROPIC_API_KEY" "$CODEX OPENAI_API_KEY" "$GEMINI GOOGLE_API_KEY" \
        "$QWEN DASHSCOPE_API_KEY" "$OPENCODE OPENCODE_API_KEY"; do
        read -r image key <<<"$pair"
        expect_keys "$key" "$LEASH" exec -- podman run --rm -e ANTHROPIC_API_KEY -e OPENAI_API_KEY "$image" env
    done
}

test_podman_wildcards_and_env_host_carry_only_the_agents_key() {
    set_keys
    export GITHUB_TOKEN=ghp-test GOOGLE_CLOUD_PROJECT=proj
    expect_keys "OPENAI_API_KEY" "$LEASH" exec -- podman run --rm -e 'GOOGLE*' "$CODEX" env
    expect_in "$WORK/out" "GOOGLE_CLOUD_PROJECT=proj"  # a wildcard still copies what may go
    expect_in "$WORK/err" "withheld GOOGLE_API_KEY (-e 'GOOGLE*')"
    expect_keys "OPENAI_API_KEY" "$LEASH" exec -- podman run --rm -e '*' "$CODEX" env
    expect_keys "OPENAI_API_KEY" "$LEASH" exec -- podman run --rm --env-host "$CODEX" env
    expect_keys "OPENAI_API_KEY" "$LEASH" exec -- podman run --rm --env-host=true -e 'OPEN*' "$CODEX" env
    # The control: podman alone copies them all.
    expect_keys "ANTHROPIC_API_KEY DASHSCOPE_API_KEY GITHUB_TOKEN GOOGLE_API_KEY OPENAI_API_KEY OPENCODE_API_KEY" \
        podman run --rm --env-host "$CODEX" env
}

test_a_non_agent_image_gets_what_docker_alone_gives_it() {
    set_keys
    export GITHUB_TOKEN=ghp-test
    printf 'OPENAI_API_KEY=file\nB=2\n' >f.env
    local cmd=(docker run --rm --network none -h fixed -e ANTHROPIC_API_KEY -e GITHUB_TOKEN --env-file f.env
        -e LIT=1 "$PLAIN" env)
    # Sorted: the docker CLI sends -e entries in Go map order, which changes from run to run.
    "$LEASH" exec -- "${cmd[@]}" 2>with.err | sort >with
    "${cmd[@]}" | sort >without
    cmp with without || fail "$(diff with without)"
    [ ! -s with.err ] || fail "leash said something: $(cat with.err)"
    expect_keys "ANTHROPIC_API_KEY GITHUB_TOKEN OPENAI_API_KEY" cat with
}

test_a_refusal_starts_nothing() {
    set_keys
    local before
    before=$(docker ps -aq | wc -l)
    printf '[leash]\nnotice = loud\n' >bad.ini
    chmod 600 bad.ini
    LEASH_CONFIG=$PWD/bad.ini expect_status 125 "$LEASH" exec -- docker run --name refused1 "$CLAUDE" env
    expect_in "$WORK/err" "bad.ini:2: notice must be changes or never"
    [ "$(wc -l <"$WORK/err")" = 1 ] || fail "more than one line: $(cat "$WORK/err")"
    chmod 666 bad.ini
    LEASH_CONFIG=$PWD/bad.ini expect_status 125 "$LEASH" exec -- docker run --name refused2 "$CLAUDE" env
    expect_in "$WORK/err" "is writable by group or others"
    expect_status 125 "$LEASH" exec -- docker run --name refused3 --no-such-flag "$CLAUDE" env
    expect_in "$WORK/err" "leash: refusing docker: unknown flag: --no-such-flag"
    expect_status 125 "$LEASH" exec -- docker run --name refused4 --env-file
    expect_status 125 "$LEASH" exec -- docker run --name refused5 --env-file missing.env "$CLAUDE" env
    expect_in "$WORK/err" "cannot read env-file missing.env: No such file or directory"
    expect_status 125 "$LEASH" exec -- docker run --name refused6 -e
    LEASH_AGENT=nobody expect_status 125 "$LEASH" exec -- docker run --name refused7 "$PLAIN" env
    [ "$(docker ps -aq | wc -l)" = "$before" ] || fail "a container was created: $(docker ps -a)"
    [ -z "$(podman ps -aq)" ] || fail "podman has containers"
}

test_create_then_start_and_container_run() {
    set_keys
    local id
    id=$("$LEASH" exec -- docker create -e OPENAI_API_KEY -e ANTHROPIC_API_KEY "$CLAUDE" env)
    expect_keys "ANTHROPIC_API_KEY" docker start -a "$id"
    docker rm "$id" >/dev/null
    expect_keys "ANTHROPIC_API_KEY" "$LEASH" exec -- docker container run --rm -e OPENAI_API_KEY "$CLAUDE" env
    id=$("$LEASH" exec -- podman container create -e 'OPENAI*' --env-host "$CLAUDE" env)
    expect_keys "ANTHROPIC_API_KEY" podman start -a "$id"
    podman rm "$id" >/dev/null
}

test_exec_into_a_running_agent_container() {
    set_keys
    docker run -d --name agent1 "$CLAUDE" sleep 60 >/dev/null
    docker run -d --name plain1 "$PLAIN" sleep 60 >/dev/null
    expect_keys "ANTHROPIC_API_KEY" "$LEASH" exec -- docker exec -e OPENAI_API_KEY -e ANTHROPIC_API_KEY agent1 env
    expect_in "$WORK/err" "withheld OPENAI_API_KEY (-e)"
    expect_keys "OPENAI_API_KEY" "$LEASH" exec -- docker exec -e OPENAI_API_KEY plain1 env
    podman run -d --name agent2 "$CODEX" sleep 60 >/dev/null
    expect_keys "OPENAI_API_KEY" "$LEASH" exec -- podman exec -e '*' agent2 env
    # A container leash cannot look up: every credential withheld, and docker says why it failed.
    expect_status 1 "$LEASH" exec -- docker exec -e OPENAI_API_KEY no-such-container env
    expect_in "$WORK/err" "cannot tell the image of container no-such-container): withheld OPENAI_API_KEY (-e)"
    docker rm -f agent1 plain1 >/dev/null
    podman rm -f -t 0 agent2 >/dev/null
}

test_remapped_key_and_fixed_variables() {
    set_keys
    export WORK_CLAUDE_KEY=sk-work
    write_config <<'INI'
[agent.claude]
keys = ANTHROPIC_API_KEY=WORK_CLAUDE_KEY
env = CLAUDE_MODE=work TELEMETRY=0
INI
    expect_keys "ANTHROPIC_API_KEY" "$LEASH" exec -- docker run --rm -e WORK_CLAUDE_KEY "$CLAUDE" env
    [ "$(value_of ANTHROPIC_API_KEY)" = sk-work ] || fail "ANTHROPIC_API_KEY is not the work key"
    [ "$(value_of CLAUDE_MODE)" = work ] && [ "$(value_of TELEMETRY)" = 0 ] || fail "fixed variables missing"
    expect_keys "ANTHROPIC_API_KEY" "$LEASH" exec -- podman run --rm --env-host "$CLAUDE" env
    [ "$(value_of ANTHROPIC_API_KEY)" = sk-work ] || fail "podman: ANTHROPIC_API_KEY is not the work key"
}

# A stand-in runtime that records the argv it got, then runs the real docker.
recording_docker() {
    mkdir -p bin
    printf '#!/bin/sh\nprintf "%%s\\n" "$@" >"%s/argv"\nexec docker "$@"\n' "$PWD" >bin/docker
    chmod +x bin/docker
}

test_no_key_value_on_the_command_line_and_env_files_never_touch_disk() {
    set_keys
    recording_docker
    printf 'OPENAI_API_KEY=sk-file-secret\nFROM_FILE=1\n' >f.env
    local sum
    sum=$(sha256sum f.env)
    expect_keys "ANTHROPIC_API_KEY" "$LEASH" exec -- bin/docker run --rm -e ANTHROPIC_API_KEY=sk-literal \
        --env-file f.env "$CLAUDE" env
    [ "$(value_of ANTHROPIC_API_KEY)" = sk-literal ] || fail "the literal value did not arrive"
    [ "$(value_of FROM_FILE)" = 1 ] || fail "the filtered env-file was not read"
    expect_not_in argv sk-literal
    expect_in argv /proc/self/fd/
    [ "$(sha256sum f.env)" = "$sum" ] || fail "the user's env-file changed"
    [ "$(ls)" = "$(printf 'argv\nbin\nf.env')" ] || fail "files appeared: $(ls)"
}

test_multi_agent_image_and_leash_agent() {
    set_keys
    expect_keys "ANTHROPIC_API_KEY" "$LEASH" exec -- docker run --rm -e OPENAI_API_KEY "$CODER" claude
    expect_keys "OPENAI_API_KEY" "$LEASH" exec -- docker run --rm -e OPENAI_API_KEY "$CODER" codex
    expect_keys "" "$LEASH" exec -- docker run --rm -e OPENAI_API_KEY -e ANTHROPIC_API_KEY "$CODER" sh -c env
    expect_in "$WORK/err" "an agent container with no agent"
    expect_keys "OPENAI_API_KEY" "$LEASH" exec -- docker run --rm --entrypoint codex "$CODER" claude
    LEASH_AGENT=qwen expect_keys "DASHSCOPE_API_KEY" "$LEASH" exec -- docker run --rm -e OPENAI_API_KEY "$PLAIN" env
}

test_explain_shows_forwarded_and_withheld() {
    set_keys
    printf 'GOOGLE_API_KEY=x\n' >f.env
    "$LEASH" explain --json -- docker run --rm -e OPENAI_API_KEY --env-file f.env "$CLAUDE" env >out.json
    python3 - out.json <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
assert d["action"] == "rewrite", d
assert d["agent"] == "claude", d
assert d["forward"] == ["ANTHROPIC_API_KEY"], d
assert d["withheld"] == [{"name": "OPENAI_API_KEY", "via": "-e", "why": "its name: codex's key"},
                         {"name": "GOOGLE_API_KEY", "via": "--env-file f.env", "why": "its name: gemini's key"}], d
assert d["argv"][:7] == ["docker", "run", "--label", "leash.agent=claude", "-e", "ANTHROPIC_API_KEY", "--rm"], d
PY
    expect_not_in out.json sk-
    "$LEASH" explain -- podman run -e '*' "$CODEX" >out.txt
    expect_in out.txt "forward:  OPENAI_API_KEY"
    expect_in out.txt "ANTHROPIC_API_KEY (-e '*'; its name: claude's key)"
    expect_not_in out.txt sk-
    [ -z "$(docker ps -aq)" ] || fail "explain started something"
}

test_an_env_file_read_once_still_reaches_the_runtime() {
    set_keys
    printf 'OPENAI_API_KEY=x\nPIPED=1\n' >piped.env
    expect_keys "ANTHROPIC_API_KEY" "$LEASH" exec -- docker run --rm --env-file /dev/stdin "$CLAUDE" env <piped.env
    [ "$(value_of PIPED)" = 1 ] || fail "the piped env-file did not arrive"
    printf 'PIPED=2\n' | "$LEASH" exec -- docker run --rm -i --env-file /dev/stdin "$CLAUDE" env >"$WORK/out"
    [ "$(value_of PIPED)" = 2 ] || fail "a piped env-file with nothing to drop did not arrive"
    expect_status 125 "$LEASH" exec -- docker run --rm --env-file /dev/zero "$CLAUDE" env
    expect_in "$WORK/err" "cannot read env-file /dev/zero: larger than"
}

# podman's docker is a script that execs podman, so the engine can see its own output: a second pass
# must change nothing. Here the first pass runs first/docker, which records its argv and hands itself to
# the engine again; second/docker records what that pass gave it.
test_a_second_pass_through_the_engine_changes_nothing() {
    set_keys
    mkdir first second
    printf '#!/bin/sh\nprintf "%%s\\n" "$@" >"%s/first.argv"\nexec "%s" exec -- "%s/second/docker" "$@"\n' \
        "$PWD" "$LEASH" "$PWD" >first/docker
    printf '#!/bin/sh\nprintf "%%s\\n" "$@" >"%s/second.argv"\nexec docker "$@"\n' "$PWD" >second/docker
    chmod +x first/docker second/docker
    printf 'OPENAI_API_KEY=x\nFROM_FILE=1\n' >f.env
    expect_keys "ANTHROPIC_API_KEY" "$LEASH" exec -- first/docker run --rm -e GOOGLE_API_KEY --env-file f.env \
        "$CLAUDE" env
    [ "$(value_of FROM_FILE)" = 1 ] || fail "the env-file copy did not arrive"
    cmp first.argv second.argv || fail "the second pass changed the argv: $(diff first.argv second.argv)"
    expect_in first.argv /proc/self/fd/
    [ "$(grep -c 'leash: claude' "$WORK/err")" = 1 ] || fail "a second notice: $(cat "$WORK/err")"
}

test_nerdctl_env_file_lists_are_read_as_nerdctl_reads_them() {
    set_keys
    printf 'A=1\n' >a.env
    printf 'OPENAI_API_KEY=x\n' >b.env
    "$LEASH" explain --json -- nerdctl run --env-file a.env,b.env "$CLAUDE" env >out.json
    expect_in out.json '{"name":"OPENAI_API_KEY","via":"--env-file a.env,b.env","why":"its name: codex'"'"'s key"}'
    expect_status 125 "$LEASH" explain -- nerdctl run --env-file '"a.env",b.env' "$CLAUDE" env
    expect_in "$WORK/out" "cannot read nerdctl's quoted --env-file list"
}

# A memfd named like leash's own copies is read and filtered like any other env-file: the first version
# passed such a file on unread, and its contents could change after leash looked.
test_a_forged_copy_of_leash_is_filtered() {
    set_keys
    cat >forge.py <<'PY'
import os, sys
fd = os.memfd_create("leash-env-file", 0)
os.write(fd, b"OPENAI_API_KEY=sk-forged\nFORGED_PLAIN=1\n")
os.execv(sys.argv[1], [sys.argv[1], "exec", "--", "docker", "run", "--rm", "--network", "none",
                       "--env-file", "/proc/self/fd/%d" % fd, sys.argv[2], "env"])
PY
    expect_keys "ANTHROPIC_API_KEY" python3 forge.py "$LEASH" "$CLAUDE"
    expect_in "$WORK/out" "FORGED_PLAIN=1"
    expect_in "$WORK/err" "withheld OPENAI_API_KEY (--env-file /proc/self/fd/"
}

# A container is one agent's: leash labels the containers it creates for an agent, and an exec is judged by
# the container's agent (its label), whatever its image and whatever command is exec'd. The first version
# judged this exec by the image alone, and handed codex's key into claude's container.
test_one_container_one_agent() {
    set_keys
    for rt in docker podman; do
        LEASH_AGENT=claude expect_status 0 "$LEASH" exec -- "$rt" run -d --name "agent-$rt" --network none "$PLAIN" sleep 60
        [ "$("$rt" inspect --format '{{index .Config.Labels "leash.agent"}}' "agent-$rt")" = claude ] ||
            fail "$rt: the agent's container is not labelled leash.agent=claude"
        "$rt" ps --filter label=leash.agent=claude --format '{{.Names}}' >"$WORK/ps"
        expect_in "$WORK/ps" "agent-$rt"
        expect_keys "ANTHROPIC_API_KEY" "$LEASH" exec -- "$rt" exec -e OPENAI_API_KEY -e ANTHROPIC_API_KEY "agent-$rt" codex
        expect_in "$WORK/err" "withheld OPENAI_API_KEY (-e)"
        "$rt" rm -f "agent-$rt" >/dev/null 2>&1
    done
}

# An image known under another name (an alias tag, its ID) is recognized like its name: leash asks the
# runtime, but only when a credential would otherwise reach the container. The first version judged the
# reference alone and let codex's key into claude's image.
test_an_image_known_under_another_name() {
    set_keys
    local rt id
    for rt in docker podman; do
        "$rt" tag "$CLAUDE" mine/helper
        expect_keys ANTHROPIC_API_KEY "$LEASH" exec -- "$rt" run --rm --network none -e OPENAI_API_KEY \
            -e ANTHROPIC_API_KEY mine/helper env
        expect_in "$WORK/err" "withheld OPENAI_API_KEY (-e)"
        id=$("$rt" image inspect --format '{{.Id}}' "$CLAUDE")
        expect_keys ANTHROPIC_API_KEY "$LEASH" exec -- "$rt" run --rm --network none -e OPENAI_API_KEY "$id" env
        "$rt" rmi mine/helper >/dev/null
    done
}

# A runtime that is a script without a #! line runs with /bin/sh, as execvp would run it; when /bin/sh
# cannot run either (here it is /dev/null, in a mount namespace of the test's own), leash says why /bin/sh
# failed, not the kernel's first ENOEXEC.
test_a_runtime_script_without_an_interpreter_line() {
    printf 'echo "ran with $# arguments"\n' >docker
    chmod +x docker
    expect_status 0 "$LEASH" exec -- ./docker ps -a
    expect_in "$WORK/out" "ran with 2 arguments"
    # shellcheck disable=SC2016 # expanded by the inner bash
    expect_status 126 unshare -m bash -c 'mount --bind /dev/null /bin/sh && exec "$0" exec -- ./docker ps' "$LEASH"
    [ "$(cat "$WORK/err")" = "leash: cannot run ./docker: Permission denied" ] || fail "$(cat "$WORK/err")"
}

# A container started without leash is judged by what it runs: one running claude is claude's, whatever
# command is exec'd. In one that no label, image or command makes an agent's (a plain image running
# sleep), the first agent leash hands credentials to claims it, and another agent's exec gets none of its
# credentials: their processes would read each other's environment in /proc. The first version judged each
# exec by the command exec'd, and handed codex's key in beside claude's.
test_the_first_agent_claims_a_container_started_without_leash() {
    set_keys
    local rt claims=$HOME/.local/state/leash/claims
    for rt in docker podman; do
        "$rt" run -d --name "runs-claude-$rt" --network none "$PLAIN" claude sleep 600 >/dev/null
        expect_keys ANTHROPIC_API_KEY "$LEASH" exec -- "$rt" exec -e OPENAI_API_KEY -e ANTHROPIC_API_KEY \
            "runs-claude-$rt" codex
        "$rt" run -d --name "box-$rt" --network none "$PLAIN" sleep 600 >/dev/null
        expect_keys ANTHROPIC_API_KEY "$LEASH" exec -- "$rt" exec -e ANTHROPIC_API_KEY "box-$rt" claude
        expect_keys "" "$LEASH" exec -- "$rt" exec -e OPENAI_API_KEY "box-$rt" codex
        expect_in "$WORK/err" "codex's command in a container claude claimed: leash handed claude's credentials into it first; run each agent in a container of its own"
        # Its other commands run in claude's container, and claude's own execs keep working.
        expect_keys ANTHROPIC_API_KEY "$LEASH" exec -- "$rt" exec -e OPENAI_API_KEY -e ANTHROPIC_API_KEY "box-$rt" env
        expect_keys ANTHROPIC_API_KEY "$LEASH" exec -- "$rt" exec -e ANTHROPIC_API_KEY "box-$rt" claude
    done
    [ "$(stat -c %a "$claims")" = 700 ] || fail "the claims directory is not 0700"
    [ "$(ls "$claims" | wc -l)" = 2 ] || fail "not one claim per container: $(ls -a "$claims")"
    # A claim lives as long as its container: the next claim on the same engine removes those whose
    # container is gone, and leaves the other engine's alone.
    local gone
    gone=$(docker inspect --format '{{.Id}}' box-docker)
    docker rm -f box-docker >/dev/null
    docker run -d --name box2 --network none "$PLAIN" sleep 600 >/dev/null
    expect_keys OPENAI_API_KEY "$LEASH" exec -- docker exec -e OPENAI_API_KEY box2 codex
    [ ! -e "$claims/$gone" ] || fail "the removed container's claim is still there"
    [ -e "$claims/$(docker inspect --format '{{.Id}}' box2)" ] || fail "box2 is not claimed"
    [ -e "$claims/$(podman inspect --format '{{.Id}}' box-podman)" ] || fail "podman's claim went with docker's"
    [ "$(ls "$claims" | wc -l)" = 2 ] || fail "stale claims: $(ls -a "$claims")"
}

# LEASH_AGENT (leash --open sets it for the container it starts) names no existing container's agent: an
# exec into claude's container with LEASH_AGENT=codex gets claude's key alone. And an exec leash refuses
# (host access) claims nothing: the container stays free for the agent leash first hands credentials to.
test_leash_agent_and_refused_execs_do_not_choose_a_containers_agent() {
    set_keys
    local rt
    for rt in docker podman; do
        "$rt" run -d --name "claudes-$rt" --network none "$CLAUDE" sleep 600 >/dev/null
        LEASH_AGENT=codex expect_keys ANTHROPIC_API_KEY "$LEASH" exec -- "$rt" exec -e OPENAI_API_KEY -e ANTHROPIC_API_KEY \
            "claudes-$rt" env
        "$rt" run -d --name "free-$rt" --network none "$PLAIN" sleep 600 >/dev/null
        expect_status 125 "$LEASH" exec -- "$rt" exec --privileged -e ANTHROPIC_API_KEY "free-$rt" claude
        expect_keys OPENAI_API_KEY "$LEASH" exec -- "$rt" exec -e OPENAI_API_KEY "free-$rt" codex
    done
}
