# make install DESTDIR=... PREFIX=/usr, then only the installed files: the hook sourced from the installed
# tree covers a `docker run` in a script, leash doctor is all OK, the man pages render, and make uninstall
# takes every file away again. The installed binaries are run from below DESTDIR: the hook, the shim and
# leash find each other from their own places.

DEST=
USR=

install_tree() {
    DEST=$WORK/dest
    USR=$DEST/usr
    make -s -C "$ROOT" install DESTDIR="$DEST" PREFIX=/usr >/dev/null
}

test_install_lays_out_the_installed_paths_only() {
    install_tree
    (cd "$DEST" && find . ! -type d | LC_ALL=C sort) >"$WORK/files"
    { runtime_names | sed 's|^|./usr/lib/leash/shims/|'; cat <<'EOF'; } | LC_ALL=C sort >"$WORK/want"
./usr/bin/leash
./usr/lib/leash/libleash.so
./usr/lib/systemd/user/leash.service
./usr/lib/systemd/user/leash.socket
./usr/share/bash-completion/completions/leash
./usr/share/fish/vendor_completions.d/leash.fish
./usr/share/leash/config.ini
./usr/share/leash/leash.bash
./usr/share/leash/leash.fish
./usr/share/leash/leash.zsh
./usr/share/man/man1/leash.1
./usr/share/man/man5/leash.conf.5
./usr/share/zsh/site-functions/_leash
EOF
    diff "$WORK/want" "$WORK/files" || fail "the installed files differ from the installed layout (ARCHITECTURE.md)"
    for s in $(runtime_names); do
        [ "$(readlink -f "$USR/lib/leash/shims/$s")" = "$USR/bin/leash" ] || fail "shims/$s does not lead to bin/leash"
    done
    # No path of the build tree, in any file (debug information included), nor the source's placeholder.
    ! grep -rlF -- "$ROOT" "$DEST" || fail "the build tree's path $ROOT is in the files above"
    ! grep -rlF 'PREFIX/' "$USR/share/man" || fail "a man page still says PREFIX/"
    expect_in "$USR/share/man/man1/leash.1" /usr/lib/leash/libleash.so
    expect_in "$USR/share/man/man5/leash.conf.5" /usr/share/leash/config.ini
    expect_in "$USR/lib/systemd/user/leash.service" "ExecStart=/usr/bin/leash serve"
    ! grep -rlF 'PREFIX/' "$USR/lib/systemd" || fail "a systemd unit still says PREFIX/"
}

test_man_renders_both_installed_pages() {
    install_tree
    mandoc -Tlint -Wstyle "$USR/share/man/man1/leash.1" "$USR/share/man/man5/leash.conf.5"
    [ -z "$(groff -ww -z -t -man "$USR/share/man/man1/leash.1" "$USR/share/man/man5/leash.conf.5" 2>&1)" ] ||
        fail "groff warns about an installed page"
    MANWIDTH=100 man -l "$USR/share/man/man1/leash.1" >"$WORK/leash.1.txt" 2>"$WORK/err"
    MANWIDTH=100 man -l "$USR/share/man/man5/leash.conf.5" >"$WORK/leash.conf.5.txt" 2>>"$WORK/err"
    [ ! -s "$WORK/err" ] || { cat "$WORK/err" >&2; fail "man -l said something on stderr"; }
    expect_in "$WORK/leash.1.txt" "leash - give an AI coding agent's container its own API key and no other"
    expect_in "$WORK/leash.1.txt" "/usr/lib/leash/libleash.so"
    expect_in "$WORK/leash.conf.5.txt" "leash.conf - which credentials reach which agent's containers"
    # Justified text: the words, whatever the spaces between them.
    tr -s ' ' <"$WORK/leash.conf.5.txt" >"$WORK/leash.conf.5.words"
    expect_in "$WORK/leash.conf.5.words" "claude ANTHROPIC_API_KEY ANTHROPIC_AUTH_TOKEN"
    expect_in "$WORK/leash.conf.5.words" "Each agent's images are *NAME*"
}

# The user's path: the hook sourced from the installed tree, the installed example config copied and
# trimmed to the runtimes installed here.
hooked_by_the_installed_files() {
    set_keys
    mkdir -p "$HOME/.config/leash"
    sed 's/^runtimes = .*/runtimes = docker podman/' "$USR/share/leash/config.ini" >"$HOME/.config/leash/config.ini"
    # shellcheck source=/dev/null # the installed copy of shell/leash.bash
    source "$USR/share/leash/leash.bash"
}

test_the_installed_hook_covers_a_docker_run_from_a_script() {
    install_tree
    # shellcheck disable=SC2016 # the script's own "$1"
    printf '#!/bin/sh\ndocker run --rm --network none -e OPENAI_API_KEY -e ANTHROPIC_API_KEY "$1" env\n' >script.sh
    chmod +x script.sh
    hooked_by_the_installed_files
    [ "$LD_PRELOAD" = "$USR/lib/leash/libleash.so" ] || fail "LD_PRELOAD is [$LD_PRELOAD]"
    expect_keys ANTHROPIC_API_KEY ./script.sh "$CLAUDE"
    expect_in "$WORK/err" "leash: claude ($CLAUDE): forwarded ANTHROPIC_API_KEY; withheld OPENAI_API_KEY (-e)"
    # No leash is in PATH, and no installed file names the build tree: the shim ran the leash beside it.
    ! type -P leash >/dev/null || fail "a leash is in PATH: $(type -P leash)"
    # A runtime typed in this shell goes through the installed hook's function.
    expect_keys ANTHROPIC_API_KEY podman run --rm --network none -e OPENAI_API_KEY "$CLAUDE" env
    # The control: with the hook off, the same script hands the container both keys.
    leash off
    expect_keys "ANTHROPIC_API_KEY OPENAI_API_KEY" ./script.sh "$CLAUDE"
}

test_the_installed_leash_doctor_is_all_ok() {
    install_tree
    hooked_by_the_installed_files
    start_session_guard "$USR/bin/leash"
    export DOCKER_HOST=$SESSION_GUARD
    expect_status 0 leash doctor
    cat >"$WORK/want" <<EOF
OK   config: $HOME/.config/leash/config.ini valid
OK   shim: $USR/lib/leash/libleash.so (needs only libc)
OK   shim active: LD_PRELOAD has $USR/lib/leash/libleash.so
OK   shell hook: active (bash)
OK   runtime docker: $(type -P docker)
OK   runtime podman: $(type -P podman)
OK   session guard: answers at $WORK/run/leash/docker.sock
OK   session guard in use: DOCKER_HOST=$SESSION_GUARD
OK   $("$USR/bin/leash" --version) ($USR/bin/leash)
EOF
    diff "$WORK/want" "$WORK/out" || fail "leash doctor is not all OK"
}

test_uninstall_leaves_no_file_behind() {
    install_tree
    make -s -C "$ROOT" uninstall DESTDIR="$DEST" PREFIX=/usr >/dev/null
    (cd "$DEST" && find . ! -type d) >"$WORK/left"
    [ ! -s "$WORK/left" ] || { cat "$WORK/left" >&2; fail "make uninstall left these files"; }
    # leash's own directories go too; the shared ones (bin, share/man...) stay.
    (cd "$DEST" && find . -name '*leash*') >"$WORK/left"
    [ ! -s "$WORK/left" ] || { cat "$WORK/left" >&2; fail "make uninstall left these directories"; }
    [ -d "$USR/bin" ] || fail "make uninstall removed usr/bin"
}
