# leash shell hook for zsh. At the end of ~/.zshrc, either
#     eval "$(leash init zsh)"                   (add --path-shims for the PATH shims)
# or  source PREFIX/share/leash/leash.zsh        (or shell/leash.zsh in a built source tree)
#
# It defines a function per container runtime that hands the typed command to `leash exec`, puts the
# shim in LD_PRELOAD so that programs started from this shell are covered too, optionally puts the PATH
# shims first in PATH, and defines `leash on|off|status`. Nothing else changes: no precmd, no hook
# function, no alias. A function or alias of yours named like a runtime is kept, reported once on stderr
# and listed in LEASH_HOOK_SKIPPED for `leash doctor`. Safe to source twice, under set -eu, in scripts.
# Every function runs with zsh's default options (emulate -L), whatever the user's are.

typeset -g __leash_rc=$?

# >>> leash paths: `leash init` prints this file with this block replaced by absolute paths.
# Found from this file's own place (%x, symlinks resolved), so the hook never depends on PATH.
typeset -g __leash_dir=${${(%):-%x}:A:h}
if [[ $__leash_dir == */share/leash ]]; then # installed: PREFIX/share/leash
    __leash_dir=${__leash_dir%/share/leash}
    typeset -g __leash_exe=$__leash_dir/bin/leash
    typeset -g __leash_lib=$__leash_dir/lib/leash/libleash.so
    typeset -g __leash_shims=$__leash_dir/lib/leash/shims
else # the source tree's shell/, after make
    __leash_dir=${__leash_dir:h}/build
    typeset -g __leash_exe=$__leash_dir/leash
    typeset -g __leash_lib=$__leash_dir/libleash.so
    typeset -g __leash_shims=$__leash_dir/shims
fi
unset __leash_dir
typeset -g __leash_path_shims=
# <<< leash paths

__leash_say() { print -ru2 -- "leash: $*"; }

# NAME is free for us: no alias, and no function unless it is the one we define (its text contains
# MARK). So a function of the user's is never replaced or removed.
__leash_free() {
    emulate -L zsh
    (( ! $+aliases[$1] )) && { (( ! $+functions[$1] )) || [[ $functions[$1] == *"$2"* ]]; }
}

# Sets REPLY to the body of the wrapper for runtime $1: leash by its absolute path, so PATH is never
# searched.
__leash_mark() {
    emulate -L zsh
    REPLY="\\command ${(q)__leash_exe} exec -- $1 \"\$@\""
}

__leash_unwrap() {
    emulate -L zsh
    local rt REPLY
    for rt in $__leash_wrapped; do
        __leash_mark $rt
        ! __leash_free $rt $REPLY || unfunction $rt
    done
    typeset -ga __leash_wrapped=()
}

