# shellcheck disable=SC2015 # A && B || fail: fail whenever the checks do not all hold
# Helpers for the shell-hook tests, tests/shell/*_test.sh and tests/e2e/shell_test.sh (after
# tests/e2e/lib.sh): each shell run as the tests demand, and interactive shells driven through tmux.

# strict SHELL CODE: runs CODE in bash, zsh or fish with no rc file, bash and zsh with set -eu (and
# pipefail), as a user's strict script would, and with an error trap that tells of any command that
# fails where no condition tests it; its stdout goes to $WORK/out, its stderr to $WORK/err.
strict() {
    case $1 in
    bash) bash --noprofile --norc -Eeu -o pipefail -c "trap 'echo \"ERR trap: \$BASH_COMMAND\"' ERR; $2" ;;
    zsh) zsh -f -eu -c "TRAPZERR() { echo 'ZERR trap'; }; $2" ;;
    fish) fish --no-config -c "$2" </dev/null ;;
    esac >"$WORK/out" 2>"$WORK/err"
}

# quiet SHELL CODE: CODE succeeds and prints nothing at all.
quiet() {
    local rc=0
    strict "$@" || rc=$?
    [ "$rc" = 0 ] && [ ! -s "$WORK/out" ] && [ ! -s "$WORK/err" ] ||
        { cat "$WORK/out" "$WORK/err" >&2; fail "$1: status $rc, or output, from: $2"; }
}

# expect_out SHELL CODE WANT: CODE succeeds, prints WANT on stdout and nothing on stderr.
expect_out() {
    local rc=0
    strict "$1" "$2" || rc=$?
    [ "$rc" = 0 ] && [ "$(cat "$WORK/out")" = "$3" ] && [ ! -s "$WORK/err" ] ||
        { cat "$WORK/err" >&2; fail "$1: status $rc and [$(cat "$WORK/out")], expected [$3], from: $2"; }
}

# The line that installs the hook from the source tree, and the one that evals `leash init`.
source_hook() { echo "source '$ROOT/shell/leash.$1'"; }
init_hook() {
    if [ "$1" = fish ]; then
        echo "'$LEASH' init fish ${2-} | source"
    else
        echo "eval \"\$('$LEASH' init $1 ${2-})\""
    fi
}

# ---- interactive shells in tmux ----

# Every test prompt starts with this, then the status of the last command as the user's own prompt hook
# (PROMPT_COMMAND, precmd, fish_prompt) recorded it.
PROMPT_MARK=@leash-test:

# start_shell bash|zsh|fish LINES: starts that shell, interactive, in a 200x50 window of a tmux server of
# this test's own (stopped when the test exits), with an rc file that sets the test prompt through the
# user's own prompt hook and then runs LINES; waits for the first prompt.
start_shell() {
    local rc=$WORK/rc-$1
    mkdir -p "$rc/fish"
    case $1 in
    bash)
        printf '%s\n' "PROMPT_COMMAND='__t_rc=\$?'" "PS1='$PROMPT_MARK\${__t_rc-}\$ '" "$2" >"$rc/bashrc"
        set -- bash --noprofile --rcfile "$rc/bashrc" -i
        ;;
    zsh)
        printf '%s\n' 'setopt prompt_subst no_prompt_sp' "precmd() { __t_rc=\$?; }" \
            "PROMPT='$PROMPT_MARK\${__t_rc-}\$ '" "$2" >"$rc/.zshrc"
        set -- env ZDOTDIR="$rc" zsh -d -i
        ;;
    fish)
        # A first interactive fish finding no generated_completions starts a background job that writes
        # them from every man page, still running when the test's HOME goes.
        mkdir -p "$HOME/.local/share/fish/generated_completions"
        printf '%s\n' 'set -g fish_greeting' 'set -g fish_autosuggestion_enabled 0' \
            "function fish_prompt; printf '$PROMPT_MARK%s\$ ' \$status; end" "$2" >"$rc/fish/config.fish"
        set -- env XDG_CONFIG_HOME="$rc" fish -i
        ;;
    esac
    TMUX_SOCKET=$WORK/tmux.sock
    at_exit 'tmux -S "$TMUX_SOCKET" kill-server 2>/dev/null || true'
    tmux -S "$TMUX_SOCKET" kill-server 2>/dev/null || true
    tmux -S "$TMUX_SOCKET" -f /dev/null new-session -d -x 200 -y 50 -- "$@"
    tmux_wait 1
}

# The whole screen and history, wrapped lines joined, without trailing blanks.
tmux_screen() { tmux -S "$TMUX_SOCKET" capture-pane -p -J -S - | sed 's/[[:space:]]*$//'; }
tmux_prompts() { tmux_screen | grep -c "^$PROMPT_MARK" || true; }

# tmux_wait N: waits, a minute at most, for the screen to show N prompts.
tmux_wait() {
    local _
    for _ in $(seq 600); do
        [ "$(tmux_prompts)" -lt "$1" ] || return 0
        sleep 0.1
    done
    tmux_screen >&2
    fail "no prompt number $1 within a minute"
}

# tmux_type LINE: types LINE and Enter at the prompt and waits for the next prompt. What the command
# printed is left in $WORK/screen, and its exit status, as that prompt shows it, in $WORK/status.
tmux_type() {
    local n
    n=$(tmux_prompts)
    tmux -S "$TMUX_SOCKET" send-keys -l -- "$1"
    tmux -S "$TMUX_SOCKET" send-keys Enter
    tmux_wait $((n + 1))
    tmux_screen | awk -v mark="$PROMPT_MARK" -v n="$n" -v status="$WORK/status" '
        index($0, mark) != 1 { if (seen == n) print; next }
        ++seen == n + 1 { sub(/\$.*/, ""); print substr($0, length(mark) + 1) >status }' >"$WORK/screen"
}

# expect_status_shown N: the last command's status, as the prompt showed it, was N.
expect_status_shown() {
    [ "$(cat "$WORK/status")" = "$1" ] ||
        { tmux_screen >&2; fail "the prompt shows status [$(cat "$WORK/status")], expected [$1]"; }
}

# tmux_complete TEXT WANT: types TEXT and Tab at the prompt; the line must become WANT. Then clears it.
tmux_complete() {
    local _
    tmux -S "$TMUX_SOCKET" send-keys -l -- "$1"
    tmux -S "$TMUX_SOCKET" send-keys Tab
    for _ in $(seq 100); do
        if tmux_screen | grep -qxF -- "$PROMPT_MARK$(cat "$WORK/status" 2>/dev/null || echo 0)\$ $2"; then
            tmux -S "$TMUX_SOCKET" send-keys C-u
            return 0
        fi
        sleep 0.1
    done
    tmux_screen >&2
    fail "[$1] and Tab did not complete to [$2]"
}
