# leash shell hook for fish. In ~/.config/fish/config.fish, either
#     leash init fish | source                   (add --path-shims for the PATH shims)
# or  source PREFIX/share/leash/leash.fish       (or shell/leash.fish in a built source tree)
#
# It defines a function per container runtime that hands the typed command to `leash exec`, puts the
# shim in LD_PRELOAD so that programs started from this shell are covered too, optionally puts the PATH
# shims first in PATH, and defines `leash on|off|status`. fish looks completions up by the command's
# name, so the runtime's own apply to its function as they are (and fish ignores a function's --wraps
# of its own name). Nothing else changes: no event handler, no prompt function, no abbreviation. A
# function or alias of yours named like a runtime is kept, reported once on stderr and listed in
# LEASH_HOOK_SKIPPED for `leash doctor`. Safe to source twice and in scripts; keeps $status. What to
# change is the binary's to say (`leash hook`, one call per on or off); this file is the glue.

set -l __leash_rc $status

# >>> leash paths: `leash init` prints this file with this block replaced by absolute paths.
# Found from this file's own place (symlinks resolved), so the hook never depends on PATH.
set -g __leash_exe (builtin realpath (status filename) | string replace -r '/[^/]*$' '')
if string match -q -- '*/share/leash' $__leash_exe # installed: PREFIX/share/leash
    set __leash_exe (string replace -r '/share/leash$' '' -- $__leash_exe)/bin/leash
else # the source tree's shell/, after make
    set __leash_exe (string replace -r '/[^/]*$' '' -- $__leash_exe)/build/leash
end
set -g __leash_path_shims
# <<< leash paths

function __leash_say
    printf 'leash: %s\n' "$argv" >&2
end

# NAME is free for us: no function (fish's aliases are functions) unless it is the one we define,
# which carries DESCRIPTION. So a function of the user's is never replaced or removed.
function __leash_free -a name description
    not functions -q -- $name; or contains -- $description (functions --details --verbose -- $name)
end

# A wrapper's description names leash's absolute path, which its body runs: PATH is never searched.
function __leash_description -a runtime
    echo "leash: $runtime through $__leash_exe"
end

function __leash_unwrap
    for rt in $__leash_wrapped
        __leash_free $rt (__leash_description $rt); and functions -e -- $rt
    end
    set -g __leash_wrapped
end

# __leash_wrap NOTE RUNTIME...: what `leash hook` has us run. Wraps each runtime whose name is free;
# NOTE (%s: the others) is said once.
function __leash_wrap -a note
    set -l skipped
    for rt in $argv[2..-1]
        set -l description (__leash_description $rt)
        if __leash_free $rt $description
            eval "function $rt --description "(string escape -- $description)"
command "(string escape -- $__leash_exe)" exec -- $rt \$argv
end"
            set -ga __leash_wrapped $rt
        else
            set -a skipped $rt
        end
    end
    if set -q skipped[1]
        set -gx LEASH_HOOK_SKIPPED "$skipped"
        test "$skipped" = "$__leash_said"; or __leash_say (printf $note "$skipped")
        set -g __leash_said "$skipped"
    else
        set -e LEASH_HOOK_SKIPPED
    end
end

# on or off: the binary prints fish's assignments from what this shell's hook added before.
function __leash_hook -a on_or_off
    __leash_unwrap
    if not test -x "$__leash_exe"
        __leash_say "$__leash_exe is missing: the hook is off"
        return 1
    end
    set -l path_shims
    test -n "$__leash_path_shims"; and set path_shims --path-shims
    command $__leash_exe hook fish $on_or_off --added "$__leash_added" --pid $fish_pid $path_shims | source
end

set -l __leash_description 'leash: on, off and status here; the rest to the leash binary'
if __leash_free leash $__leash_description
    function leash -d $__leash_description
        switch (count $argv):"$argv[1]"
            case 1:on 1:off
                __leash_hook $argv[1]
            case 1:status
                command $__leash_exe hook status --wrapped "$__leash_wrapped"
            case '*'
                command $__leash_exe $argv
        end
    end
else
    __leash_say "not defining leash: you have a function or alias of that name; use __leash_hook on|off"
end
set -q __leash_wrapped; or set -g __leash_wrapped
set -q __leash_added; or set -g __leash_added
__leash_hook on

# Sourcing keeps the caller's $status.
function __leash_return
    return $argv[1]
end
__leash_return $__leash_rc
