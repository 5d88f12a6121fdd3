# shellcheck disable=SC2016 # the code strings are for the shells under test to expand
# Interactive shells driven through tmux, without an engine: completion still applies to the wrapped
# runtimes, and a nested interactive shell keeps one shim in LD_PRELOAD.

# bash looks completion up by the command's name, so what was registered for docker (here, a function
# of the user's, before or after the hook) applies to the wrapper function too.
test_bash_completion_registered_for_docker_applies_to_the_wrapper() {
    start_shell bash "_t_docker() { COMPREPLY=(\$(compgen -W 'run ps' -- \"\${COMP_WORDS[COMP_CWORD]}\")); }
complete -F _t_docker docker
$(source_hook bash)
complete -F _t_docker podman"
    tmux_type 'type -t docker podman'
    [ "$(cat "$WORK/screen")" = "function
function" ] || fail "not wrapped: $(cat "$WORK/screen")"
    tmux_complete 'docker ru' 'docker run'
    tmux_complete 'podman p' 'podman ps'
}

# zsh's own completion for docker (compinit, _docker) applies to the wrapper function.
test_zsh_completion_for_docker_applies_to_the_wrapper() {
    start_shell zsh "autoload -Uz compinit && compinit -u -d $WORK/zcompdump
$(init_hook zsh)"
    tmux_type 'whence -w docker'
    [ "$(cat "$WORK/screen")" = "docker: function" ] || fail "not wrapped: $(cat "$WORK/screen")"
    tmux_complete 'docker ru' 'docker run'
}

# fish looks completions up by the command's name too.
test_fish_completion_for_docker_applies_to_the_wrapper() {
    start_shell fish "complete -c docker -x -a 'run ps'
$(init_hook fish)"
    tmux_type 'type -t docker'
    [ "$(cat "$WORK/screen")" = "function" ] || fail "not wrapped: $(cat "$WORK/screen")"
    tmux_complete 'docker ru' 'docker run'
}

test_a_nested_interactive_bash_has_the_shim_once() {
    start_shell bash "$(source_hook bash)"
    tmux_type "bash --noprofile --rcfile $WORK/rc-bash/bashrc -i"
    tmux_type 'echo "$SHLVL $LD_PRELOAD"'
    [ "$(cat "$WORK/screen")" = "3 $ROOT/build/libleash.so" ] || fail "nested: $(cat "$WORK/screen")"
}
