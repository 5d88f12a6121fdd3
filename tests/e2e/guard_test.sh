# The Docker-API guard against the real dockerd: the docker CLI, docker-compose 1.x and v2, and docker-py
# through `leash serve` and `leash guard`, streams both ways, smuggling by framing, faults, load, and the
# socket's own rules. The oracle is `env` in the container, or the daemon's own inspect, asked directly.

# start_guard [ARGS...]: `leash serve` on $WORK/g/docker.sock, in front of this test's dockerd; sets
# GUARD (its DOCKER_HOST), GUARD_PID and DAEMON (the daemon's own DOCKER_HOST); waits until it answers
# HTTP (its daemon may not).
start_guard() {
    DAEMON=${DAEMON:-$DOCKER_HOST}
    mkdir -p "$WORK/g"
    chmod 700 "$WORK/g"
    GUARD=unix://$WORK/g/docker.sock
    "$LEASH" serve --socket "$WORK/g/docker.sock" "$@" 2>>"$WORK/guard.log" &
    GUARD_PID=$!
    at_exit 'kill "$GUARD_PID" 2>/dev/null || true'
    answers_http "$WORK/g/docker.sock" || fail "the guard did not answer: $(cat "$WORK/guard.log")"
}

stop_guard() {
    kill "$GUARD_PID"
    wait "$GUARD_PID" || fail "leash serve exited with $? on SIGTERM"
}

# Waits up to 10 s for FILE to contain TEXT.
wait_for() {
    for _ in $(seq 100); do
        grep -qF -- "$2" "$1" 2>/dev/null && return 0
        sleep 0.1
    done
    fail "$1 never held: $2 (it has: $(cat "$1" 2>/dev/null))"
}

# A raw HTTP exchange with the guard, for what no client sends: REQUEST (with \r\n escapes) on a connection
# of its own; prints the answer.
raw_request() { python3 "$ROOT/tests/tools/raw_http.py" "$WORK/g/docker.sock" "$1"; }

# The Env of container ID, as the daemon itself reports it, one per line.
daemon_env() { DOCKER_HOST=$DAEMON docker inspect --format '{{range .Config.Env}}{{println .}}{{end}}' "$1"; }

# ping_pong CMD...: CMD answers each line "L" on its stdin with "got L"; three lines, one at a time, each
# written only once the answer to the one before has come back (within 10 s); CMD must then end with 0.
ping_pong() {
    local line reply
    coproc PONG { "$@"; }
    for line in one two three; do
        echo "$line" >&"${PONG[1]}"
        read -r -t 10 reply <&"${PONG[0]}" || fail "no answer to $line within 10 s from: $*"
        [ "$reply" = "got $line" ] || fail "the answer to $line was [$reply] from: $*"
    done
    eval "exec ${PONG[1]}>&-"
    wait "$PONG_PID" || fail "exit status $? from: $*"
}

test_guard_docker_cli_streams_both_ways() {
    start_guard
    export DOCKER_HOST=$GUARD
    docker ps >/dev/null
    expect_status 0 docker run --rm --network none "$PLAIN" echo ran
    expect_in "$WORK/out" ran
    # run -i: stdin in, stdout out, and the end of stdin ends the container.
    head -c 300000 /dev/urandom >in.bin
    docker run --rm -i --network none "$PLAIN" cat <in.bin >out.bin
    cmp in.bin out.bin || fail "docker run -i changed the data on its way"
    docker run -d --name box --network none "$PLAIN" sleep 300 >/dev/null
    # exec with stdin both ways, and exec's exit status.
    printf 'one\ntwo\n' | docker exec -i box sh -c 'while read l; do echo "got $l"; done' >exec.out
    [ "$(cat exec.out)" = "$(printf 'got one\ngot two')" ] || fail "exec -i: $(cat exec.out)"
    expect_status 3 docker exec box sh -c 'exit 3'
    # Interactive, both ways: each line's answer comes back before the next line is written, so the guard
    # neither holds what it read nor waits for more (exec -i is an upgraded connection, run -i an attach).
    ping_pong docker exec -i box sh -c 'while read l; do echo "got $l"; done'
    ping_pong docker run --rm -i --network none "$PLAIN" sh -c 'while read l; do echo "got $l"; done'
    # logs -f: the first line arrives while the container is still writing.
    docker run -d --name talker --network none "$PLAIN" sh -c 'echo first; sleep 30; echo last' >/dev/null
    docker logs -f talker >logs.out 2>&1 &
    local logs=$!
    wait_for logs.out first
    grep -q last logs.out && fail "logs -f waited for the end"
    kill "$logs"
    # attach: stdin to a running container, its output back. (Stdin stays open until the container ends:
    # the daemon may end an attach when its stdin does, with or without the guard.)
    docker run -d -i --name reader --network none "$PLAIN" sh -c 'read x; echo "read $x"' >/dev/null
    { echo hello; sleep 5; } | timeout 30 docker attach reader >attach.out
    [ "$(cat attach.out)" = "read hello" ] || fail "attach: $(cat attach.out)"
    # The Debian CLI (20.10) too, which uses an older API version.
    /usr/bin/docker ps >/dev/null
    printf 'old\n' | /usr/bin/docker exec -i box cat >old.out
    [ "$(cat old.out)" = old ] || fail "the 20.10 CLI's exec -i: $(cat old.out)"
    docker rm -f box talker reader >/dev/null
    stop_guard
}

