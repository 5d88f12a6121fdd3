# The masking plan on real runtimes: a container of claude's with the home, a project, or a store
# mounted, and leash's masks (the flags `mount-dump masks` writes from the plan) added on the command line. The
# oracle is `cat` in the container: another agent's login, ~/.aws, ~/.netrc and the project .env's
# other keys are gone, claude's own login is there, and writes to leash's config and ~/.bashrc fail,
# leaving the host's files as they were. docker and podman both mount over a path inside a bind mount.

# A home with a store of each kind, a project with a .env, and the placeholders.
make_home() {
    mkdir -p "$HOME/.aws" "$HOME/.codex" "$HOME/.claude" "$HOME/.config/leash" "$HOME/proj" placeholders/dir
    echo aws-secret >"$HOME/.aws/credentials"
    echo codex-secret >"$HOME/.codex/auth.json"
    echo claude-own >"$HOME/.claude/.credentials.json"
    echo netrc-secret >"$HOME/.netrc"
    echo "# leash-config" >"$HOME/.config/leash/config.ini"  # a config.ini leash reads
    echo bashrc >"$HOME/.bashrc"
    printf 'OPENAI_API_KEY=sk-proj-secret\nPORT=8080\n' >"$HOME/proj/.env"
    printf 'PORT=8080\n' >placeholders/env-copy
    : >placeholders/file
    chmod 444 placeholders/file placeholders/env-copy
    chmod 555 placeholders/dir
}

# mask_flags RUNTIME FLAG VALUE...: the masks of claude's container with those mounts, a word per line.
mask_flags() {
    local rt=$1
    shift
    "$ROOT/build/tests/mount-dump" masks "$rt" claude "$PWD/placeholders/file" "$PWD/placeholders/dir" \
        --store "$HOME/.aws" --store "$HOME/.netrc" --store "$HOME/.codex=codex" --store "$HOME/.claude=claude" \
        --protect "$HOME/.config/leash" --protect "$HOME/.bashrc" --env-file "$HOME/proj/.env=$PWD/placeholders/env-copy" \
        -- "$@"
}

test_masks_hide_other_stores_in_a_home_mount() {
    make_home
    local rt out order
    local -a masks args
    for rt in docker podman; do
        mapfile -t masks < <(mask_flags "$rt" -v "$HOME:/h")
        [ "${#masks[@]}" -eq 12 ] || fail "$rt: masks [${masks[*]}]"  # .aws .codex .netrc .env, leash, .bashrc
        # The masks after the mount they go into, and (on the second round) before it: the runtimes
        # order mounts by their targets.
        for order in after before; do
            if [ $order = after ]; then args=(-v "$HOME:/h" "${masks[@]}"); else args=("${masks[@]}" -v "$HOME:/h"); fi
            out=$("$rt" run --rm --network none "${args[@]}" "$PLAIN" sh -c '
                cat /h/.aws/credentials /h/.codex/auth.json /h/.netrc /h/.claude/.credentials.json /h/proj/.env
                ls -A /h/.aws /h/.codex
                echo rewritten >/h/.config/leash/config.ini && echo wrote-config
                echo rewritten >>/h/.bashrc && echo wrote-bashrc
                echo new >/h/proj/new && echo wrote-project' 2>&1)
            case $out in *aws-secret* | *codex-secret* | *netrc-secret* | *sk-proj-secret* | *wrote-config* | *wrote-bashrc*)
                fail "$rt: the container read or wrote what is masked: $out" ;;
            esac
            case $out in *claude-own*PORT=8080*wrote-project*) ;; *) fail "$rt: the container lost what it should get: $out" ;; esac
            if [ "$(cat "$HOME/.config/leash/config.ini")" != "# leash-config" ] || [ "$(cat "$HOME/.bashrc")" != bashrc ]; then
                fail "$rt: the host's files changed"
            fi
            rm "$HOME/proj/new"
        done
    done
}

test_masks_of_a_mount_inside_a_store_and_of_a_read_only_home() {
    make_home
    local rt out
    local -a masks
    for rt in docker podman; do
        # Another agent's store mounted whole, and the .env by itself: placeholders in their place, so the
        # flags that mounted them go (the caller drops them: here they are simply not given).
        mapfile -t masks < <(mask_flags "$rt" -v "$HOME/.codex:/root/.codex" --mount "type=bind,src=$HOME/proj/.env,dst=/app/.env")
        [ "${#masks[@]}" -eq 4 ] || fail "$rt: masks [${masks[*]}]"
        out=$("$rt" run --rm --network none "${masks[@]}" "$PLAIN" sh -c 'ls -A /root/.codex; cat /app/.env' 2>&1)
        [ "$out" = PORT=8080 ] || fail "$rt: $out"
        # A read-only home: only the stores, nothing to protect.
        mapfile -t masks < <(mask_flags "$rt" -v "$HOME:/h:ro")
        [ "${#masks[@]}" -eq 8 ] || fail "$rt: masks [${masks[*]}]"
    done
}

