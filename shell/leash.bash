# leash shell hook for bash. At the end of ~/.bashrc, either
#     eval "$(leash init bash)"                  (add --path-shims for the PATH shims)
# or  source PREFIX/share/leash/leash.bash       (or shell/leash.bash in a built source tree)
#
# It defines a function per container runtime that hands the typed command to `leash exec`, puts the
# shim in LD_PRELOAD so that programs started from this shell are covered too, optionally puts the PATH
# shims first in PATH, and defines `leash on|off|status`. Nothing else changes: no prompt hook, no trap,
# no alias. A function or alias of yours named like a runtime is kept, reported once on stderr and
# listed in LEASH_HOOK_SKIPPED for `leash doctor`. Safe to source twice, under set -eu, in scripts.
# What to change is the binary's to say (`leash hook`, one call per on or off); this file is the glue.

__leash_rc=$?

# >>> leash paths: `leash init` prints this file with this block replaced by absolute paths.
# Found from this file's own place, so the hook never depends on PATH.
__leash_exe=${BASH_SOURCE[0]%/*}
[[ $__leash_exe != "${BASH_SOURCE[0]}" ]] || __leash_exe=.
__leash_exe=$(CDPATH='' builtin cd -P -- "$__leash_exe" && builtin pwd)
if [[ $__leash_exe == */share/leash ]]; then # installed: PREFIX/share/leash
    __leash_exe=${__leash_exe%/share/leash}/bin/leash
else # the source tree's shell/, after make
    __leash_exe=${__leash_exe%/*}/build/leash
fi
__leash_path_shims=
# <<< leash paths

__leash_say() { printf 'leash: %s\n' "$*" >&2; }

# NAME is free for us: no alias, and no function unless it is the one we define (its text contains
# MARK). So a function of the user's is never replaced or removed.
__leash_free() {
    ! alias "$1" &>/dev/null && { ! declare -F "$1" >/dev/null || [[ $(declare -f "$1") == *"$2"* ]]; }
}

# Sets VAR to the body of the wrapper for runtime RT: leash by its absolute path, so PATH is never
# searched.
__leash_mark() {
    local exe
    printf -v exe %q "$__leash_exe"
    printf -v "$1" '\\command %s exec -- %s "$@"' "$exe" "$2"
}

__leash_unwrap() {
    local rt mark IFS=$' \t\n'
    for rt in ${__leash_wrapped-}; do
        __leash_mark mark "$rt"
        ! __leash_free "$rt" "$mark" || unset -f "$rt"
    done
    __leash_wrapped=
}

# __leash_wrap NOTE RUNTIME...: what `leash hook` has us run. Wraps each runtime whose name is free;
# NOTE (%s: the others) is said once.
__leash_wrap() {
    local note=$1 rt mark skipped=
    shift
    for rt; do
        __leash_mark mark "$rt"
        if __leash_free "$rt" "$mark"; then
            eval "function $rt { $mark; }"
            __leash_wrapped+=${__leash_wrapped:+ }$rt
        else
            skipped+=${skipped:+ }$rt
        fi
    done
    if [[ -n $skipped ]]; then
        export LEASH_HOOK_SKIPPED=$skipped
        # shellcheck disable=SC2059 # the binary's note is the format
        printf -v note -- "$note" "$skipped"
        [[ $skipped == "${__leash_said-}" ]] || __leash_say "$note"
        __leash_said=$skipped
    else
        unset LEASH_HOOK_SKIPPED
    fi
}

# on or off: the binary prints bash's assignments from what this shell's hook added before.
__leash_hook() {
    __leash_unwrap
    if [[ ! -x $__leash_exe ]]; then
        __leash_say "$__leash_exe is missing: the hook is off"
        return 1
    fi
    eval "$(\command "$__leash_exe" hook bash "$1" --added "${__leash_added-}" --pid $$ ${__leash_path_shims:+--path-shims})"
}

if __leash_free leash "__leash_hook \"\$1\""; then
    function leash {
        case $#:${1-} in
        1:on | 1:off) __leash_hook "$1" ;;
        1:status) \command "$__leash_exe" hook status --wrapped "${__leash_wrapped-}" ;;
        *) \command "$__leash_exe" "$@" ;;
        esac
    }
else
    __leash_say "not defining leash: you have a function or alias of that name; use __leash_hook on|off"
fi
__leash_hook on || true

# Sourcing keeps the caller's $?, except under set -e, where a failed `a && b` before the source would
# then stop the shell.
__leash_return() {
    unset __leash_rc
    [[ $- == *e* ]] || return "$1"
}
__leash_return "$__leash_rc"
