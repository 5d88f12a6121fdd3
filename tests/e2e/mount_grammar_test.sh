# The mount grammar against the runtimes themselves: each value of mount_grammar.cases, given to docker
# create and podman create; whatever mounts the runtime reports (docker inspect / podman inspect: binds,
# named and anonymous volumes, tmpfs), leash's reading with that runtime's grammar must be the same.
# A value the runtime refuses starts nothing, so leash may read it either way.

# The runtime's mounts of container $2, one per line as mount-dump prints them, sorted.
runtime_mounts() {
    "$1" inspect --format '{{range .Mounts}}{{.Type}} {{if eq .Type "bind"}}{{.Source}}{{else}}{{.Name}}{{end}} {{.Destination}} {{if .RW}}rw{{else}}ro{{end}}{{"\n"}}{{end}}' "$2" |
        sed -E -e '/^$/d' -e 's/^(volume|tmpfs) ([0-9a-f]{64})? /\1 - /' | LC_ALL=C sort
}

test_leash_reads_mounts_as_docker_and_podman_do() {
    mkdir -p d/sub up wk
    : >d/f
    local flag value only id want got compared=0 refused=0 rt
    while IFS=$'\t' read -r flag value only; do
        case $flag in '' | '#'*) continue ;; esac
        value=$(printf '%b' "${value//@/$PWD}x")
        value=${value%x}
        for rt in ${only:-docker podman}; do
            if ! id=$("$rt" create --network none "$flag" "$value" "$PLAIN" 2>/dev/null); then
                refused=$((refused + 1))
                continue
            fi
            want=$(runtime_mounts "$rt" "$id")
            "$rt" rm "$id" >/dev/null
            got=$("$ROOT/build/tests/mount-dump" read "$rt" "$flag" "$value" | LC_ALL=C sort) ||
                fail "$rt takes $flag '$value', leash refuses it: $got"
            [ "$got" = "$want" ] || fail "$rt $flag '$value': leash reads [$got], $rt mounts [$want]"
            compared=$((compared + 1))
        done
    done <"$ROOT/tests/e2e/mount_grammar.cases"
    echo "$compared readings compared, $refused values refused by the runtime"
    [ "$compared" -ge 60 ] || fail "only $compared values were taken by a runtime"
}

# Mounts that the runtimes' inspect reports otherwise than leash reads them, read by what the container
# sees: a named volume whose options bind a host directory shows that directory (leash: a bind of it);
# podman's overlay shows its source and keeps the container's writes in the upperdir.
test_the_container_sees_the_host_paths_leash_reads() {
    mkdir -p d up wk
    echo host-file >d/f
    local rt out
    for rt in docker podman; do
        out=$("$rt" run --rm --network none \
            --mount "type=volume,src=leash-dev-$rt,dst=/x,volume-opt=type=none,volume-opt=device=$PWD/d,volume-opt=o=bind" \
            "$PLAIN" cat /x/f)
        [ "$out" = host-file ] || fail "$rt: a device= volume showed [$out]"
        out=$("$ROOT/build/tests/mount-dump" read "$rt" --mount "type=volume,src=v,dst=/x,volume-opt=device=$PWD/d,volume-opt=o=bind")
        [ "$out" = "bind $PWD/d /x rw" ] || fail "leash reads [$out] for a device= volume"
        "$rt" volume rm "leash-dev-$rt" >/dev/null
    done
    out=$(podman run --rm --network none -v "$PWD/d:/x:O" "$PLAIN" cat /x/f)
    [ "$out" = host-file ] || fail "podman's overlay showed [$out]"
    podman run --rm --network none -v "$PWD/d:/x:O,upperdir=$PWD/up,workdir=$PWD/wk" "$PLAIN" sh -c 'echo new >/x/n'
    if [ "$(cat up/n)" != new ] || [ -e d/n ]; then fail "podman's overlay wrote elsewhere than its upperdir"; fi
    [ "$("$ROOT/build/tests/mount-dump" read podman -v "$PWD/d:/x:O,upperdir=$PWD/up,workdir=$PWD/wk" | LC_ALL=C sort)" = \
        "$(printf 'bind %s /x ro\nbind %s /x rw' "$PWD/d" "$PWD/up")" ] || fail "leash misreads podman's overlay"
}