test_guard_agent_containers_get_their_key_alone() {
    set_keys
    export GITHUB_TOKEN=ghp-test PLAIN_SETTING=1
    start_guard
    export DOCKER_HOST=$GUARD
    expect_keys "ANTHROPIC_API_KEY" docker run --rm --network none -e ANTHROPIC_API_KEY -e OPENAI_API_KEY \
        -e GITHUB_TOKEN -e PLAIN_SETTING "$CLAUDE" env
    expect_in "$WORK/out" PLAIN_SETTING=1
    expect_in "$WORK/err" "withheld "
    expect_in "$WORK/err" "OPENAI_API_KEY (-e)"
    expect_not_in "$WORK/err" sk-openai-test
    printf 'OPENAI_API_KEY=from-file\nFROM_FILE=1\n' >f.env
    expect_keys "OPENAI_API_KEY" docker run --rm --network none --env-file f.env -e ANTHROPIC_API_KEY "$CODEX" env
    expect_in "$WORK/out" FROM_FILE=1
    # The guard's log names what it withheld, never a value.
    expect_in "$WORK/guard.log" "withheld ANTHROPIC_API_KEY"  # codex's container
    expect_not_in "$WORK/guard.log" sk-ant-test
    stop_guard
}

# The guard judges an exec body as leash exec judges `docker exec`, and they share the claims: a container
# started without leash that leash exec handed claude's credentials into is claude's through the guard too.
test_guard_honours_the_claims_leash_exec_made() {
    set_keys
    start_guard
    docker run -d --name box --network none "$PLAIN" sleep 600 >/dev/null
    expect_keys ANTHROPIC_API_KEY "$LEASH" exec -- docker exec -e ANTHROPIC_API_KEY box claude
    DOCKER_HOST=$GUARD expect_keys "" docker exec -e OPENAI_API_KEY box codex
    DOCKER_HOST=$GUARD expect_keys ANTHROPIC_API_KEY docker exec -e ANTHROPIC_API_KEY box claude
    # And one the guard claims first, for codex.
    docker run -d --name box2 --network none "$PLAIN" sleep 600 >/dev/null
    DOCKER_HOST=$GUARD expect_keys OPENAI_API_KEY docker exec -e OPENAI_API_KEY box2 codex
    expect_keys "" "$LEASH" exec -- docker exec -e ANTHROPIC_API_KEY box2 claude
    expect_in "$WORK/err" "claude's command in a container codex claimed"
    docker rm -f box box2 >/dev/null
    stop_guard
}

test_guard_non_agent_containers_get_exactly_what_they_asked_for() {
    set_keys
    export GITHUB_TOKEN=ghp-test
    printf 'OPENAI_API_KEY=file\nB=2\n' >f.env
    start_guard
    local cmd=(docker run --rm --network none -h fixed -e ANTHROPIC_API_KEY -e GITHUB_TOKEN --env-file f.env
        -e LIT=1 "$PLAIN" env)
    DOCKER_HOST=$GUARD "${cmd[@]}" 2>with.err | sort >with
    DOCKER_HOST=$DAEMON "${cmd[@]}" | sort >without
    cmp with without || fail "$(diff with without)"
    [ ! -s with.err ] || fail "the guard said something: $(cat with.err)"
    expect_keys "ANTHROPIC_API_KEY GITHUB_TOKEN OPENAI_API_KEY" cat with
    stop_guard
}

