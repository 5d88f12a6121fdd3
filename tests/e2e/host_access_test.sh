# Host access against the runtimes: each setting of host_access.cases given to docker and podman. Where
# the runtime takes it, what it made of it (its inspect, or the namespace the container is in) says
# whether it hands the container the host, and leash must refuse exactly those: every spelling the
# runtime reads as --privileged, the host's namespaces or a dangerous capability, and none of the
# ordinary ones.

# namespace_of RUNTIME SETTING KIND: "host", "container" or "private", by the namespace of that kind the
# container is in (the image has ls, not readlink).
namespace_of() {
    local ns
    ns=$("$1" run --rm "$2" "$PLAIN" ls -l "/proc/self/ns/$3" 2>/dev/null) || return 1
    ns=${ns##*-> }
    if [ "$ns" = "$(readlink "/proc/self/ns/$3")" ]; then
        echo host
    elif [ "$ns" = "$("$1" exec peer ls -l "/proc/self/ns/$3" | sed 's/.*-> //')" ]; then
        echo container
    else
        echo private
    fi
}

test_leash_refuses_what_the_runtimes_read_as_host_access() {
    local setting template glob rt id shown name value got want compared=0
    for rt in docker podman; do
        "$rt" run -d --name peer --network none "$PLAIN" sleep 600 >/dev/null
        while IFS=$'\t' read -r setting template glob; do
            case $setting in '' | '#'*) continue ;; esac
            if [[ $template == ns:* ]]; then
                shown=$(namespace_of "$rt" "$setting" "${template#ns:}") || continue
            else
                id=$("$rt" create "$setting" "$PLAIN" 2>/dev/null) || continue
                shown=$("$rt" inspect --format "$template" "$id")
                "$rt" rm "$id" >/dev/null
            fi
            name=${setting%%=*}
            value=${setting#"$name"}
            # shellcheck disable=SC2053 # the glob is a pattern
            if [[ $shown == $glob ]]; then want=refused; else want=pass; fi
            got=$("$ROOT/build/tests/mount-dump" host "$name" "${value#=}")
            [ "${got%% *}" = "$want" ] || fail "$rt $setting shows [$shown]: leash says [$got], expected $want"
            compared=$((compared + 1))
        done <"$ROOT/tests/e2e/host_access.cases"
        "$rt" kill peer >/dev/null
        "$rt" rm peer >/dev/null
    done
    echo "$compared settings compared"
    [ "$compared" -ge 60 ] || fail "only $compared settings were taken by a runtime"
}
