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
# LEASH_HOOK_SKIPPED for `leash doctor`. Safe to source twice and in scripts; keeps $status.

set -l __leash_rc $status

# >>> leash paths: `leash init` prints this file with this block replaced by absolute paths.
# Found from this file's own place (symlinks resolved), so the hook never depends on PATH.
set -l __leash_dir (builtin realpath (status filename) | string replace -r '/[^/]*$' '')
if string match -q -- '*/share/leash' $__leash_dir # installed: PREFIX/share/leash
    set __leash_dir (string replace -r '/share/leash$' '' -- $__leash_dir)
    set -g __leash_exe $__leash_dir/bin/leash
    set -g __leash_lib $__leash_dir/lib/leash/libleash.so
    set -g __leash_shims $__leash_dir/lib/leash/shims
else # the source tree's shell/, after make
    set __leash_dir (string replace -r '/[^/]*$' '' -- $__leash_dir)/build
    set -g __leash_exe $__leash_dir/leash
    set -g __leash_lib $__leash_dir/libleash.so
    set -g __leash_shims $__leash_dir/shims
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

# LD_PRELOAD's entries are separated by spaces or colons (ld.so(8)).
function __leash_preload_entries
    string match -ar -- '[^ :]+' "$LD_PRELOAD"
end

# Ours is added with the separator the user's value already uses, and only when no libleash.so is
# there yet (a nested shell).
function __leash_preload_add
    for entry in (__leash_preload_entries)
        test (string replace -r '.*/' '' -- $entry) = libleash.so; and return 0
    end
    if not test -f $__leash_lib
        __leash_say "no shim at $__leash_lib: programs started from this shell are not covered"
    else if string match -qr -- '[ :]' $__leash_lib
        __leash_say "LD_PRELOAD cannot hold $__leash_lib (a space or colon):" \
            "programs started from this shell are not covered"
    else if string match -q -- '*:*' "$LD_PRELOAD"; and not string match -q -- '* *' "$LD_PRELOAD"
        set -gx LD_PRELOAD $LD_PRELOAD:$__leash_lib
        set -g __leash_added_preload 1
    else if test -n "$LD_PRELOAD"
        set -gx LD_PRELOAD "$LD_PRELOAD $__leash_lib"
        set -g __leash_added_preload 1
    else
        set -gx LD_PRELOAD $__leash_lib
        set -g __leash_added_preload 1
    end
end

# Only what this shell's hook added: a shim entry inherited or set by hand stays.
function __leash_preload_remove
    set -q __leash_added_preload; or return 0
    set -e __leash_added_preload
    set -l entries (__leash_preload_entries)
    set -l kept
    for entry in $entries
        test "$entry" = "$__leash_lib"; or set -a kept $entry
    end
    test (count $kept) -lt (count $entries); or return 0
    set -l sep ' '
    string match -q -- '* *' "$LD_PRELOAD"; or not string match -q -- '*:*' "$LD_PRELOAD"; or set sep :
    if set -q kept[1]
        set -gx LD_PRELOAD (string join -- $sep $kept)
    else
        set -e LD_PRELOAD
    end
end

function __leash_path_remove
    set -q __leash_added_path; or return 0
    set -e __leash_added_path
    set -l kept
    for dir in $PATH
        test "$dir" = "$__leash_shims"; or set -a kept $dir
    end
    set -gx PATH $kept
end

# Reads the configuration through the binary (runtimes, path_shims); on error the binary says why and
# the defaults apply.
function __leash_on
    if not test -x "$__leash_exe"
        __leash_say "$__leash_exe is missing: the hook is off"
        return 1
    end
    set -l runtimes docker podman podman-remote nerdctl
    set -l path_shims $__leash_path_shims
    for line in (command $__leash_exe init --settings)
        set -l words (string split ' ' -- $line)
        switch $words[1]
            case runtimes
                set runtimes $words[2..-1]
            case path_shims
                test "$words[2]" = true; and set path_shims 1
        end
    end
    __leash_unwrap
    set -l skipped
    for rt in $runtimes
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
    __leash_preload_add
    # Once: not again when sourced twice, nor when PATH has them already (a parent shell's, or yours).
    if test -n "$path_shims"; and not set -q __leash_added_path; and not contains -- $__leash_shims $PATH
        if test -d $__leash_shims
            set -gx PATH $__leash_shims $PATH
            set -g __leash_added_path 1
        else
            __leash_say "no PATH shims at $__leash_shims"
        end
    end
    set -gx LEASH_HOOK fish
    if set -q skipped[1]
        set -gx LEASH_HOOK_SKIPPED "$skipped"
        test "$skipped" = "$__leash_said"
        or __leash_say "not wrapping $skipped: you have a function or alias of that name (see leash doctor)"
        set -g __leash_said "$skipped"
    else
        set -e LEASH_HOOK_SKIPPED
    end
    return 0
end

function __leash_off
    __leash_unwrap
    __leash_preload_remove
    __leash_path_remove
    set -e LEASH_HOOK LEASH_HOOK_SKIPPED
    # The shim puts itself back into any environment a process it is loaded in passes without it.
    if string match -q -- '*libleash.so*' </proc/$fish_pid/maps
        __leash_say "this shell itself runs with the shim (it was started below a hooked shell), so what it starts stays covered; a new terminal starts without leash"
    end
    return 0
end

# Exit status 0 when the hook is on, 1 when it is off.
function __leash_status
    set -l lib none
    for entry in (__leash_preload_entries)
        test (string replace -r '.*/' '' -- $entry) = libleash.so; and set lib $entry
    end
    if set -q LEASH_HOOK
        echo "hook:       on ($LEASH_HOOK)"
    else
        echo 'hook:       off'
    end
    echo "wrapped:    $__leash_wrapped"
    echo "skipped:    $LEASH_HOOK_SKIPPED"
    echo "LD_PRELOAD: $lib"
    if contains -- $__leash_shims $PATH
        echo "PATH shims: $__leash_shims"
    else
        echo 'PATH shims: off'
    end
    set -q LEASH_HOOK
end

set -l __leash_description 'leash: on, off and status here; the rest to the leash binary'
if __leash_free leash $__leash_description
    function leash -d $__leash_description
        if test (count $argv) -eq 1; and contains -- $argv[1] on off status
            __leash_$argv[1]
        else
            command $__leash_exe $argv
        end
    end
else
    __leash_say "not defining leash: you have a function or alias of that name; use __leash_on, __leash_off"
end
set -q __leash_wrapped; or set -g __leash_wrapped
__leash_on

# Sourcing keeps the caller's $status.
function __leash_return
    return $argv[1]
end
__leash_return $__leash_rc
