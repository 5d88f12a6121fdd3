# Helpers for the end-to-end tests; run.sh sources this before each test. The oracle is the container:
# `env` runs inside it and its output says which variables arrived.

KEYS="ANTHROPIC_API_KEY DASHSCOPE_API_KEY GOOGLE_API_KEY OPENAI_API_KEY OPENCODE_API_KEY"
CLAUDE=example.com/team/claude-code
CODEX=example.com/team/codex
GEMINI=example.com/team/gemini-cli
QWEN=example.com/team/qwen-code
OPENCODE=example.com/team/opencode
PLAIN=example.com/tools/plain
CODER=public.ecr.aws/s5i7k8t3/strongdm/coder

# The runtime names leash knows, from their one source, one a line.
runtime_names() { sed '/^#/d;/^$/d' "$ROOT/src/core/runtimes.list"; }

# at_exit CMD: runs CMD when the test's shell exits, besides what earlier calls asked for (a test may
# start a guard and a shell: both must go).
at_exit() {
    _at_exit="${_at_exit:-}$1;"
    # shellcheck disable=SC2064 # the commands as they are now
    trap "$_at_exit" EXIT
}

fail() {
    echo "FAILED: $*" >&2
    exit 1
}

# The five default agents' keys, with values that say whose they are.
set_keys() {
    export ANTHROPIC_API_KEY=sk-ant-test OPENAI_API_KEY=sk-openai-test GOOGLE_API_KEY=google-test \
        DASHSCOPE_API_KEY=dashscope-test OPENCODE_API_KEY=opencode-test
}

# Names of the variables in an `env` listing (stdin) whose names look like credentials, sorted, one line.
# A variable counts by its name, or by a value of a credential's shape (the test suites' fake keys, a URL
# with a password, a private key), whatever its name.
credential_names() {
    local by_value='(sk-(ant|proj|svcacct|admin)-|sk-[a-z0-9]{32}|ghp_|github_pat_|glpat-|AKIA[A-Z2-7]{16}|AIza|xoxb-|hf_|sk_live_|acme_live_|PRIVATE KEY|://[^/@:]+:[^/@]+@)'
    # The other providers' prefixes, where a word starts (a prefix inside a word is no key).
    local by_prefix='(sk-or-v1-|gsk_|xai-|npm_|ya29\.|ASIA[A-Z2-7]{16}|hooks\.slack\.com/|pplx-|r8_|gho_|sk_test_)'
    { grep -aE '^[^=]*=' || true; } |
        { grep -aiE "^[^=]*(_API_KEY|_ACCESS_KEY|SECRET|_TOKEN|PASSWORD|PASSPHRASE|_CREDENTIALS?|_CREDS|_PAT|_KEY|_AUTH|PASSWD|_PWD|WEBHOOK_URL)=|^WORK_|^[^=]*=.*$by_value|^[^=]*=(.*[^A-Za-z0-9_])?$by_prefix" || true; } |
        cut -d= -f1 | LC_ALL=C sort -u | tr '\n' ' ' | sed 's/ $//'
}

# expect_keys "NAMES" CMD...: runs CMD (which runs env in a container), which must succeed, and checks
# that exactly NAMES (sorted, space-separated) are the credentials in its output. Its output stays in
# $WORK/out and its stderr in $WORK/err.
expect_keys() {
    local want=$1 got rc=0
    shift
    "$@" >"$WORK/out" 2>"$WORK/err" || rc=$?
    [ "$rc" = 0 ] || { cat "$WORK/err" >&2; fail "exit status $rc from: $*"; }
    got=$(credential_names <"$WORK/out")
    [ "$got" = "$want" ] || { cat "$WORK/err" >&2; fail "credentials in the container: [$got], expected [$want], from: $*"; }
}

# expect_status N CMD...: CMD exits with status N.
expect_status() {
    local want=$1 rc=0
    shift
    "$@" >"$WORK/out" 2>"$WORK/err" || rc=$?
    [ "$rc" = "$want" ] || { cat "$WORK/err" >&2; fail "exit status $rc, expected $want, from: $*"; }
}

# The value of NAME in the last container's env output.
value_of() { grep -a "^$1=" "$WORK/out" | head -n 1 | cut -d= -f2-; }

# Fails unless FILE contains the fixed string.
expect_in() {
    grep -qF -- "$2" "$1" || { cat "$1" >&2; fail "$1 does not contain: $2"; }
}
expect_not_in() {
    ! grep -qF -- "$2" "$1" || { cat "$1" >&2; fail "$1 contains: $2"; }
}

# A compose project in the working directory whose claude service asks for two agents' keys.
compose_project() {
    cat >compose.yaml <<YAML
services:
  claude:
    image: $CLAUDE
    network_mode: none
    command: env
    environment: [ANTHROPIC_API_KEY, OPENAI_API_KEY]
YAML
}

# docker compose v2, Debian 13's plugin (scripts/compose-v2.sh), in ~/.docker/cli-plugins: the docker CLI
# hands it every argument, its own global flags (-H, --context) first.
compose_plugin() {
    mkdir -p "$HOME/.docker/cli-plugins"
    ln -sf "$COMPOSE_V2" "$HOME/.docker/cli-plugins/docker-compose"
}

# A config file with the right owner and mode.
write_config() {
    cat >"$WORK/config.ini"
    chmod 600 "$WORK/config.ini"
    export LEASH_CONFIG="$WORK/config.ini"
}

# answers_http SOCKET: waits up to 10 s for an HTTP answer, any status, to GET /_ping at the unix SOCKET
# (a guard answers even when its daemon does not); false if none came.
answers_http() {
    for _ in $(seq 100); do
        [ "$(curl -s -o /dev/null -w '%{http_code}' --unix-socket "$1" http://d/_ping)" = 000 ] || return 0
        sleep 0.1
    done
    return 1
}

# start_session_guard [LEASH]: a session guard (LEASH serve; default $LEASH) at its default socket, with
# XDG_RUNTIME_DIR=$WORK/run, in front of the daemon DOCKER_HOST names now; SESSION_GUARD is its
# DOCKER_HOST. It stops when the test ends.
start_session_guard() {
    export XDG_RUNTIME_DIR=$WORK/run
    mkdir -p -m 700 "$XDG_RUNTIME_DIR"
    "${1:-$LEASH}" serve 2>>"$WORK/session-guard.log" &
    SESSION_GUARD_PID=$!
    at_exit 'kill "$SESSION_GUARD_PID" 2>/dev/null || true'
    SESSION_GUARD=unix://$XDG_RUNTIME_DIR/leash/docker.sock
    answers_http "$XDG_RUNTIME_DIR/leash/docker.sock" || fail "the session guard did not answer: $(cat "$WORK/session-guard.log")"
}