# Through leash itself: the attacks of the files issue, each asked of the container with `cat`.
# Every startup file a shell reads, so that a writable home mount is not refused for one it could create.
make_startup_files() {
    local f
    for f in .bash_profile .bash_login .profile .bash_logout .zshenv .zprofile .zshrc .zlogin .zlogout; do
        echo "$f" >"$HOME/$f"
    done
    mkdir -p "$HOME/.config/fish"
}

test_leash_masks_other_stores_in_a_home_mount_and_keeps_the_host_files() {
    make_home
    make_startup_files
    local rt out
    for rt in docker podman; do
        out=$("$LEASH" exec "$rt" run --rm --network none -v "$HOME:/h" "$CLAUDE" sh -c '
            cat /h/.aws/credentials /h/.codex/auth.json /h/.netrc /h/.claude/.credentials.json
            echo rewritten >/h/.config/leash/config.ini && echo wrote-config
            echo rewritten >>/h/.bashrc && echo wrote-bashrc
            echo new >/h/proj/new && echo wrote-project' 2>&1)
        case $out in *aws-secret* | *codex-secret* | *netrc-secret* | *wrote-config* | *wrote-bashrc*)
            fail "$rt: the container read or wrote what is masked: $out" ;;
        esac
        case $out in *"leash: claude ($CLAUDE): "*"withheld "*"$HOME/.aws (-v $HOME:/h"*"read-only "*claude-own*wrote-project*) ;;
            *) fail "$rt: no notice, or the container lost what it should get: $out" ;;
        esac
        [ "$(cat "$HOME/.config/leash/config.ini")" = "# leash-config" ] && [ "$(cat "$HOME/.bashrc")" = bashrc ] ||
            fail "$rt: the host's files changed"
        rm "$HOME/proj/new"
        # The same command for a container not for an agent: byte-identical, it reads everything.
        out=$("$LEASH" exec "$rt" run --rm --network none -v "$HOME:/h:ro" "$PLAIN" cat /h/.codex/auth.json 2>&1)
        [ "$out" = codex-secret ] || fail "$rt: the plain container got [$out]"
    done
}

test_leash_masks_another_agents_store_mounted_whole_and_read_only() {
    make_home
    local rt out
    for rt in docker podman; do
        out=$("$LEASH" exec "$rt" run --rm --network none -v "$HOME/.codex:/root/.codex" "$CLAUDE" \
            sh -c 'ls -A /root/.codex; cat /root/.codex/auth.json' 2>/dev/null) || true
        [ -z "$out" ] || fail "$rt: codex's login reached claude's container: $out"
        out=$("$LEASH" exec "$rt" run --rm --network none --mount "type=bind,src=$HOME,dst=/h,readonly" "$CLAUDE" \
            cat /h/.aws/credentials 2>&1) || true
        case $out in *aws-secret*) fail "$rt: ~/.aws reached claude's container: $out" ;; esac
        # codex's own container gets it.
        out=$("$LEASH" exec "$rt" run --rm --network none -v "$HOME/.codex:/root/.codex" "$CODEX" cat /root/.codex/auth.json)
        [ "$out" = codex-secret ] || fail "$rt: codex's container got [$out]"
    done
}

test_leash_filters_the_projects_env_file_the_container_reads() {
    make_home
    cd "$HOME/proj"
    local rt
    for rt in docker podman; do
        expect_keys "" "$LEASH" exec "$rt" run --rm --network none --env-file .env -v "$PWD:/work" -w /work "$CLAUDE" cat .env
        [ "$(cat "$WORK/out")" = PORT=8080 ] || fail "$rt: the container read [$(cat "$WORK/out")]"
        expect_in "$WORK/err" "withheld $HOME/proj/.env (-v $HOME/proj:/work), OPENAI_API_KEY (--env-file .env)"
        # What it gets in its environment from the env-file is filtered too.
        expect_keys "" "$LEASH" exec "$rt" run --rm --network none --env-file .env "$CLAUDE" env
    done
    grep -q sk-proj-secret .env || fail "the host's .env changed"
}

test_leash_refuses_a_writable_home_mount_where_a_startup_file_could_be_created() {
    make_home
    expect_status 125 "$LEASH" exec docker run --rm --network none -v "$HOME:/h" "$CLAUDE" true
    expect_in "$WORK/err" "would let the container create $HOME/.bash_login, which a shell or leash reads; mount it read-only (:ro)"
    expect_status 0 "$LEASH" exec docker run --rm --network none -v "$HOME:/h:ro" "$CLAUDE" true
}

