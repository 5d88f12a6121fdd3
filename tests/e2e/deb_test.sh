# The Debian package: `make deb` builds it from the source tree and leaves nothing in the tree; lintian
# finds no error or warning; it holds what `make install` installs, at Debian's paths. Installed with dpkg,
# a new bash hooked with `eval "$(leash init bash)"` has leash doctor all OK and an agent's container
# gets its key alone; purged, no file is left; upgraded from the previous build, a user's changes stay.
#
# dpkg runs in a mount namespace of the test's own in which /etc, /usr and /var are copy-on-write overlays
# of this machine's (in_scratch_system): it installs into the machine's real layout and dpkg database,
# and nothing of it outlives the test or is seen by another process (another test, the developer's
# own system). Needs root, as the e2e tests do.

# Builds the package of the source tree unless it is up to date; sets VERSION and DEB (exported: they
# reach in_scratch_system's functions, and this file is sourced again there).
built_package() {
    VERSION=$(dpkg-parsechangelog -l "$ROOT/debian/changelog" -S Version)
    DEB=$ROOT/build/deb/leash_${VERSION}_$(dpkg --print-architecture).deb
    make -C "$ROOT" deb >"$WORK/build.log" 2>&1 || { tail -n 40 "$WORK/build.log" >&2; fail "make deb failed"; }
    [ -f "$DEB" ] || fail "make deb made no $DEB"
    export VERSION DEB
}

# in_scratch_system FUNCTION ARGS...: runs FUNCTION of this file in the scratch system described above.
# shellcheck disable=SC2016 # the code runs in the new namespace, with the arguments after it
in_scratch_system() {
    [ "$(id -u)" = 0 ] || fail "installing the package needs root"
    unshare --mount --propagation private -- bash -Eeuo pipefail -c '
        trap "echo \"FAILED: \$BASH_COMMAND\" >&2" ERR
        for d in etc usr var; do
            mkdir -p "$WORK/scratch/$d.upper" "$WORK/scratch/$d.work"
            mount -t overlay overlay -o "lowerdir=/$d,upperdir=$WORK/scratch/$d.upper,workdir=$WORK/scratch/$d.work" "/$d"
        done
        . "$ROOT/tests/e2e/lib.sh"
        . "$ROOT/tests/e2e/deb_test.sh"
        "$@"' in_scratch_system "$@"
}

# dpkg on its own, as a user runs it: no question answered (stdin is empty).
dpkg_quiet() {
    dpkg "$@" </dev/null >"$WORK/dpkg.log" 2>&1 || { cat "$WORK/dpkg.log" >&2; fail "dpkg $* failed"; }
}

# Every file, link and directory below the directories a package installs into or dpkg keeps its records
# in, but for man-db's cache, which its trigger rebuilds after any package with man pages (it can add
# its own CACHEDIR.TAG files); that leash's pages leave it is checked with man -w.
system_files() { find /etc /usr /var -xdev -path /var/cache/man -prune -o -print | LC_ALL=C sort; }

# The source tree outside build/ and .git: each directory, and each file with its size, mode and time of
# change (a directory's own time changes when debian/rules makes and removes its files below it).
tree_state() {
    (cd "$ROOT" && find . \( -path ./build -o -path ./.git \) -prune -o -type d -printf '%p/\n' -o \
        -printf '%p %s %m %T@\n' | LC_ALL=C sort)
    # What dpkg-buildpackage writes beside the tree by default.
    find "$ROOT/.." -maxdepth 1 \( -name 'leash_*' -o -name 'leash-dbgsym_*' \) | LC_ALL=C sort
}