# LD_PRELOAD's entries are separated by spaces or colons (ld.so(8)); ours is added with the separator
# the user's value already uses, and only when no libleash.so is there yet (a nested shell).
__leash_preload_add() {
    emulate -L zsh
    local -a entries=(${(s: :)${LD_PRELOAD//:/ }})
    (( ! ${${entries:t}[(Ie)libleash.so]} )) || return 0
    if [[ ! -f $__leash_lib ]]; then
        __leash_say "no shim at $__leash_lib: programs started from this shell are not covered"
    elif [[ $__leash_lib == *[\ :]* ]]; then
        __leash_say "LD_PRELOAD cannot hold $__leash_lib (a space or colon):" \
            "programs started from this shell are not covered"
    elif [[ $LD_PRELOAD == *:* && $LD_PRELOAD != *' '* ]]; then
        export LD_PRELOAD=$LD_PRELOAD:$__leash_lib
        typeset -g __leash_added_preload=1
    else
        export LD_PRELOAD=${LD_PRELOAD:+$LD_PRELOAD }$__leash_lib
        typeset -g __leash_added_preload=1
    fi
}

# Only what this shell's hook added: a shim entry inherited or set by hand stays.
__leash_preload_remove() {
    emulate -L zsh
    [[ -n ${__leash_added_preload-} ]] || return 0
    unset __leash_added_preload
    local -a entries=(${(s: :)${LD_PRELOAD//:/ }})
    local -a kept=(${entries:#${(b)__leash_lib}})
    (( $#kept < $#entries )) || return 0
    local sep=' '
    [[ $LD_PRELOAD == *' '* || $LD_PRELOAD != *:* ]] || sep=:
    if (( $#kept )); then export LD_PRELOAD=${(pj:$sep:)kept}; else unset LD_PRELOAD; fi
}

__leash_path_remove() {
    emulate -L zsh
    [[ -n ${__leash_added_path-} ]] || return 0
    unset __leash_added_path
    path=("${(@)path:#${(b)__leash_shims}}")  # quoted: an empty entry (the current directory) stays
}

# Reads the configuration through the binary (runtimes, path_shims); on error the binary says why and
# the defaults apply.
__leash_on() {
    emulate -L zsh
    local line rt REPLY skipped= path_shims=$__leash_path_shims IFS=$' \t\n'
    local -a runtimes=(docker podman podman-remote nerdctl)
    if [[ ! -x $__leash_exe ]]; then
        __leash_say "$__leash_exe is missing: the hook is off"
        return 1
    fi
    for line in ${(f)"$(\command $__leash_exe init --settings)"}; do
        case $line in
        (runtimes*) runtimes=(${=line#runtimes}) ;;
        ('path_shims true') path_shims=1 ;;
        esac
    done
    __leash_unwrap
    for rt in $runtimes; do
        __leash_mark $rt
        if __leash_free $rt $REPLY; then
            eval "function $rt { $REPLY; }"
            __leash_wrapped+=($rt)
        else
            skipped+=${skipped:+ }$rt
        fi
    done
    __leash_preload_add
    # Once: not again when sourced twice, nor when PATH has them already (a parent shell's, or yours).
    if [[ -n $path_shims && -z ${__leash_added_path-} ]] && (( ! ${path[(Ie)$__leash_shims]} )); then
        if [[ -d $__leash_shims ]]; then
            path=($__leash_shims "$path[@]")
            typeset -g __leash_added_path=1
        else
            __leash_say "no PATH shims at $__leash_shims"
        fi
    fi
    export LEASH_HOOK=zsh
    if [[ -n $skipped ]]; then
        export LEASH_HOOK_SKIPPED=$skipped
        [[ $skipped == "$__leash_said" ]] ||
            __leash_say "not wrapping $skipped: you have a function or alias of that name (see leash doctor)"
        typeset -g __leash_said=$skipped
    else
        unset LEASH_HOOK_SKIPPED
    fi
}

__leash_off() {
    emulate -L zsh
    __leash_unwrap
    __leash_preload_remove
    __leash_path_remove
    unset LEASH_HOOK LEASH_HOOK_SKIPPED
    # The shim puts itself back into any environment a process it is loaded in passes without it.
    [[ $(</proc/$$/maps) != *libleash.so* ]] ||
        __leash_say "this shell itself runs with the shim (it was started below a hooked shell), so what it starts stays covered; a new terminal starts without leash"
}

# Exit status 0 when the hook is on, 1 when it is off.
__leash_status() {
    emulate -L zsh
    local -a entries=(${(s: :)${LD_PRELOAD//:/ }})
    local -a libs=(${(M)entries:#(*/|)libleash.so})
    if [[ -n $LEASH_HOOK ]]; then
        print -r -- "hook:       on ($LEASH_HOOK)"
    else
        print 'hook:       off'
    fi
    print -r -- "wrapped:    $__leash_wrapped"
    print -r -- "skipped:    $LEASH_HOOK_SKIPPED"
    print -r -- "LD_PRELOAD: ${libs[-1]:-none}"
    if (( $path[(Ie)$__leash_shims] )); then
        print -r -- "PATH shims: $__leash_shims"
    else
        print 'PATH shims: off'
    fi
    [[ -n $LEASH_HOOK ]]
}

if __leash_free leash '"__leash_$1"'; then
    function leash {
        case $#:${1-} in
        (1:on | 1:off | 1:status) "__leash_$1" ;;
        (*) \command "$__leash_exe" "$@" ;;
        esac
    }
else
    __leash_say "not defining leash: you have a function or alias of that name; use __leash_on, __leash_off"
fi
typeset -ga __leash_wrapped
__leash_on || true

# Sourcing keeps the caller's $?, except under set -e, where a failed `a && b` before the source would
# then stop the shell.
__leash_return() {
    unset __leash_rc
    [[ -o errexit ]] || return $1
}
__leash_return $__leash_rc
