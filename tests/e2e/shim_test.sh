# The LD_PRELOAD shim against real engines: a `docker run` / `podman run` started by a script, make, xargs,
# env, Python, Node, system() or popen() goes through the engine. The claude image's env must show only
# ANTHROPIC_API_KEY although the command names OPENAI_API_KEY too.

RUN_ARGS="run --rm --network none -e OPENAI_API_KEY -e ANTHROPIC_API_KEY"

# Every key set and the shim preloaded, as in a session that sourced leash's hook.
preload_shim() {
    set_keys
    export LD_PRELOAD="$ROOT/build/libleash.so"
}

# The last command went through the engine, which said what it withheld.
withheld() { expect_in "$WORK/err" "withheld OPENAI_API_KEY (-e)"; }

test_a_bash_script() {
    # shellcheck disable=SC2016 # the script's own "$1" and "$2"
    printf '#!/bin/bash\n"$1" %s "$2" env\n' "$RUN_ARGS" >script.sh
    chmod +x script.sh
    # The control: without the shim the same script hands the container both keys.
    set_keys
    expect_keys "ANTHROPIC_API_KEY OPENAI_API_KEY" ./script.sh docker "$CLAUDE"
    preload_shim
    for rt in docker podman; do
        expect_keys ANTHROPIC_API_KEY ./script.sh "$rt" "$CLAUDE"
        withheld
    done
}

test_make() {
    # shellcheck disable=SC2016 # make's variables
    printf 'all:\n\t$(RT) %s $(IMAGE) env\n' "$RUN_ARGS" >Makefile
    preload_shim
    for rt in docker podman; do
        expect_keys ANTHROPIC_API_KEY make -s RT="$rt" IMAGE="$CLAUDE"
        withheld
    done
}

test_xargs_and_env() {
    preload_shim
    for rt in docker podman; do
        # shellcheck disable=SC2086 # RUN_ARGS is words
        echo "$CLAUDE" | expect_keys ANTHROPIC_API_KEY xargs -I{} "$rt" $RUN_ARGS {} env
        withheld
        # shellcheck disable=SC2086
        expect_keys ANTHROPIC_API_KEY env FOO=1 "$rt" $RUN_ARGS "$CLAUDE" env
        withheld
    done
}

test_python_subprocess() {
    preload_shim
    for rt in docker podman; do
        expect_keys ANTHROPIC_API_KEY python3 -c 'import subprocess, sys
subprocess.run([sys.argv[1]] + sys.argv[2].split() + [sys.argv[3], "env"], check=True)' "$rt" "$RUN_ARGS" "$CLAUDE"
        withheld
        expect_keys ANTHROPIC_API_KEY python3 -c 'import subprocess, sys
subprocess.run(" ".join(sys.argv[1:]) + " env", shell=True, check=True)' "$rt" "$RUN_ARGS" "$CLAUDE"
        withheld
    done
}

test_node_child_process() {
    preload_shim
    for rt in docker podman; do
        expect_keys ANTHROPIC_API_KEY node -e 'const [rt, args, image] = process.argv.slice(1);
require("child_process").execFileSync(rt, [...args.split(" "), image, "env"], {stdio: "inherit"})' \
            "$rt" "$RUN_ARGS" "$CLAUDE"
        withheld
    done
}

test_system_and_popen_from_c() {
    cat >caller.c <<'EOF'
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
// caller system|popen COMMAND: runs COMMAND through /bin/sh and copies its output.
int main(int argc, char **argv) {
    if (argc != 3) return 2;
    if (!strcmp(argv[1], "system")) return system(argv[2]) == 0 ? 0 : 1;
    FILE *p = popen(argv[2], "r");
    char buf[4096];
    size_t n;
    while (p && (n = fread(buf, 1, sizeof buf, p)) > 0) fwrite(buf, 1, n, stdout);
    return p && pclose(p) == 0 ? 0 : 1;
}
EOF
    cc -o caller caller.c
    preload_shim
    for rt in docker podman; do
        expect_keys ANTHROPIC_API_KEY ./caller system "$rt $RUN_ARGS $CLAUDE env"
        withheld
        expect_keys ANTHROPIC_API_KEY ./caller popen "$rt $RUN_ARGS $CLAUDE env"
        withheld
    done
}

# A `docker` wrapper first in PATH that adds a flag and then execs the real docker is judged again: the
# runtime keeps the shim (the first version took it out of the runtime's environment, so what the wrapper
# added was never seen), and the decision is idempotent, so the second pass changes nothing else.
test_a_wrapper_that_adds_flags_is_judged_again() {
    preload_shim
    mkdir wrap
    for rt in docker podman; do
        # shellcheck disable=SC2016 # the wrapper's own "$sub" and "$@"
        printf '#!/bin/sh\nsub=$1\nshift\nexec %s "$sub" -e GITHUB_TOKEN=ghp_from_the_wrapper "$@"\n' \
            "$(command -v "$rt")" >"wrap/$rt"
        chmod +x "wrap/$rt"
        PATH="$PWD/wrap:$PATH" expect_keys ANTHROPIC_API_KEY "$LEASH" exec -- "$rt" $RUN_ARGS "$CLAUDE" env
        expect_in "$WORK/err" "withheld GITHUB_TOKEN (-e)"
    done
}
