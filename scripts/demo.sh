#!/bin/bash
# make demo: from a clean checkout on Debian, installs what leash needs (scripts/deps.sh), builds it,
# starts a private dockerd with a local claude image (scripts/engines.sh), and types into a real
# interactive bash, hooked as ~/.bashrc would hook it, the commands a user would type; what that shell
# shows is printed here, a line of narration before each step. It stops everything it started.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
IMAGE=example.com/team/claude-code
RUN="docker run --rm --env-file .env $IMAGE env"

# say LINE...: a step's narration, its first line marked.
say() {
    printf '\n==> %s\n' "$1"
    shift
    [ $# = 0 ] || printf '    %s\n' "$@"
}

say "Installing the Debian packages leash needs, if any is missing (scripts/deps.sh)"
"$ROOT/scripts/deps.sh"

say "Building leash (make)"
make -s -j2 -C "$ROOT" all

demo=$(mktemp -d /tmp/leash-demo.XXXXXX)
sock=$demo/tmux.sock
tmux_pid=
cleanup() {
    [ -z "$tmux_pid" ] || kill "$tmux_pid" 2>/dev/null || true
    "$ROOT/scripts/engines.sh" stop "$demo/engines"
    rm -rf "$demo"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

say "Starting a private dockerd in $demo/engines" \
    "and a local claude image, $IMAGE (busybox inside; it runs env)"
"$ROOT/scripts/engines.sh" start "$demo/engines"
# shellcheck disable=SC1091 # written by engines.sh
. "$demo/engines/env"

mkdir "$demo/home" "$demo/work"
printf '%s\n' ANTHROPIC_API_KEY OPENAI_API_KEY GOOGLE_API_KEY DASHSCOPE_API_KEY OPENCODE_API_KEY >"$demo/work/.env"
cat >"$demo/home/.bashrc" <<EOF
PS1='\$ '
export ANTHROPIC_API_KEY=fake-anthropic-key OPENAI_API_KEY=fake-openai-key GOOGLE_API_KEY=fake-google-key
export DASHSCOPE_API_KEY=fake-dashscope-key OPENCODE_API_KEY=fake-opencode-key
eval "\$('$ROOT/build/leash' init bash)"
EOF

say "Opening an interactive bash (in tmux) with five fake keys set; its ~/.bashrc ends with" \
    "eval \"\$($ROOT/build/leash init bash)\""
# Only what the demo sets: none of the caller's own keys or configuration reaches that shell.
tmux -S "$sock" -f /dev/null new-session -d -x 250 -y 50 -c "$demo/work" -- \
    env -i HOME="$demo/home" PATH="$PATH" TERM=screen LANG=C.UTF-8 DOCKER_HOST="$DOCKER_HOST" \
    bash --noprofile --rcfile "$demo/home/.bashrc" -i
tmux_pid=$(tmux -S "$sock" display-message -p '#{pid}')

# The pane, wrapped lines joined, without trailing blanks or blank lines at the end.
pane() { tmux -S "$sock" capture-pane -p -J -S - | sed 's/[[:space:]]*$//' | sed -e :a -e '/^\n*$/{$d;N;ba' -e '}'; }
prompts() { pane | grep -c '^\$' || true; }
shown=0

# wait_prompt N: waits, a minute at most, until the shell has shown N prompts.
wait_prompt() {
    local _
    for _ in $(seq 600); do
        [ "$(prompts)" -lt "$1" ] || return 0
        sleep 0.1
    done
    pane >&2
    echo "demo: the shell shows no prompt number $1" >&2
    exit 1
}

# at_prompt LINE: types LINE at the prompt, waits for the next one, and prints what the shell showed
# from the prompt LINE was typed at to the line before the new prompt.
at_prompt() {
    local n
    n=$(prompts)
    tmux -S "$sock" send-keys -l -- "$1"
    tmux -S "$sock" send-keys Enter
    wait_prompt $((n + 1))
    pane | sed '$d' | tail -n +$((shown + 1))
    shown=$(($(pane | wc -l) - 1))
}

wait_prompt 1

say ".env names every key, as the usual advice goes"
at_prompt 'cat .env'

say "docker run typed at the prompt: the claude container gets ANTHROPIC_API_KEY alone," \
    "and leash names the four keys it withheld"
at_prompt "$RUN"

say "leash off undoes the hook in this shell: the same command hands the container all five keys"
at_prompt 'leash off'
at_prompt "$RUN"

say "Stopping the shell and dockerd; nothing is left running"
