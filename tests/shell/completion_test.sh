# The completions `make install` puts in place, found where each shell looks for them (bash-completion and
# fish through XDG_DATA_DIRS, zsh through fpath), in interactive shells hooked from the same installed
# tree: leash's commands, an agent of the configuration (one the built-in list does not have), options,
# the runtimes of the configuration (one of its own too) and the runtime's own completion after
# `leash exec`.

USR=

installed_with_an_agent_of_our_own() {
    make -s -C "$ROOT" install DESTDIR="$WORK/dest" PREFIX=/usr >/dev/null
    USR=$WORK/dest/usr
    export XDG_DATA_DIRS=$USR/share:/usr/share
    write_config <<'EOF'
[leash]
runtimes = docker podman podman-remote nerdctl lima

[agent.aider]
keys = OPENAI_API_KEY
images = *aider*
EOF
}

completes_leash() {
    tmux_complete 'leash ag' 'leash agents'
    tmux_complete 'leash --open ai' 'leash --open aider'
    tmux_complete 'leash --open aider --ru' 'leash --open aider --runtime'
    tmux_complete 'leash init fi' 'leash init fish'
    tmux_complete 'leash init fish --pa' 'leash init fish --path-shims'
    tmux_complete 'leash exec pod' 'leash exec podman'
    tmux_complete 'leash exec podman-' 'leash exec podman-remote'
    tmux_complete 'leash exec li' 'leash exec lima'
    tmux_complete 'leash hook st' 'leash hook status'
    tmux_complete 'leash exec docker pau' 'leash exec docker pause'
    tmux_complete 'leash explain --js' 'leash explain --json'
}

test_bash_completion() {
    installed_with_an_agent_of_our_own
    start_shell bash "source /usr/share/bash-completion/bash_completion
source '$USR/share/leash/leash.bash'"
    completes_leash
}

test_zsh_completion() {
    installed_with_an_agent_of_our_own
    start_shell zsh "fpath=('$USR/share/zsh/site-functions' /usr/share/zsh/vendor-completions \$fpath)
autoload -Uz compinit && compinit -u
source '$USR/share/leash/leash.zsh'"
    completes_leash
}

test_fish_completion() {
    installed_with_an_agent_of_our_own
    # An interactive fish with a fresh HOME would start generating completions from every man page in
    # the background, a process that outlives the test; an existing directory says it is done.
    mkdir -p "$HOME/.local/share/fish/generated_completions"
    start_shell fish "source '$USR/share/leash/leash.fish'"
    completes_leash
}
