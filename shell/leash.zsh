# leash shell hook for zsh. At the end of ~/.zshrc, either
#     eval "$(leash init zsh)"                   (add --path-shims for the PATH shims)
# or  source PREFIX/share/leash/leash.zsh        (or shell/leash.zsh in a built source tree)
#
# It defines a function per container runtime that hands the typed command to `leash exec`, puts the
# shim in LD_PRELOAD so that programs started from this shell are covered too, optionally puts the PATH
# shims first in PATH, and defines `leash on|off|status`. Nothing else changes: no precmd, no hook
# function, no alias. A function or alias of yours named like a runtime is kept, reported once on stderr
# and listed in LEASH_HOOK_SKIPPED for `leash doctor`. Safe to source twice, under set -eu, in scripts.
# Every function runs with zsh's default options (emulate -L), whatever the user's are. What to change is
# the binary's to say (`leash hook`, one call per on or off); this file is the glue.

typeset -g __leash_rc=$?

# >>> leash paths: `leash init` prints this file with this block replaced by absolute paths.
# Found from this file's own place (%x, symlinks resolved), so the hook never depends on PATH.
typeset -g __leash_exe=${${(%):-%x}:A:h}
if [[ $__leash_exe == */share/leash ]]; then # installed: PREFIX/share/leash
    __leash_exe=${__leash_exe%/share/leash}/bin/leash
else # the source tree's shell/, after make
    __leash_exe=${__leash_exe:h}/build/leash
fi
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

# __leash_wrap NOTE RUNTIME...: what `leash hook` has us run. Wraps each runtime whose name is free;
# NOTE (%s: the others) is said once.
__leash_wrap() {
    emulate -L zsh
    local note=$1 rt REPLY skipped=
    shift
    for rt; do
        __leash_mark $rt
        if __leash_free $rt $REPLY; then
            eval "function $rt { $REPLY; }"
            __leash_wrapped+=($rt)
        else
            skipped+=${skipped:+ }$rt
        fi
    done
    if [[ -n $skipped ]]; then
        export LEASH_HOOK_SKIPPED=$skipped
        printf -v note -- $note $skipped
        [[ $skipped == "$__leash_said" ]] || __leash_say $note
        typeset -g __leash_said=$skipped
    else
        unset LEASH_HOOK_SKIPPED
    fi
}

# on or off: the binary prints zsh's assignments from what this shell's hook added before.
__leash_hook() {
    emulate -L zsh
    __leash_unwrap
    if [[ ! -x $__leash_exe ]]; then
        __leash_say "$__leash_exe is missing: the hook is off"
        return 1
    fi
    eval "$(\command $__leash_exe hook zsh $1 --added "$__leash_added" --pid $$ ${__leash_path_shims:+--path-shims})"
}

if __leash_free leash '__leash_hook "$1"'; then
    function leash {
        case $#:${1-} in
        (1:on | 1:off) __leash_hook "$1" ;;
        (1:status) \command "$__leash_exe" hook status --wrapped "$__leash_wrapped" ;;
        (*) \command "$__leash_exe" "$@" ;;
        esac
    }
else
    __leash_say "not defining leash: you have a function or alias of that name; use __leash_hook on|off"
fi
typeset -ga __leash_wrapped
typeset -g __leash_added
__leash_hook on || true

# Sourcing keeps the caller's $?, except under set -e, where a failed `a && b` before the source would
# then stop the shell.
__leash_return() {
    unset __leash_rc
    [[ -o errexit ]] || return $1
}
__leash_return $__leash_rc