test_guard_command_lives_as_long_as_its_command() {
    set_keys
    export GITHUB_TOKEN=ghp-test
    expect_keys "ANTHROPIC_API_KEY" "$LEASH" guard -- docker run --rm --network none -e ANTHROPIC_API_KEY \
        -e OPENAI_API_KEY -e GITHUB_TOKEN "$CLAUDE" env
    # Its own socket, private, gone afterwards; DOCKER_CONTEXT cannot send the command elsewhere.
    local host
    host=$(DOCKER_CONTEXT=elsewhere "$LEASH" guard -- sh -c 'echo "$DOCKER_HOST ${DOCKER_CONTEXT-unset}"; stat -c %a "$(dirname "${DOCKER_HOST#unix://}")"')
    [[ "$host" == "unix:///tmp/leash-guard."*"/docker.sock unset"$'\n'700 ]] || fail "the command saw: $host"
    local sock=${host%% *}
    [ ! -e "$(dirname "${sock#unix://}")" ] || fail "the guard's directory is still there"
    expect_status 7 "$LEASH" guard -- sh -c 'exit 7'
    expect_status 143 "$LEASH" guard -- sh -c 'kill -TERM $$'
    expect_status 127 "$LEASH" guard -- no-such-command-here
    # A signal sent to leash reaches the command.
    "$LEASH" guard -- sleep 60 &
    local pid=$! rc=0
    sleep 1
    kill -TERM "$pid"
    wait "$pid" || rc=$?
    [ "$rc" = 143 ] || fail "leash guard exited with $rc after SIGTERM"
}

# compose_several_services COMPOSE...: a project of three services, two agents and a tool, run and up
# through `leash guard`, with environment: and env_file:; the control is COMPOSE alone.
compose_several_services() {
    set_keys
    export GITHUB_TOKEN=ghp-test
    mkdir proj
    printf 'OPENAI_API_KEY=from-env-file\nGOOGLE_API_KEY=from-env-file\nFILE_SETTING=1\n' >proj/.env.agents
    cat >proj/docker-compose.yml <<EOF
version: "3.7"
services:
  claude:
    image: $CLAUDE
    network_mode: none
    command: env
    environment: [ANTHROPIC_API_KEY, OPENAI_API_KEY, GITHUB_TOKEN, SETTING=1]
    env_file: .env.agents
  codex:
    image: $CODEX
    network_mode: none
    command: env
    environment: [ANTHROPIC_API_KEY, OPENAI_API_KEY]
  tools:
    image: $PLAIN
    network_mode: none
    command: env
    environment: [ANTHROPIC_API_KEY, GITHUB_TOKEN]
    env_file: .env.agents
EOF
    cd proj
    expect_keys "ANTHROPIC_API_KEY" "$LEASH" guard -- "$@" run --rm claude
    expect_in "$WORK/out" SETTING=1
    expect_in "$WORK/out" FILE_SETTING=1
    # The control: compose alone hands claude's container every key.
    expect_keys "ANTHROPIC_API_KEY GITHUB_TOKEN GOOGLE_API_KEY OPENAI_API_KEY" "$@" run --rm claude
    "$LEASH" guard -- "$@" up --no-color >up.out 2>&1 || fail "compose up: $(cat up.out)"
    for s in claude codex tools; do
        # compose 1.x prefixes a service's lines with "claude_1 | ", v2 with "ESC[2Kclaude-1  | ".
        sed 's/\x1b\[[0-9;]*[A-Za-z]//g' up.out | grep -aE "^${s}[-_]1 *\| " | sed 's/^[^|]*| //' >"$s.env" || true
        [ -s "$s.env" ] || fail "no output from $s: $(cat up.out)"
    done
    expect_keys "ANTHROPIC_API_KEY" cat claude.env
    expect_keys "OPENAI_API_KEY" cat codex.env
    expect_keys "ANTHROPIC_API_KEY GITHUB_TOKEN GOOGLE_API_KEY OPENAI_API_KEY" cat tools.env
    "$LEASH" guard -- "$@" down >/dev/null 2>&1
}

test_guard_compose_run_and_up_with_several_services() {
    compose_several_services docker-compose
}

test_guard_compose_v2_run_and_up_with_several_services() {
    compose_plugin
    compose_several_services docker compose
}

# -H and --context on the command line name the daemon the private guard fronts, in every spelling the
# docker CLI and docker-compose read: the command is pointed at the guard, never at that daemon past it.
# DOCKER_HOST names no daemon at all, so only the one the command names can answer. What leash cannot
# front, or cannot find, is refused.
test_guard_fronts_the_daemon_a_command_names() {
    set_keys
    local daemon=$DOCKER_HOST flags
    docker context create direct --docker "host=$daemon" >/dev/null
    compose_project
    export DOCKER_HOST=unix://$WORK/no-daemon.sock
    for flags in "-H $daemon" "-H$daemon" "-H=$daemon" "--host $daemon" "--host=$daemon" "--ho $daemon" \
        "--context direct" "--context=direct" "-c direct" "-cdirect" "--cont direct" "--verbose -H $daemon"; do
        # shellcheck disable=SC2086 # the flags are words
        expect_keys "ANTHROPIC_API_KEY" "$LEASH" guard -- docker-compose $flags run --rm claude
    done
    for flags in "-H $daemon" "-H=$daemon" "--host=$daemon" "-DH $daemon" "--context direct" "-c=direct"; do
        # shellcheck disable=SC2086
        expect_keys "" "$LEASH" guard -- docker $flags run --rm --network none -e OPENAI_API_KEY "$CLAUDE" env
    done
    # docker's compose plugin is handed docker's own flags.
    compose_plugin
    expect_keys "ANTHROPIC_API_KEY OPENAI_API_KEY" docker -H "$daemon" compose run --rm claude  # the control
    for flags in "-H $daemon" "--host=$daemon" "--context direct" "-c=direct"; do
        # shellcheck disable=SC2086
        expect_keys "ANTHROPIC_API_KEY" "$LEASH" guard -- docker $flags compose run --rm claude
    done
    # docker's --config: its current context is the daemon to front (DOCKER_HOST would win over it).
    cp -r "$HOME/.docker" cfg
    docker --config cfg context use direct >/dev/null 2>&1
    expect_keys "" env -u DOCKER_HOST "$LEASH" guard -- docker --config cfg run --rm --network none -e OPENAI_API_KEY \
        "$CLAUDE" env
    # The control: the daemon named directly hands claude's container both keys.
    expect_keys "ANTHROPIC_API_KEY OPENAI_API_KEY" docker-compose -H "$daemon" run --rm claude
    # Nothing leash can front or find: one line, 125, and compose never runs.
    for flags in "--context nosuch" "-H ssh://me@far" "-H $daemon -c direct" "--tlsverify -H tcp://127.0.0.1:2376" \
        "--no-such-flag -H $daemon"; do
        # shellcheck disable=SC2086
        expect_status 125 "$LEASH" guard -- docker-compose $flags run --rm claude
        [ "$(wc -l <"$WORK/err")" = 1 ] || fail "$flags: $(cat "$WORK/err")"
        expect_in "$WORK/err" "leash: "
    done
}

test_guard_docker_py() {
    set_keys
    start_guard
    cat >run.py <<'EOF'
import docker, os, sys
client = docker.from_env()
out = client.containers.run(sys.argv[1], "env", remove=True, network_mode="none",
                            environment={"ANTHROPIC_API_KEY": os.environ["ANTHROPIC_API_KEY"],
                                         "OPENAI_API_KEY": os.environ["OPENAI_API_KEY"], "SETTING": "1"})
sys.stdout.write(out.decode())
EOF
    expect_keys "ANTHROPIC_API_KEY" env DOCKER_HOST="$GUARD" python3 run.py "$CLAUDE"
    expect_in "$WORK/out" SETTING=1
    expect_keys "ANTHROPIC_API_KEY OPENAI_API_KEY" env DOCKER_HOST="$GUARD" python3 run.py "$PLAIN"
    stop_guard
}

# podman's Docker-compatible API (`podman system service`) behind `leash serve`: the docker CLI,
# docker-compose 1.x and v2 and docker-py get the decisions they get in front of dockerd, masks included,
# and streams pass both ways. The control is the same command at podman's socket directly.
test_guard_in_front_of_podmans_docker_api() {
    set_keys
    make_agent_home
    podman system service --time=0 "unix://$WORK/podman.sock" 2>>"$WORK/podman.log" &
    local podman_pid=$!
    at_exit "kill $podman_pid 2>/dev/null || true"
    answers_http "$WORK/podman.sock" || fail "podman's API did not answer: $(cat "$WORK/podman.log")"
    DAEMON=unix://$WORK/podman.sock
    start_guard --upstream "$DAEMON"
    expect_in "$WORK/guard.log" "guarding $DAEMON"
    local run=(docker run --rm --network none -e ANTHROPIC_API_KEY -e OPENAI_API_KEY)
    expect_keys "ANTHROPIC_API_KEY OPENAI_API_KEY" env DOCKER_HOST="$DAEMON" "${run[@]}" "$CLAUDE" env
    expect_in "$WORK/out" container=podman
    export DOCKER_HOST=$GUARD
    expect_keys "ANTHROPIC_API_KEY" "${run[@]}" "$CLAUDE" env
    expect_in "$WORK/err" "withheld OPENAI_API_KEY (-e)"
    expect_keys "OPENAI_API_KEY" "${run[@]}" "$CODEX" env
    expect_keys "ANTHROPIC_API_KEY OPENAI_API_KEY" "${run[@]}" "$PLAIN" env
    # exec is judged as the container's agent's; streams both ways.
    docker run -d --name box --network none "$CLAUDE" sleep 300 >/dev/null
    expect_keys "ANTHROPIC_API_KEY" docker exec -e ANTHROPIC_API_KEY -e OPENAI_API_KEY box env
    ping_pong docker exec -i box sh -c 'while read l; do echo "got $l"; done'
    ping_pong docker run --rm -i --network none "$PLAIN" sh -c 'while read l; do echo "got $l"; done'
    docker rm -f box >/dev/null
    # Another agent's files in a mount are masked.
    cd "$HOME/proj"
    expect_status 0 docker run --rm --network none -v "$HOME:/h:ro" -v "$HOME/proj:/w" "$CLAUDE" sh /w/read.sh
    expect_masked "$WORK/out"
    # compose, both versions, and docker-py.
    compose_project
    compose_plugin
    expect_keys "ANTHROPIC_API_KEY OPENAI_API_KEY" env DOCKER_HOST="$DAEMON" docker-compose run --rm claude
    expect_keys "ANTHROPIC_API_KEY" docker-compose run --rm claude
    expect_keys "ANTHROPIC_API_KEY" docker compose run --rm claude
    cat >"$WORK/run.py" <<'EOF'
import docker, os, sys
out = docker.from_env().containers.run(sys.argv[1], "env", remove=True, network_mode="none",
                                       environment={k: os.environ[k] for k in ("ANTHROPIC_API_KEY", "OPENAI_API_KEY")})
sys.stdout.write(out.decode())
EOF
    expect_keys "ANTHROPIC_API_KEY" python3 "$WORK/run.py" "$CLAUDE"
    expect_keys "ANTHROPIC_API_KEY OPENAI_API_KEY" python3 "$WORK/run.py" "$PLAIN"
    stop_guard
}

# Framing that a careless proxy reads one way and the daemon another. Each accepted one is created and its
# Env read back from the daemon; each refused one must not reach it.
test_guard_smuggling_by_framing_and_path() {
    start_guard
    local body="{\"Image\":\"$CLAUDE\",\"Cmd\":[\"env\"],\"Env\":[\"OPENAI_API_KEY=smuggled\",\"SETTING=1\"]}"
    local len=${#body} hex target out id
    hex=$(printf '%x' "$len")
    local before
    before=$(DOCKER_HOST=$DAEMON docker ps -aq | wc -l)
    for target in /containers/create /v1.41/containers/create '/v1.41//containers/create' '/containers/%63reate' \
        '/v1.24/containers/create?name=' '/containers/x/../create'; do
        out=$(raw_request "POST $target HTTP/1.1\r\nHost: d\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n$hex\r\n$body\r\n0\r\n\r\n")
        id=$(sed -n 's/.*"Id":"\([0-9a-f]*\)".*/\1/p' <<<"$out")
        if [ -n "$id" ]; then
            daemon_env "$id" >env.out
            expect_not_in env.out OPENAI_API_KEY
            expect_in env.out SETTING=1
        else
            [[ "$out" == "HTTP/1.1 "[34]* ]] || fail "$target: $out"
        fi
    done
    # Expect: 100-continue in any case, as the daemon reads it: the guard answers 100 Continue at once (the
    # client would wait its 20 s for it otherwise) and judges the body.
    local t0=$SECONDS
    out=$(curl -s --expect100-timeout 20 --unix-socket "$WORK/g/docker.sock" -H 'Expect: 100-CONTINUE' \
        -H 'Content-Type: application/json' --data "$body" http://d/containers/create)
    [ $((SECONDS - t0)) -lt 10 ] || fail "the client waited $((SECONDS - t0)) s for 100 Continue"
    id=$(sed -n 's/.*"Id":"\([0-9a-f]*\)".*/\1/p' <<<"$out")
    [ -n "$id" ] || fail "Expect: 100-CONTINUE: $out"
    daemon_env "$id" >env.out
    expect_not_in env.out OPENAI_API_KEY
    expect_in env.out SETTING=1
    local created
    created=$(DOCKER_HOST=$DAEMON docker ps -aq | wc -l)
    [ "$((created - before))" -ge 2 ] || fail "too few of the paths created a container"
    # Framings the guard refuses: nothing reaches the daemon.
    for framing in "Content-Length: $len\r\nTransfer-Encoding: chunked" "Transfer-Encoding: gzip, chunked" \
        "Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked" "Content-Length: $len\r\nContent-Length: $((len + 1))" \
        "X-Folded: a\r\n b\r\nContent-Length: $len"; do
        out=$(raw_request "POST /containers/create HTTP/1.1\r\nHost: d\r\n$framing\r\n\r\n$body")
        [[ "$out" == "HTTP/1.1 400 "* ]] || fail "$framing: $out"
    done
    out=$(raw_request "POST /containers/create HTTP/1.0\r\nHost: d\r\nTransfer-Encoding: chunked\r\n\r\n$hex\r\n$body\r\n0\r\n\r\n")
    [[ "$out" == "HTTP/1.1 400 "* ]] || fail "HTTP/1.0 chunked: $out"
    [ "$(DOCKER_HOST=$DAEMON docker ps -aq | wc -l)" = "$created" ] || fail "a refused request created a container"
    stop_guard
}

test_guard_load_and_no_leak_of_descriptors_or_memory() {
    start_guard
    export DOCKER_HOST=$GUARD
    local i pids=() box
    box=$(docker run -d --network none "$PLAIN" sleep 300)
    for i in $(seq 200); do
        docker ps --no-trunc --format '{{.ID}}' >"ps.$i" 2>&1 &
        pids+=($!)
    done
    for i in "${!pids[@]}"; do wait "${pids[$i]}" || fail "docker ps $((i + 1)) of 200 failed: $(cat "ps.$((i + 1))")"; done
    for i in $(seq 200); do [ "$(cat "ps.$i")" = "$box" ] || fail "docker ps $i got: $(cat "ps.$i")"; done
    docker rm -f "$box" >/dev/null
    pids=()
    for i in $(seq 20); do
        docker run --rm --network none "$PLAIN" echo "run $i" >"run.$i" 2>&1 &
        pids+=($!)
    done
    for i in "${!pids[@]}"; do wait "${pids[$i]}" || fail "docker run $((i + 1)) failed: $(cat "run.$((i + 1))")"; done
    for i in $(seq 20); do [ "$(cat "run.$i")" = "run $i" ] || fail "run $i got: $(cat "run.$i")"; done
    # 1,000 connections one after the other: the guard's descriptors and memory stay where they were.
    local ping='GET /_ping HTTP/1.1\r\nHost: d\r\nConnection: close\r\n\r\n'
    python3 "$ROOT/tests/tools/raw_http.py" "$WORK/g/docker.sock" "$ping" 100 >ping.out
    local fds rss
    fds=$(ls /proc/"$GUARD_PID"/fd | wc -l)
    rss=$(awk '/^VmRSS/ {print $2}' /proc/"$GUARD_PID"/status)
    python3 "$ROOT/tests/tools/raw_http.py" "$WORK/g/docker.sock" "$ping" 1000 >ping.out ||
        fail "a ping of the 1,000 got: $(cat ping.out)"
    expect_in ping.out "HTTP/1.1 200 OK"
    [ "$(ls /proc/"$GUARD_PID"/fd | wc -l)" = "$fds" ] || fail "descriptors: $fds before, $(ls /proc/"$GUARD_PID"/fd | wc -l) after"
    local after
    after=$(awk '/^VmRSS/ {print $2}' /proc/"$GUARD_PID"/status)
    [ "$after" -le "$((rss + 1024))" ] || fail "resident memory grew from $rss to $after KiB"
    stop_guard
}

test_guard_faults_daemon_away_and_guard_gone() {
    # A guard in front of another guard that is not running yet: the daemon is away.
    start_guard --upstream "unix://$WORK/g/inner.sock"
    DOCKER_HOST=$GUARD docker ps >ps.out 2>&1 && fail "docker ps worked with no daemon"
    expect_in ps.out "cannot connect to the Docker daemon at unix://$WORK/g/inner.sock"
    # The daemon comes back: the guard serves again.
    "$LEASH" serve --socket "$WORK/g/inner.sock" --upstream "$DAEMON" 2>inner.log &
    local inner=$!
    for _ in $(seq 100); do
        DOCKER_HOST=$GUARD docker ps >/dev/null 2>&1 && break
        sleep 0.1
    done
    DOCKER_HOST=$GUARD docker ps >/dev/null || fail "the guard did not recover"
    kill "$inner"
    wait "$inner"
    stop_guard
    # The guard gone (killed, its socket file left behind): clients cannot connect, and nothing is created.
    start_guard
    kill -KILL "$GUARD_PID"
    wait "$GUARD_PID" || true
    [ -S "$WORK/g/docker.sock" ] || fail "the socket file went with the guard"
    local before
    before=$(DOCKER_HOST=$DAEMON docker ps -aq | wc -l)
    DOCKER_HOST=$GUARD docker run --network none "$PLAIN" true >run.out 2>&1 && fail "docker run worked without the guard"
    expect_in run.out "Cannot connect to the Docker daemon"
    [ "$(DOCKER_HOST=$DAEMON docker ps -aq | wc -l)" = "$before" ] || fail "a container was created"
    # A new guard replaces the stale socket.
    start_guard
    DOCKER_HOST=$GUARD docker ps >/dev/null
    stop_guard
}

test_guard_stops_cleanly_and_closes_streams() {
    start_guard
    DOCKER_HOST=$DAEMON docker run -d --name talker --network none "$PLAIN" sh -c 'echo first; sleep 300' >/dev/null
    DOCKER_HOST=$GUARD docker logs -f talker >logs.out 2>&1 &
    local logs=$!
    wait_for logs.out first
    local t0=$SECONDS
    stop_guard
    [ $((SECONDS - t0)) -le 8 ] || fail "leash serve took $((SECONDS - t0)) s to stop"
    for _ in $(seq 50); do kill -0 "$logs" 2>/dev/null || break; sleep 0.1; done
    ! kill -0 "$logs" 2>/dev/null || fail "the stream's client is still connected"
    [ ! -e "$WORK/g/docker.sock" ] || fail "the socket is still there"
    DOCKER_HOST=$DAEMON docker rm -f talker >/dev/null
}

test_guard_socket_rules() {
    # The default: $XDG_RUNTIME_DIR/leash/docker.sock, 0600 in a 0700 directory.
    mkdir -m 700 run
    XDG_RUNTIME_DIR=$WORK/cwd/run "$LEASH" serve 2>serve.log &
    local pid=$!
    for _ in $(seq 100); do [ -S run/leash/docker.sock ] && break; sleep 0.1; done
    [ "$(stat -c %a run/leash)" = 700 ] || fail "directory mode $(stat -c %a run/leash)"
    [ "$(stat -c %a run/leash/docker.sock)" = 600 ] || fail "socket mode $(stat -c %a run/leash/docker.sock)"
    DOCKER_HOST=unix://$WORK/cwd/run/leash/docker.sock docker ps >/dev/null
    # A second guard at the same place: refused, the first one untouched.
    expect_status 125 env XDG_RUNTIME_DIR="$WORK/cwd/run" "$LEASH" serve
    expect_in "$WORK/err" "already listens there"
    # Itself as its daemon (a hooked shell's DOCKER_HOST, say).
    kill "$pid"
    wait "$pid"
    expect_status 125 env XDG_RUNTIME_DIR="$WORK/cwd/run" DOCKER_HOST="unix://$WORK/cwd/run/leash/docker.sock" "$LEASH" serve
    expect_in "$WORK/err" "is this guard's own socket"
    ln -s "$WORK/cwd/run/leash/docker.sock" alias.sock
    expect_status 125 "$LEASH" serve --socket "$WORK/cwd/run/leash/docker.sock" --upstream "unix://$WORK/cwd/alias.sock"
    expect_in "$WORK/err" "is this guard's own socket"
    # Not a socket at the path; a directory of another user's; one that others can write to.
    : >run/leash/docker.sock.file
    expect_status 125 "$LEASH" serve --socket "$WORK/cwd/run/leash/docker.sock.file"
    expect_in "$WORK/err" "is not a socket"
    mkdir -m 700 theirs
    chown nobody theirs
    expect_status 125 "$LEASH" serve --socket "$WORK/cwd/theirs/docker.sock"
    expect_in "$WORK/err" "owned by another user"
    mkdir -m 777 open
    expect_status 125 "$LEASH" serve --socket "$WORK/cwd/open/docker.sock"
    expect_in "$WORK/err" "others can write to it"
    expect_status 125 env -u XDG_RUNTIME_DIR "$LEASH" serve
    expect_in "$WORK/err" "XDG_RUNTIME_DIR is not set"
    expect_status 125 "$LEASH" serve --socket "$WORK/g.sock" --upstream ssh://me@host
    expect_in "$WORK/err" "ssh"
    expect_status 2 "$LEASH" serve --bogus
}

# The daemon a guard fronts is the one the docker CLI would use: here a context in the config file.
test_guard_fronts_the_current_context() {
    local dir=$HOME/.docker meta
    meta=$dir/contexts/meta/$(printf %s private | sha256sum | cut -d' ' -f1)
    mkdir -p "$meta"
    printf '{"Name":"private","Metadata":{},"Endpoints":{"docker":{"Host":"%s","SkipTLSVerify":false}}}' "$DOCKER_HOST" >"$meta/meta.json"
    printf '{"currentContext":"private"}' >"$dir/config.json"
    DOCKER_HOST= docker ps >/dev/null || fail "the docker CLI does not take the context"
    local daemon=$DOCKER_HOST
    unset DOCKER_HOST
    mkdir -m 700 g
    "$LEASH" serve --socket "$WORK/cwd/g/d.sock" 2>serve.log &
    local pid=$!
    for _ in $(seq 100); do DOCKER_HOST=unix://$WORK/cwd/g/d.sock docker ps >/dev/null 2>&1 && break; sleep 0.1; done
    DOCKER_HOST=unix://$WORK/cwd/g/d.sock docker ps >/dev/null || fail "$(cat serve.log)"
    expect_in serve.log "guarding $daemon (from context \"private\" (from $dir/config.json))"
    kill "$pid"
    wait "$pid"
}

# leash.socket's way: systemd listens, and leash serve takes the socket it passes (LISTEN_FDS) at the first
# connection; it neither makes nor removes that socket.
test_guard_takes_the_socket_systemd_passes() {
    mkdir -m 700 act
    # It passes on no environment but what -E names.
    systemd-socket-activate -l "$WORK/cwd/act/docker.sock" -E DOCKER_HOST -E HOME "$LEASH" serve 2>serve.log &
    local pid=$!
    for _ in $(seq 100); do [ -S act/docker.sock ] && break; sleep 0.1; done
    set_keys
    expect_keys "ANTHROPIC_API_KEY" env DOCKER_HOST="unix://$WORK/cwd/act/docker.sock" docker run --rm --network none \
        -e ANTHROPIC_API_KEY -e OPENAI_API_KEY "$CLAUDE" env
    expect_in serve.log "at $WORK/cwd/act/docker.sock"
    kill "$pid"
    wait "$pid" || fail "leash serve exited with $? on SIGTERM"
    [ -S act/docker.sock ] || fail "leash removed systemd's socket"
}

# The file doors through the API, as leash exec has them: a body whose mounts would show claude's
# container codex's login, the other stores in the home or a project .env's other keys gets leash's
# read-only masks over them (Mounts entries the guard adds; a mount of a store as a whole goes, its mask
# in its place), from the docker CLI (-v: Binds, --mount: Mounts), docker-compose, docker-py and
# --volumes-from alike. The oracle is `cat` inside: the other agent's file is gone, the .env keeps its
# ordinary lines, claude's own login is there; the same mounts pass for a plain image.
make_agent_home() {
    mkdir -p "$HOME/.codex" "$HOME/.claude" "$HOME/.aws" "$HOME/proj"
    echo codex-secret >"$HOME/.codex/auth.json"
    echo claude-own >"$HOME/.claude/.credentials.json"
    echo aws-secret >"$HOME/.aws/credentials"
    printf 'OPENAI_API_KEY=sk-proj-secret\nPORT=8080\n' >"$HOME/proj/.env"
    # What a container sees of the home at /h and the project at /w: a line per file, empty for one it cannot read.
    cat >"$HOME/proj/read.sh" <<'EOF'
for f in /h/.codex/auth.json /h/.aws/credentials /h/.claude/.credentials.json /w/.env /h/proj/.env; do
    echo "$f: $(cat "$f" 2>/dev/null | tr '\n' ' ')"
done
EOF
}

# expect_masked FILE: FILE holds read.sh's output of claude's container with the masks in place.
expect_masked() {
    case $(cat "$1") in *codex-secret* | *aws-secret* | *sk-proj-secret*) fail "a masked file reached the container: $(cat "$1")" ;; esac
    expect_in "$1" "/h/.claude/.credentials.json: claude-own"
    expect_in "$1" "/w/.env: PORT=8080"
    expect_in "$1" "/h/proj/.env: PORT=8080"
}

test_guard_masks_other_agents_files_in_the_mounts() {
    make_agent_home
    start_guard
    export DOCKER_HOST=$GUARD
    expect_status 0 docker run --rm --network none -v "$HOME:/h:ro" -v "$HOME/proj:/w" "$CLAUDE" sh /w/read.sh
    expect_masked "$WORK/out"
    # The notice, in the create response's warnings, names what was masked and the mount it came through.
    expect_in "$WORK/err" "leash: claude ($CLAUDE): "
    expect_in "$WORK/err" "$HOME/.codex (HostConfig.Binds)"
    expect_in "$WORK/err" "$HOME/proj/.env (HostConfig.Binds)"
    expect_not_in "$WORK/err" sk-proj-secret
    # --mount: HostConfig.Mounts.
    expect_status 0 docker run --rm --network none --mount "type=bind,src=$HOME,dst=/h,readonly" \
        --mount "type=bind,src=$HOME/proj,dst=/w" "$CLAUDE" sh /w/read.sh
    expect_masked "$WORK/out"
    # A store mounted as a whole: its mount goes, an empty directory in its place; codex's own container gets it.
    expect_status 0 docker run --rm --network none -v "$HOME/.codex:/root/.codex" "$CLAUDE" sh -c 'ls -A /root/.codex; echo listed'
    [ "$(cat "$WORK/out")" = listed ] || fail "codex's login reached claude's container: $(cat "$WORK/out")"
    expect_status 0 docker run --rm --network none -v "$HOME/.codex:/root/.codex" "$CODEX" cat /root/.codex/auth.json
    [ "$(cat "$WORK/out")" = codex-secret ] || fail "codex's container got [$(cat "$WORK/out")]"
    # --volumes-from: the mask goes over what the other container's mount shows.
    DOCKER_HOST=$DAEMON docker create --name vf-src -v "$HOME:/h:ro" -v "$HOME/proj:/w" "$PLAIN" true >/dev/null
    expect_status 0 docker run --rm --network none --volumes-from vf-src "$CLAUDE" sh /w/read.sh
    expect_masked "$WORK/out"
    DOCKER_HOST=$DAEMON docker rm vf-src >/dev/null
    # A plain image gets the same mounts as they are.
    expect_status 0 docker run --rm --network none -v "$HOME:/h:ro" -v "$HOME/proj:/w" "$PLAIN" sh /w/read.sh
    expect_in "$WORK/out" "/h/.codex/auth.json: codex-secret"
    expect_in "$WORK/out" "/w/.env: OPENAI_API_KEY=sk-proj-secret PORT=8080"
    # The host's files are as they were.
    grep -q sk-proj-secret "$HOME/proj/.env" || fail "the host's .env changed"
    stop_guard
}

test_guard_masks_for_compose_and_docker_py() {
    make_agent_home
    cat >"$HOME/proj/docker-compose.yml" <<EOF
version: "3.7"
services:
  claude:
    image: $CLAUDE
    network_mode: none
    command: [sh, /w/read.sh]
    volumes: ["$HOME:/h:ro", ".:/w"]
  long:
    image: $CLAUDE
    network_mode: none
    command: [sh, /w/read.sh]
    volumes:
      - {type: bind, source: $HOME, target: /h, read_only: true}
      - {type: bind, source: ., target: /w}
EOF
    start_guard
    cd "$HOME/proj"
    expect_status 0 env DOCKER_HOST="$GUARD" docker-compose run --rm claude
    expect_masked "$WORK/out"
    expect_status 0 env DOCKER_HOST="$GUARD" docker-compose run --rm long
    expect_masked "$WORK/out"
    compose_plugin
    for service in claude long; do
        expect_status 0 env DOCKER_HOST="$GUARD" docker compose run --rm $service
        expect_masked "$WORK/out"
    done
    cat >"$WORK/run.py" <<'EOF'
import docker, os, sys
client = docker.from_env()
home = os.environ["HOME"]
out = client.containers.run(sys.argv[1], ["sh", "/w/read.sh"], remove=True, network_mode="none",
                            volumes={home: {"bind": "/h", "mode": "ro"}, home + "/proj": {"bind": "/w", "mode": "rw"}})
sys.stdout.write(out.decode())
EOF
    expect_status 0 env DOCKER_HOST="$GUARD" python3 "$WORK/run.py" "$CLAUDE"
    expect_masked "$WORK/out"
    expect_status 0 env DOCKER_HOST="$GUARD" python3 "$WORK/run.py" "$PLAIN"
    expect_in "$WORK/out" "/h/.codex/auth.json: codex-secret"
    stop_guard
}

# A daemon reached over TCP mounts the files of its own machine, where leash's masks are not: there a
# body that needs one is refused (403) and nothing is created; one that needs none goes through.
test_guard_refuses_masks_for_a_daemon_over_tcp() {
    make_agent_home
    python3 "$ROOT/tests/tools/tcp_forward.py" "${DOCKER_HOST#unix://}" >port &
    local forward=$!
    at_exit "kill $forward 2>/dev/null || true"
    for _ in $(seq 100); do [ -s port ] && break; sleep 0.1; done
    start_guard --upstream "tcp://127.0.0.1:$(head -n 1 port)"
    export DOCKER_HOST=$GUARD
    local before
    before=$(DOCKER_HOST=$DAEMON docker ps -aq | wc -l)
    expect_status 125 docker run --rm --network none -v "$HOME:/h:ro" "$CLAUDE" cat /h/.codex/auth.json
    expect_in "$WORK/err" "the container's mounts show it $HOME/.aws (another tool's credential store), $HOME/.codex (codex's login)"
    expect_in "$WORK/err" "the daemon, reached over TCP, mounts the files of its own machine, where leash cannot mask them"
    expect_not_in "$WORK/out" codex-secret
    [ "$(DOCKER_HOST=$DAEMON docker ps -aq | wc -l)" = "$before" ] || fail "a container was created"
    expect_status 0 docker run --rm --network none -v "$HOME/.claude:/root/.claude" "$CLAUDE" cat /root/.claude/.credentials.json
    expect_in "$WORK/out" claude-own
    expect_status 0 docker run --rm --network none -v "$HOME:/h:ro" "$PLAIN" cat /h/.codex/auth.json
    expect_in "$WORK/out" codex-secret
    stop_guard
}