test_make_deb_builds_in_build_deb_and_leaves_the_source_tree_as_it_was() {
    rm -rf "$ROOT/build/deb"
    tree_state >"$WORK/before"
    built_package
    tree_state >"$WORK/after"
    diff "$WORK/before" "$WORK/after" || fail "make deb changed the source tree (outside build/)"
    local arch
    arch=$(dpkg --print-architecture)
    (cd "$ROOT/build/deb" && ls) >"$WORK/built"
    printf '%s\n' "leash-dbgsym_${VERSION}_$arch.deb" "leash_${VERSION}_$arch.buildinfo" \
        "leash_${VERSION}_$arch.changes" "leash_${VERSION}_$arch.deb" >"$WORK/want"
    diff "$WORK/want" "$WORK/built" || fail "build/deb holds other files than the package's (the build tree is left?)"
    [ "$(dpkg-deb -f "$DEB" Version)" = "$VERSION" ] || fail "the package's version is not debian/changelog's"
    # The package ran the unit tests, built as the package's leash is.
    expect_in "$WORK/build.log" "Synthesis: Tested:"
    # Up to date, make deb builds nothing.
    make -C "$ROOT" deb >"$WORK/again.log" 2>&1
    expect_not_in "$WORK/again.log" dpkg-buildpackage
}

test_make_deb_refuses_a_changelog_behind_the_makefiles_version() {
    expect_status 2 make -C "$ROOT" deb VERSION=99.0
    expect_in "$WORK/err" "make deb: debian/changelog is at "
    expect_in "$WORK/err" ", the Makefile at 99.0: add a changelog entry"
    expect_not_in "$WORK/out" dpkg-buildpackage
    [ ! -e "$ROOT/build/deb/leash_99.0_$(dpkg --print-architecture).deb" ] || fail "a package of version 99.0 was built"
}

test_the_package_is_lintian_clean_and_the_readme_names_each_remaining_tag() {
    built_package
    local rc=0
    lintian --info --display-info --pedantic --show-overrides --fail-on=error,warning "$DEB" \
        >"$WORK/lintian" 2>"$WORK/lintian.err" || rc=$?
    [ "$rc" = 0 ] || { cat "$WORK/lintian" "$WORK/lintian.err" >&2; fail "lintian: exit status $rc"; }
    ! grep -E '^[EW]:' "$WORK/lintian" || fail "lintian reports an error or a warning"
    # The informational and pedantic tags left, and the overrides in force (lintian tags an override that
    # no longer matches as unused-override): the README says why each remains.
    awk '/^[IPO]:/ { print $3 }' "$WORK/lintian" | LC_ALL=C sort -u >"$WORK/tags"
    while read -r tag; do
        expect_in "$ROOT/README.md" "\`$tag\`"
    done <"$WORK/tags"
}

test_the_package_is_built_with_debian_hardening_and_the_shim_with_its_own_flags() {
    built_package
    dpkg-deb -x "$DEB" "$WORK/x"
    local leash=$WORK/x/usr/bin/leash shim=$WORK/x/usr/lib/leash/libleash.so
    # dpkg-buildflags with hardening=+all: PIE, full RELRO (relro and bindnow), the stack protector.
    readelf -h -l -d "$leash" >"$WORK/leash.elf"
    nm -D "$leash" >"$WORK/leash.syms"
    expect_in "$WORK/leash.elf" 'DYN (Position-Independent Executable file)'
    expect_in "$WORK/leash.elf" GNU_RELRO
    expect_in "$WORK/leash.elf" BIND_NOW
    expect_in "$WORK/leash.syms" ' U __stack_chk_fail@'
    # The shim: no fortified call (-U_FORTIFY_SOURCE), lazy binding, libc alone.
    readelf -d "$shim" >"$WORK/shim.elf"
    nm -D "$shim" >"$WORK/shim.syms"
    expect_not_in "$WORK/shim.syms" _chk@
    expect_not_in "$WORK/shim.elf" NOW
    [ "$(awk '/NEEDED/ { print $NF }' "$WORK/shim.elf")" = "[libc.so.6]" ] || fail "the shim needs more than libc"
    # Debug information names the sources relative to the tree: no path of the build machine.
    ! grep -rlF -- "$ROOT" "$WORK/x" || fail "the build tree's path $ROOT is in the package"
}

