# fish completion for leash(1); fish loads it from PREFIX/share/fish/vendor_completions.d.

# The agents of the configuration in force, from the first column of `leash agents`.
function __leash_agents
    leash agents 2>/dev/null | string match -rv '^AGENT ' | string replace -r '\s.*' ''
end

# The runtimes of the configuration in force, as `leash init --settings` names them.
function __leash_runtimes
    leash init --settings 2>/dev/null | string replace -rf '^runtimes ' '' | string split ' '
end

# The words after `leash exec` or `leash explain` and their own options: RUNTIME ARGS...
function __leash_runtime_words
    set -l tokens (commandline -opc)
    set -e tokens[1..2]
    while set -q tokens[1]; and contains -- $tokens[1] -- --json
        set -e tokens[1]
    end
    string escape -- $tokens
end

# There: the runtime, then the runtime's own completions.
function __leash_runtime_args
    set -l words (__leash_runtime_words)
    if set -q words[1]
        complete -C (string join ' ' -- $words (commandline -ct))
    else
        __leash_runtimes
    end
end

set -l commands open exec explain agents doctor init hook on off status
complete -c leash -f
complete -c leash -n "not __fish_seen_subcommand_from $commands" -l open -x -a '(__leash_agents)' \
    -d "Start an agent's container with its key only"
complete -c leash -n "not __fish_seen_subcommand_from $commands" -l version -d 'Print the version'
complete -c leash -n "not __fish_seen_subcommand_from $commands" -l help -d 'Print the help'
complete -c leash -n __fish_use_subcommand -a open -d "Start an agent's container with its key only"
complete -c leash -n __fish_use_subcommand -a exec -d 'Run a docker, podman or nerdctl command through the engine'
complete -c leash -n __fish_use_subcommand -a explain -d 'Show what the engine would do, and run nothing'
complete -c leash -n __fish_use_subcommand -a agents -d 'List the agents, their keys and images'
complete -c leash -n __fish_use_subcommand -a doctor -d 'Check the set-up'
complete -c leash -n __fish_use_subcommand -a init -d 'Print the shell hook'
complete -c leash -n __fish_use_subcommand -a hook -d "The shell hook's own call, which on, off and status make"
complete -c leash -n __fish_use_subcommand -a on -d 'Turn the shell hook on again'
complete -c leash -n __fish_use_subcommand -a off -d 'Undo what the shell hook did in this shell'
complete -c leash -n __fish_use_subcommand -a status -d 'Say whether the shell hook is in force'

complete -c leash -n '__fish_seen_subcommand_from open; and test (count (commandline -opc)) -eq 2' \
    -a '(__leash_agents)'
complete -c leash -n '__fish_seen_subcommand_from open; or __fish_seen_argument -l open' -l runtime -x \
    -a 'docker podman' -d 'The runtime to use'
complete -c leash -n '__fish_seen_subcommand_from open; or __fish_seen_argument -l open' -l image -x \
    -d 'Run another image as this agent'
complete -c leash -n '__fish_seen_subcommand_from open; or __fish_seen_argument -l open' -l dry-run \
    -d 'Print the command and run nothing'
complete -c leash -n '__fish_seen_subcommand_from exec explain' -a '(__leash_runtime_args)'
complete -c leash -n '__fish_seen_subcommand_from agents' -l json -d 'Print the agents as JSON'
complete -c leash -n '__fish_seen_subcommand_from explain; and test (count (__leash_runtime_words)) -eq 0' \
    -l json -d 'Print the decision as JSON'
complete -c leash -n '__fish_seen_subcommand_from init; and test (count (commandline -opc)) -eq 2' \
    -a 'bash zsh fish'
complete -c leash -n '__fish_seen_subcommand_from init' -l path-shims -d 'Also put the PATH shims first in PATH'
complete -c leash -n '__fish_seen_subcommand_from hook; and test (count (commandline -opc)) -eq 2' \
    -a 'bash zsh fish status'
complete -c leash -n '__fish_seen_subcommand_from hook; and __fish_seen_subcommand_from bash zsh fish; and test (count (commandline -opc)) -eq 3' \
    -a 'on off'
