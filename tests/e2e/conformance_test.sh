# Conformance with the real docker CLI: for each argv of conformance.argv, the image and environment
# entries leash's parser finds are exactly those `docker create` sends (docker inspect).

# Prints sorted JSON of {image, env} from `docker inspect` of a container, or from parse-dump.
normalize() {
    python3 -c 'import json,sys; d=json.load(sys.stdin); print(json.dumps({"image": d["image"], "env": sorted(d["env"] or [])}))'
}

test_parser_matches_the_docker_cli() {
    set_keys
    export FOO=foo-host EMPTY= X=x-host Y=y-host Z=z-host A=a-host C=c-host
    printf 'A=1\n  B=2\n#comment\nFOO\nUNSET_VAR\nC=trailing space \n' >f1
    printf 'A=2\nD=4\n' >f2
    printf '\xef\xbb\xbfA=bom\n' >fbom
    printf 'A=1\r\nB=2\r\n' >fcrlf
    docker tag "$PLAIN" false
    local line count=0 id want got
    while IFS= read -r line; do
        [[ -z "$line" || "$line" == \#* ]] && continue
        eval "set -- ${line//IMG/$PLAIN}"
        want=$("$ROOT/build/tests/parse-dump" docker create --network none "$@" | normalize)
        id=$(docker create --network none "$@") || fail "docker refused: $line"
        got=$(docker inspect --format '{"image":{{json .Config.Image}},"env":{{json .Config.Env}}}' "$id" | normalize)
        docker rm "$id" >/dev/null
        [ "$got" = "$want" ] || fail "$line
  docker: $got
  leash:  $want"
        count=$((count + 1))
    done <"$ROOT/tests/e2e/conformance.argv"
    [ "$count" -ge 60 ] || fail "only $count argvs"
    docker rmi false >/dev/null
}
