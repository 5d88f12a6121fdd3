# bash completion for leash(1); bash-completion loads it from
# PREFIX/share/bash-completion/completions/leash on the first Tab after `leash`.

# The agents of the configuration in force, from the first column of `leash agents`.
_leash_agents() {
    "$1" agents 2>/dev/null | awk 'NR > 1 { print $1 }'
}

# The runtimes of the configuration in force, as `leash init --settings` names them.
_leash_runtimes() {
    "$1" init --settings 2>/dev/null | sed -n 's/^runtimes //p'
}

_leash() {
    local cur prev words cword
    _init_completion || return

    if ((cword == 1)); then
        mapfile -t COMPREPLY < <(compgen -W '--open open exec explain agents doctor init hook on off status
            --version --help' -- "$cur")
        return
    fi

    local i
    case ${words[1]} in
    --open | open)
        case $prev in
        --runtime) mapfile -t COMPREPLY < <(compgen -W 'docker podman' -- "$cur") ;;
        --image) ;;
        *)
            # One agent, then options; past `--` the words are the agent's own arguments.
            local agent=
            for ((i = 2; i < cword; i++)); do
                case ${words[i]} in
                --) return ;;
                --runtime | --image) ((i++)) ;;
                -*) ;;
                *) agent=${words[i]} ;;
                esac
            done
            if [[ $cur == -* || -n $agent ]]; then
                mapfile -t COMPREPLY < <(compgen -W '--runtime --image --dry-run --' -- "$cur")
            else
                mapfile -t COMPREPLY < <(compgen -W "$(_leash_agents "${words[0]}")" -- "$cur")
            fi
            ;;
        esac
        ;;
    exec | explain)
        # leash's own options, then RUNTIME ARGS... completed as the runtime's own command line.
        for ((i = 2; i < cword; i++)); do
            case ${words[i]} in
            -- | --json) ;;
            *)
                _command_offset "$i"
                return
                ;;
            esac
        done
        local opts
        opts="-- $(_leash_runtimes "${words[0]}")"
        [[ ${words[1]} != explain ]] || opts="--json $opts"
        mapfile -t COMPREPLY < <(compgen -W "$opts" -- "$cur")
        ;;
    agents) ((cword > 2)) || mapfile -t COMPREPLY < <(compgen -W '--json' -- "$cur") ;;
    init)
        if ((cword == 2)); then
            mapfile -t COMPREPLY < <(compgen -W 'bash zsh fish' -- "$cur")
        elif ((cword == 3)); then
            mapfile -t COMPREPLY < <(compgen -W '--path-shims' -- "$cur")
        fi
        ;;
    hook)
        if ((cword == 2)); then
            mapfile -t COMPREPLY < <(compgen -W 'bash zsh fish status' -- "$cur")
        elif ((cword == 3)) && [[ ${words[2]} != status ]]; then
            mapfile -t COMPREPLY < <(compgen -W 'on off' -- "$cur")
        else
            mapfile -t COMPREPLY < <(compgen -W '--path-shims --added --pid --wrapped' -- "$cur")
        fi
        ;;
    esac
}
complete -F _leash leash
