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
    echo leash-config >"$HOME/.config/leash/config.ini"
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
            if [ "$(cat "$HOME/.config/leash/config.ini")" != leash-config ] || [ "$(cat "$HOME/.bashrc")" != bashrc ]; then
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
