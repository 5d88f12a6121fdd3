#!/bin/sh
# unhooked.sh WHAT: fails, saying so, when it runs with leash's shim loaded, as every program started from
# a shell with leash's hook does: the shim puts itself back into whatever such a program starts (`env -i`
# and `unset LD_PRELOAD` included), so WHAT, which needs runs without the shim, cannot have them there.
if grep -qs '/libleash\.so$' "/proc/$$/maps"; then
    echo "$1: leash's shim is loaded here (a shell with leash's hook started this): run \`leash off\` first" >&2
    exit 1
fi