test_open_refuses_the_home_and_the_root_as_workspace() {
    write_config <<EOF
[agent.claude]
image = $CLAUDE
command = env
EOF
    cd "$HOME"
    expect_status 125 "$LEASH" --open claude
    expect_in "$WORK/err" "refusing to open claude in $HOME: its container would get the whole home directory; start it in a project's directory"
    cd /
    expect_status 125 "$LEASH" --open claude
    mkdir -p "$HOME/proj" && cd "$HOME/proj"
    set_keys
    expect_keys ANTHROPIC_API_KEY "$LEASH" --open claude
}

# --volumes-from: the other container's mounts, as the runtime reports them, get the same masks.
test_leash_masks_what_volumes_from_brings() {
    make_home
    local rt out
    for rt in docker podman; do
        "$rt" create --name leash-vf-src -v "$HOME:/h:ro" "$PLAIN" true >/dev/null
        out=$("$LEASH" exec "$rt" run --rm --network none --volumes-from leash-vf-src "$CLAUDE" \
            sh -c 'cat /h/.codex/auth.json /h/.aws/credentials 2>/dev/null; cat /h/.claude/.credentials.json' 2>"$WORK/err")
        "$rt" rm leash-vf-src >/dev/null
        [ "$out" = claude-own ] || fail "$rt: the container read [$out]"
        expect_in "$WORK/err" "$HOME/.codex (--volumes-from leash-vf-src"
    done
}

# leash's filtered copies keep their agent's keys (claude's copy of a .env holding claude's and codex's
# keys keeps claude's): codex's container that mounts one, or leash's masks directory, does not read it.
# And claude's container, judged a second time on its way (a `docker` wrapper first in PATH that runs
# leash again, as a hooked shell's function would), runs as leash first wrote it, wherever the masks are:
# in $XDG_RUNTIME_DIR, or in /dev/shm, where any other mount is host access.
test_leash_own_masks_are_no_door_and_pass_when_judged_again() {
    make_home
    printf 'ANTHROPIC_API_KEY=sk-ant-api03-claudes-own\nOPENAI_API_KEY=sk-proj-secret\nPORT=8080\n' >"$HOME/proj/.env"
    cd "$HOME/proj"
    mkdir -p "$WORK/rt" "$WORK/wrap"
    mount -t tmpfs -o mode=700 tmpfs "$WORK/rt"
    at_exit "umount '$WORK/rt'"
    local real rt where masks copy out
    real=$(command -v docker)
    printf '#!/bin/sh\nexec "%s" exec "%s" "$@"\n' "$LEASH" "$real" >"$WORK/wrap/docker"
    chmod +x "$WORK/wrap/docker"
    for where in "$WORK/rt" ""; do
        if [ -n "$where" ]; then export XDG_RUNTIME_DIR=$where masks=$where/leash/masks; else
            unset XDG_RUNTIME_DIR
            masks=/dev/shm/leash-$(id -u)/masks
        fi
        out=$(PATH=$WORK/wrap:$PATH "$LEASH" exec docker run --rm --network none -v "$PWD:/work" -w /work "$CLAUDE" cat .env 2>"$WORK/err") ||
            { cat "$WORK/err" >&2; fail "${where:-/dev/shm}: claude's container judged twice did not run"; }
        [ "$out" = "$(printf 'ANTHROPIC_API_KEY=sk-ant-api03-claudes-own\nPORT=8080')" ] || fail "${where:-/dev/shm}: claude's container read [$out]"
        copy=$(grep -rl claudes-own "$masks" | head -n 1)
        [ -n "$copy" ] || fail "no filtered copy in $masks"
        for rt in docker podman; do
            out=$("$LEASH" exec "$rt" run --rm --network none -v "$copy:/copy" "$CODEX" cat /copy 2>&1) ||
                fail "$rt ${where:-/dev/shm}: codex's container with a copy did not run: $out"
            case $out in *claudes-own*) fail "$rt ${where:-/dev/shm}: codex's container read claude's key from leash's copy: $out" ;; esac
            expect_in <(echo "$out") PORT=8080
        done
    done
    # The masks' directory, and the directory that holds it, show codex nothing of them (the runtime
    # directory itself, which holds the runtimes' sockets, is host access).
    export XDG_RUNTIME_DIR=$WORK/rt
    for rt in docker podman; do
        out=$("$LEASH" exec "$rt" run --rm --network none -v "$WORK/rt/leash/masks:/m" -v "$WORK/rt/leash:/r:ro" "$CODEX" \
            sh -c 'find /m /r -type f -exec cat {} +; echo listed' 2>&1) ||
            fail "$rt: codex's container with leash's masks did not run: $out"
        case $out in *claudes-own*) fail "$rt: codex's container read claude's key in leash's masks: $out" ;; esac
        expect_in <(echo "$out") listed
    done
}
