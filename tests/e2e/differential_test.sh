# Differential test of leash's parser against the docker CLI: 1,000 docker create argvs generated from the
# flag table (tests/tools/differential.py, values from differential.values); for each, what parse-dump
# finds must be what docker sends, as docker inspect shows it. The seed is fixed so that a failure can be
# run again; SEED=N picks another, SEED=random a random one (`make fuzz`).

test_parser_agrees_with_the_docker_cli_on_generated_argvs() {
    local seed=${SEED:-1129}
    [ "$seed" != random ] || seed=$(od -An -N4 -tu4 /dev/urandom | tr -d ' ')
    python3 "$ROOT/tests/tools/differential.py" "$ROOT/build/tests/parse-dump" "$ROOT/tests/e2e/differential.values" \
        "$ROOT/src/core/flags.tsv" "$PLAIN" 1000 "$seed"
}