test_the_package_holds_what_make_install_installs_at_debians_paths() {
    built_package
    make -s -C "$ROOT" install DESTDIR="$WORK/dest" PREFIX=/usr >/dev/null
    # make install's files, with the man pages compressed and the zsh completion where Debian's zsh
    # looks (/usr/share/zsh/site-functions is not in its fpath); then what only the package has.
    {
        (cd "$WORK/dest" && find . ! -type d) | sed -e 's|^\./|/|' -e 's|^\(/usr/share/man/.*\)|\1.gz|' \
            -e 's|^/usr/share/zsh/site-functions/|/usr/share/zsh/vendor-completions/|'
        printf '%s\n' /etc/leash/config.ini /usr/share/doc/leash/changelog.gz /usr/share/doc/leash/copyright \
            /usr/share/lintian/overrides/leash
    } | LC_ALL=C sort >"$WORK/want"
    dpkg-deb -c "$DEB" | awk '$1 !~ /^d/ { print $6 }' | sed 's|^\./|/|' | LC_ALL=C sort >"$WORK/got"
    diff "$WORK/want" "$WORK/got" || fail "the package's files differ from make install's"
    dpkg-deb -x "$DEB" "$WORK/x"
    for s in docker nerdctl podman podman-remote; do
        [ "$(readlink "$WORK/x/usr/lib/leash/shims/$s")" = ../../../bin/leash ] || fail "shims/$s does not lead to /usr/bin/leash"
    done
    # Every path the installed leash(1) lists under FILES is in the package.
    zcat "$WORK/x/usr/share/man/man1/leash.1.gz" | sed -n '/^\.SH FILES/,/^\.SH [^F]/p' | sed 's/\\-/-/g' |
        grep -oE '/(etc|usr)/[^ \\]*' >"$WORK/man-paths"
    [ "$(wc -l <"$WORK/man-paths")" -gt 5 ] || fail "leash(1) lists too few files: $(cat "$WORK/man-paths")"
    while read -r p; do
        [ -e "$WORK/x$p" ] || fail "leash(1) lists $p, which the package does not have"
    done <"$WORK/man-paths"
    # Run-time dependencies from the libraries leash links; the runtimes recommended, not required.
    dpkg-deb -f "$DEB" Depends >"$WORK/depends"
    for lib in libc6 libfmt9 libinih1 libstdc++6; do expect_in "$WORK/depends" "$lib "; done
    expect_not_in "$WORK/depends" docker
    [ "$(dpkg-deb -f "$DEB" Recommends)" = "docker.io | docker-ce | podman" ] || fail "Recommends: $(dpkg-deb -f "$DEB" Recommends)"
    dpkg-deb --ctrl-tarfile "$DEB" | tar -xO ./conffiles >"$WORK/conffiles"
    [ "$(cat "$WORK/conffiles")" = /etc/leash/config.ini ] || fail "conffiles: $(cat "$WORK/conffiles")"
}

# The user's set-up after installing: the example config trimmed to the runtimes installed here, and the
# hook at the end of ~/.bashrc, as the README says.
set_up_as_a_user() {
    set_keys
    mkdir -p "$HOME/.config/leash"
    sed 's/^runtimes = .*/runtimes = docker podman/' /usr/share/leash/config.ini >"$HOME/.config/leash/config.ini"
    chmod 600 "$HOME/.config/leash/config.ini"
    # shellcheck disable=SC2016 # the line the user writes
    echo 'eval "$(leash init bash)"' >>"$HOME/.bashrc"
}

# In a new interactive bash (which reads ~/.bashrc): CODE. With no terminal, bash says on stderr that it
# has no job control.
in_a_new_bash() { bash -i -c "$1"; }

