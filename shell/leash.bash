# leash shell hook for bash. At the end of ~/.bashrc, either
#     eval "$(leash init bash)"                  (add --path-shims for the PATH shims)
# or  source PREFIX/share/leash/leash.bash       (or shell/leash.bash in a built source tree)
#
# It defines a function per container runtime that hands the typed command to `leash exec`, puts the
# shim in LD_PRELOAD so that programs started from this shell are covered too, optionally puts the PATH
# shims first in PATH, and defines `leash on|off|status`. Nothing else changes: no prompt hook, no trap,
# no alias. A function or alias of yours named like a runtime is kept, reported once on stderr and
# listed in LEASH_HOOK_SKIPPED for `leash doctor`. Safe to source twice, under set -eu, in scripts.

__leash_rc=$?

# >>> leash paths: `leash init` prints this file with this block replaced by absolute paths.
# Found from this file's own place, so the hook never depends on PATH.
__leash_dir=${BASH_SOURCE[0]%/*}
[[ $__leash_dir != "${BASH_SOURCE[0]}" ]] || __leash_dir=.
__leash_dir=$(CDPATH='' builtin cd -P -- "$__leash_dir" && builtin pwd)
if [[ $__leash_dir == */share/leash ]]; then # installed: PREFIX/share/leash
    __leash_dir=${__leash_dir%/share/leash}
    __leash_exe=$__leash_dir/bin/leash
    __leash_lib=$__leash_dir/lib/leash/libleash.so
    __leash_shims=$__leash_dir/lib/leash/shims
else # the source tree's shell/, after make
    __leash_dir=${__leash_dir%/*}/build
    __leash_exe=$__leash_dir/leash
    __leash_lib=$__leash_dir/libleash.so
    __leash_shims=$__leash_dir/shims
fi
unset __leash_dir
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

# LD_PRELOAD's entries are separated by spaces or colons (ld.so(8)); ours is added with the separator
# the user's value already uses, and only when no libleash.so is there yet (a nested shell).
__leash_preload_add() {
    local IFS=' :' entry entries
    read -ra entries <<<"${LD_PRELOAD-}"
    for entry in "${entries[@]}"; do
        [[ ${entry##*/} != libleash.so ]] || return 0
    done
    if [[ ! -f $__leash_lib ]]; then
        __leash_say "no shim at $__leash_lib: programs started from this shell are not covered"
    elif [[ $__leash_lib == *[\ :]* ]]; then
        __leash_say "LD_PRELOAD cannot hold $__leash_lib (a space or colon):" \
            "programs started from this shell are not covered"
    elif [[ ${LD_PRELOAD-} == *:* && ${LD_PRELOAD-} != *' '* ]]; then
        export LD_PRELOAD=$LD_PRELOAD:$__leash_lib
        __leash_added_preload=1
    else
        export LD_PRELOAD=${LD_PRELOAD:+$LD_PRELOAD }$__leash_lib
        __leash_added_preload=1
    fi
}

# Only what this shell's hook added: a shim entry inherited or set by hand stays.
__leash_preload_remove() {
    [[ -n ${__leash_added_preload-} ]] || return 0
    unset __leash_added_preload
    local IFS=' :' entry entries kept=()
    read -ra entries <<<"${LD_PRELOAD-}"
    for entry in "${entries[@]}"; do
        [[ $entry == "$__leash_lib" ]] || kept+=("$entry")
    done
    ((${#kept[@]} < ${#entries[@]})) || return 0
    IFS=' '
    [[ $LD_PRELOAD == *' '* || $LD_PRELOAD != *:* ]] || IFS=:
    if ((${#kept[@]})); then export LD_PRELOAD="${kept[*]}"; else unset LD_PRELOAD; fi
}

__leash_path_remove() {
    [[ -n ${__leash_added_path-} ]] || return 0
    unset __leash_added_path
    local path=:${PATH-}:
    while [[ $path == *":$__leash_shims:"* ]]; do path=${path/":$__leash_shims:"/:}; done
    path=${path#:}
    PATH=${path%:}
}

# Reads the configuration through the binary (runtimes, path_shims); on error the binary says why and
# the defaults apply.
__leash_on() {
    local key value rt mark skipped='' path_shims=$__leash_path_shims IFS=$' \t\n'
    local runtimes='docker podman podman-remote nerdctl'
    if [[ ! -x $__leash_exe ]]; then
        __leash_say "$__leash_exe is missing: the hook is off"
        return 1
    fi
    while read -r key value; do
        case $key in
        runtimes) runtimes=$value ;;
        path_shims) [[ $value != true ]] || path_shims=1 ;;
        esac
    done < <(\command "$__leash_exe" init --settings)
    __leash_unwrap
    for rt in $runtimes; do
        __leash_mark mark "$rt"
        if __leash_free "$rt" "$mark"; then
            eval "function $rt { $mark; }"
            __leash_wrapped+=${__leash_wrapped:+ }$rt
        else
            skipped+=${skipped:+ }$rt
        fi
    done
    __leash_preload_add
    # Once: not again when sourced twice, nor when PATH has them already (a parent shell's, or yours).
    if [[ -n $path_shims && -z ${__leash_added_path-} && :${PATH-}: != *":$__leash_shims:"* ]]; then
        if [[ -d $__leash_shims ]]; then
            export PATH=$__leash_shims${PATH:+:$PATH}
            __leash_added_path=1
        else
            __leash_say "no PATH shims at $__leash_shims"
        fi
    fi
    export LEASH_HOOK=bash
    if [[ -n $skipped ]]; then
        export LEASH_HOOK_SKIPPED=$skipped
        [[ $skipped == "${__leash_said-}" ]] ||
            __leash_say "not wrapping $skipped: you have a function or alias of that name (see leash doctor)"
        __leash_said=$skipped
    else
        unset LEASH_HOOK_SKIPPED
    fi
}

__leash_off() {
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
    local lib=none entry entries IFS=' :'
    read -ra entries <<<"${LD_PRELOAD-}"
    for entry in "${entries[@]}"; do [[ ${entry##*/} != libleash.so ]] || lib=$entry; done
    IFS=' '
    if [[ -n ${LEASH_HOOK-} ]]; then
        printf 'hook:       on (%s)\n' "$LEASH_HOOK"
    else
        echo 'hook:       off'
    fi
    printf 'wrapped:    %s\n' "${__leash_wrapped-}"
    printf 'skipped:    %s\n' "${LEASH_HOOK_SKIPPED-}"
    printf 'LD_PRELOAD: %s\n' "$lib"
    if [[ :${PATH-}: == *":$__leash_shims:"* ]]; then
        printf 'PATH shims: %s\n' "$__leash_shims"
    else
        echo 'PATH shims: off'
    fi
    [[ -n ${LEASH_HOOK-} ]]
}

if __leash_free leash "\"__leash_\$1\""; then
    function leash {
        case $#:${1-} in
        1:on | 1:off | 1:status) "__leash_$1" ;;
        *) \command "$__leash_exe" "$@" ;;
        esac
    }
else
    __leash_say "not defining leash: you have a function or alias of that name; use __leash_on, __leash_off"
fi
__leash_on || true

# Sourcing keeps the caller's $?, except under set -e, where a failed `a && b` before the source would
# then stop the shell.
__leash_return() {
    unset __leash_rc
    [[ $- == *e* ]] || return "$1"
}
__leash_return "$__leash_rc"