installed_lifecycle() {
    system_files >"$WORK/system.before"
    ! dpkg-query -W leash >/dev/null 2>&1 || fail "a leash package is installed here already"
    dpkg_quiet -i "$DEB"
    [ "$(dpkg-query -W -f '${Status} ${Version}' leash)" = "install ok installed $VERSION" ] || fail "leash is not installed"
    [ "$(type -P leash)" = /usr/bin/leash ] || fail "leash in PATH: $(type -P leash)"
    set_up_as_a_user

    in_a_new_bash 'leash doctor' >"$WORK/doctor" 2>"$WORK/bash.err" || { cat "$WORK/doctor" "$WORK/bash.err" >&2; fail "leash doctor failed"; }
    cat >"$WORK/want" <<EOF
OK   config: /etc/leash/config.ini, $HOME/.config/leash/config.ini valid
OK   shim: /usr/lib/leash/libleash.so (needs only libc)
OK   shim active: LD_PRELOAD has /usr/lib/leash/libleash.so
OK   shell hook: active (bash)
OK   runtime docker: $(type -P docker)
OK   runtime podman: $(type -P podman)
WARN session guard: none (XDG_RUNTIME_DIR is not set); \`leash guard -- COMMAND\` guards one command's docker clients
OK   leash $VERSION (/usr/bin/leash)
EOF
    # Every check OK but the session guard's, which is optional (the systemd user units start it) and has
    # no user session to run in here.
    diff "$WORK/want" "$WORK/doctor" || fail "leash doctor is not all OK"

    # A docker run typed in that shell and one in a script it starts: the claude container gets its key
    # alone. The control: a shell without the hook hands the same container both keys.
    # shellcheck disable=SC2016 # the script's own "$1"
    printf '#!/bin/sh\ndocker run --rm --network none -e OPENAI_API_KEY -e ANTHROPIC_API_KEY "$1" env\n' >script.sh
    chmod +x script.sh
    expect_keys ANTHROPIC_API_KEY in_a_new_bash "docker run --rm --network none -e OPENAI_API_KEY -e ANTHROPIC_API_KEY $CLAUDE env"
    expect_in "$WORK/err" "leash: claude ($CLAUDE): forwarded ANTHROPIC_API_KEY; withheld OPENAI_API_KEY (-e)"
    expect_keys ANTHROPIC_API_KEY in_a_new_bash "./script.sh $CLAUDE"
    expect_keys "ANTHROPIC_API_KEY OPENAI_API_KEY" bash --norc -c "./script.sh $CLAUDE"

    # The manual and each shell's completion, where each looks by default.
    [ "$(man -w leash)" = /usr/share/man/man1/leash.1.gz ] || fail "man -w leash: $(man -w leash)"
    [ "$(man -w leash.conf)" = /usr/share/man/man5/leash.conf.5.gz ] || fail "man -w leash.conf: $(man -w leash.conf)"
    # shellcheck disable=SC2016 # bash-completion's loader, in the shell started here
    bash --norc -c '. /usr/share/bash-completion/bash_completion; _completion_loader leash; complete -p leash' >"$WORK/bash-complete"
    expect_in "$WORK/bash-complete" ' leash'
    # shellcheck disable=SC2016 # zsh's own variables
    [ "$(zsh -f -c 'autoload -Uz compinit && compinit -u -d "$WORK/zcompdump" && print -r -- ${_comps[leash]}')" = _leash ] ||
        fail "zsh's compinit does not find _leash"
    mkdir -p "$HOME/.local/share/fish/generated_completions"
    fish -c 'complete -C "leash ag"' </dev/null | grep '^agents' >/dev/null || fail "fish does not complete leash ag"

    dpkg_quiet --purge leash
    system_files >"$WORK/system.after"
    diff "$WORK/system.before" "$WORK/system.after" || fail "dpkg --purge left files behind, or took some away"
    ! man -w leash 2>/dev/null || fail "man-db still finds leash(1)"
}

test_installed_leash_doctor_is_all_ok_an_agent_gets_its_key_alone_and_purge_leaves_no_file() {
    built_package
    in_scratch_system installed_lifecycle
}

# The next build's package: a copy of the tree with a changelog entry above the current one, built without
# the unit tests (the first build ran them). Sets NEXT_VERSION and NEXT_DEB.
next_package() {
    local src=$WORK/next-src
    NEXT_VERSION=$VERSION+1
    NEXT_DEB=$src/build/deb/leash_${NEXT_VERSION}_$(dpkg --print-architecture).deb
    mkdir "$src"
    tar -C "$ROOT" --exclude=./build --exclude=./.git -cf - . | tar -C "$src" -xf -
    {
        printf 'leash (%s) unstable; urgency=medium\n\n  * The next build.\n\n -- %s  %s\n\n' "$NEXT_VERSION" \
            "$(dpkg-parsechangelog -l "$ROOT/debian/changelog" -S Maintainer)" "$(date -R)"
        cat "$ROOT/debian/changelog"
    } >"$src/debian/changelog"
    DEB_BUILD_OPTIONS=nocheck DEB_BUILD_PROFILES=nocheck make -C "$src" deb VERSION="$NEXT_VERSION" >"$WORK/next.log" 2>&1 ||
        { tail -n 40 "$WORK/next.log" >&2; fail "make deb of the next version failed"; }
    export NEXT_VERSION NEXT_DEB
}

upgrade_lifecycle() {
    dpkg_quiet -i "$DEB"
    set_up_as_a_user
    # The administrator's change to the system-wide configuration: an agent of the team's own.
    printf '\n[agent.aider]\nkeys = OPENAI_API_KEY\nimages = *aider*\n' >>/etc/leash/config.ini
    sed -i 's/^notice = changes/notice = never/' "$HOME/.config/leash/config.ini"
    mkdir "$WORK/kept"
    cp /etc/leash/config.ini "$WORK/kept/system.ini"
    cp "$HOME/.config/leash/config.ini" "$WORK/kept/user.ini"
    cp "$HOME/.bashrc" "$WORK/kept/bashrc"

    dpkg_quiet -i "$NEXT_DEB"
    [ "$(dpkg-query -W -f '${Status} ${Version}' leash)" = "install ok installed $NEXT_VERSION" ] || fail "leash was not upgraded"
    [ "$(in_a_new_bash 'leash --version' 2>/dev/null)" = "leash $NEXT_VERSION" ] || fail "the installed leash is not the next version's"
    cmp "$WORK/kept/system.ini" /etc/leash/config.ini || fail "the upgrade changed /etc/leash/config.ini"
    cmp "$WORK/kept/user.ini" "$HOME/.config/leash/config.ini" || fail "the upgrade changed the user's config"
    cmp "$WORK/kept/bashrc" "$HOME/.bashrc" || fail "the upgrade changed ~/.bashrc"
    [ "$(find /etc/leash -name '*.dpkg-*')" = "" ] || fail "dpkg set a copy aside: $(find /etc/leash -name '*.dpkg-*')"
    # The change is in force after the upgrade: the hooked shell's leash knows the team's agent.
    in_a_new_bash 'leash agents' >"$WORK/agents" 2>"$WORK/bash.err" || { cat "$WORK/bash.err" >&2; fail "leash agents failed"; }
    grep '^aider ' "$WORK/agents" >/dev/null || { cat "$WORK/agents" >&2; fail "leash agents does not list aider"; }
    in_a_new_bash 'leash doctor' >"$WORK/doctor" 2>"$WORK/bash.err" ||
        { cat "$WORK/doctor" "$WORK/bash.err" >&2; fail "leash doctor is not all OK after the upgrade"; }

    # Removed, the administrator's configuration stays; purged, it goes with its directory.
    dpkg_quiet --remove leash
    cmp "$WORK/kept/system.ini" /etc/leash/config.ini || fail "dpkg --remove changed /etc/leash/config.ini"
    [ ! -e /usr/bin/leash ] || fail "dpkg --remove left /usr/bin/leash"
    dpkg_quiet --purge leash
    [ ! -e /etc/leash ] || fail "dpkg --purge left /etc/leash: $(ls -A /etc/leash)"
}

test_upgrading_from_the_previous_build_keeps_the_users_and_the_administrators_changes() {
    built_package
    next_package
    in_scratch_system upgrade_lifecycle
}
