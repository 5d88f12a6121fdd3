# The adversarial suite: every line of adversarial.cases is one way to smuggle a credential into an agent's
# container, run through leash against the real engine; the container's `env` must hold exactly the
# credentials the line expects. One test per runtime; a failing case is reported and the others still run.
# run.sh removes the containers a test leaves.

CLAUDE_CODEX=example.com/team/claude-codex-bridge
AIDER=example.com/team/aider

many() {
    local n=$1
    shift
    for _ in $(seq "$n"); do printf '%s ' "$@"; done
}
long() { head -c "$1" /dev/zero | tr '\0' x; }

adversarial_files() {
    mkdir files
    printf 'OPENAI_API_KEY=from-file\nA=1\n' >files/plain.env
    printf 'OPENAI_API_KEY\nGOOGLE_API_KEY\nGITHUB_TOKEN\nA=1\n' >files/bare.env
    printf '\xef\xbb\xbfOPENAI_API_KEY=bom\nA=1\n' >files/bom.env
    printf '\xef\xbb\xbfOPENAI_API_KEY\nGOOGLE_API_KEY\n' >files/bom-bare.env
    printf 'OPENAI_API_KEY=crlf\r\nGOOGLE_API_KEY\r\nA=1\r\n' >files/crlf.env
    printf 'OPENAI_API_KEY   \nGOOGLE_API_KEY=x  \nGITHUB_TOKEN\t\n' >files/trailing.env
    printf 'export OPENAI_API_KEY=x\nexport GOOGLE_API_KEY\nexport\tGITHUB_TOKEN=t\n' >files/export.env
    printf 'OPENAI_API_KEY =x\nGOOGLE_API_KEY  =y\n' >files/space-before-equals.env
    printf 'OPENAI_API_KEY\t=x\nGOOGLE_API_KEY\t\n' >files/tab-before-equals.env
    printf 'ANTHROPIC_API_KEY=first\nOPENAI_API_KEY=a\nOPENAI_API_KEY=b\nANTHROPIC_API_KEY=second\n' >files/duplicates.env
    printf '  OPENAI_API_KEY=x\n\tGOOGLE_API_KEY=y\n \t GITHUB_TOKEN\n' >files/indented.env
    printf '\xc2\xa0OPENAI_API_KEY=x\n\xe3\x80\x80GOOGLE_API_KEY=y\n\xe2\x80\x83GITHUB_TOKEN=z\n\xe1\x9a\x80DB_PASSWORD\n' \
        >files/unicode-spaces.env
    printf '\xe3\x80\x80WORK_ACME=from-file\n\xe2\x80\x83WORK_ACME\n' >files/unicode-acme.env
    printf 'openai_api_key=x\nGithub_Token=y\n' >files/lower-case.env
    printf 'GITHUB_TOKEN=ghp\nDB_PASSWORD=pw\nAWS_SECRET_ACCESS_KEY=aws\nMY_CREDENTIALS=c\nSOME_SECRET\n' \
        >files/other-credentials.env
    printf '#OPENAI_API_KEY=x\n  # GOOGLE_API_KEY=y\n\t#DB_PASSWORD=z\n' >files/comments.env
    printf '\v#OPENAI_API_KEY=x\n\f GOOGLE_API_KEY=y\n' >files/vertical-tab.env
    printf 'A=1\nOPENAI_API_KEY=last' >files/no-final-newline.env
    printf 'OPENAI_API_KEY=\nGITHUB_TOKEN=\n' >files/empty-value.env
    printf 'ANTHROPIC_API_KEY=from-file\n' >files/key.env
    printf 'OPENAI_API_KEY*=x\nGOOGLE_API_KEY*\n' >files/star-name.env
    printf 'OPENAI_API_KEY=%s\nA=1\n' "$(long 70000)" >files/long-line.env
    printf 'OPEN*\n*\nG*\n' >files/wildcards.env
    printf '\xff\xfeX=1\nOPENAI_API_KEY=x\n' >files/invalid-utf8.env
    printf 'WORK_CLAUDE_KEY=from-file\n' >files/work.env
    printf 'SETTING=%s\nDB=postgres://app:hunter2@db/x\nA=1\n' "$(printf 'sk-proj-%064d' 7)" >files/by-value.env
    printf 'MY_VAR\nA=1\n' >files/by-value-bare.env
    printf 'GH_PAT=x\nAZURE_OPENAI_KEY=y\nDB_PASSPHRASE=z\nA=1\n' >files/by-name.env
    # The file doors: other stores in a home, and a project's own env-files.
    mkdir -p "$HOME/.codex" "$HOME/.aws" "$HOME/.claude" files/proj/.gemini
    printf 'OPENAI_API_KEY=from-codex-store\n' >"$HOME/.codex/auth.env"
    printf 'AWS_SECRET_ACCESS_KEY=from-aws-store\n' >"$HOME/.aws/credentials"
    printf 'ANTHROPIC_API_KEY=from-claude-store\n' >"$HOME/.claude/login.env"
    printf 'GITHUB_TOKEN=from-netrc\n' >"$HOME/.netrc"
    printf 'OPENAI_API_KEY=from-dotenv\nexport GITHUB_TOKEN=from-dotenv\nPRIVATE_KEY="-----BEGIN\nDB_PASSWORD=inside-a-quoted-value\n-----END"\nA=1\n' >files/proj/.env
    printf 'GOOGLE_API_KEY=from-gemini-dotenv\nA=1\n' >files/proj/.gemini/.env
    printf 'OPENAI_API_KEY=from-dotenv-local\n' >files/proj/.env.local
}

# Writes TEXT (with \n escapes) to $WORK/NAME.ini, mode 600, and sets CONF_NAME to its path.
adversarial_config() {
    printf '%b' "$2" >"$WORK/$1.ini"
    chmod 600 "$WORK/$1.ini"
    printf -v "CONF_$1" '%s' "$WORK/$1.ini"
}

adversarial_configs() {
    adversarial_config REMAP '[agent.claude]\nkeys = ANTHROPIC_API_KEY=WORK_CLAUDE_KEY\nenv = CLAUDE_MODE=work TELEMETRY=0\n'
    adversarial_config REMAP_OTHER '[agent.claude]\nkeys = ANTHROPIC_API_KEY=OPENAI_API_KEY\n'
    adversarial_config FIXED_CREDENTIAL '[agent.claude]\nenv = OPENAI_API_KEY=fixed\n'
    adversarial_config FIXED_LOWER_CASE '[agent.claude]\nenv = openai_api_key=fixed\n'
    adversarial_config TWO_KEYS '[agent.claude]\nkeys = ANTHROPIC_API_KEY GITHUB_TOKEN\n'
    adversarial_config SHARED_KEY '[agent.aider]\nkeys = OPENAI_API_KEY\nimages = *aider*\n'
    adversarial_config ACME '[agent.acme]\nkeys = WORK_ACME\nimages = *acme*\n'
    adversarial_config GREEDY '[agent.x]\nkeys = X_TOKEN\nimages = *\n'
    adversarial_config WITHHOLD '[leash]\nother_containers = withhold\n'
    adversarial_config MY_PATTERN '[leash]\nsecret_patterns = *_PAT\n'
    adversarial_config MY_VALUES '[leash]\nsecret_values = acme_live_*\n'
    adversarial_config EXEMPT '[leash]\nnot_secret = GITHUB_TOKEN\n'
    adversarial_config ALLOW_HOST '[agent.claude]\nallow_host = pid=host mount=/\n'
    adversarial_config FIXED_SHAPE "[agent.claude]\\nenv = MODE=$(printf 'ghp_%036d' 1)\\n"
}

# One case on runtime RT; prints why it failed, if it did.
adversarial_case() {
    local rt=$1 env=$2 expected=$3 argv=$4 entries=() want got name rc=0 before id
    eval "set -- $argv"
    [ "$env" = - ] || eval "entries=($env)"
    local run=(python3 "$ROOT/tests/tools/with_env.py" "${entries[@]}" -- "$LEASH" exec -- "$rt" "$@")
    if [ "$expected" = refused ]; then
        before=$("$rt" ps -aq | wc -l)
        "${run[@]}" >"$WORK/out" 2>"$WORK/err" || rc=$?
        [ "$rc" = 125 ] && grep -q '^leash: ' "$WORK/err" && [ "$(wc -l <"$WORK/err")" = 1 ] ||
            echo "exit status $rc, not a refusal: $(head -c 300 "$WORK/err")"
        [ "$("$rt" ps -aq | wc -l)" = "$before" ] || echo "a container was created"
        return 0
    fi
    if [[ "$1 $2" == "create "* || "$1 $2" == "container create" ]]; then
        id=$("${run[@]}" 2>"$WORK/err") && "$rt" start -a "$id" >"$WORK/out" 2>>"$WORK/err" || rc=$?
        [ -z "$id" ] || "$rt" rm -f "$id" >/dev/null 2>&1 || true
    else
        "${run[@]}" >"$WORK/out" 2>"$WORK/err" </dev/null || rc=$?
    fi
    [ "$rc" = 0 ] || { echo "exit status $rc: $(head -c 300 "$WORK/err")"; return 0; }
    want=""
    [ "$expected" = - ] || want=$(tr ' ' '\n' <<<"$expected" | cut -d= -f1 | LC_ALL=C sort -u | tr '\n' ' ' | sed 's/ $//')
    got=$(credential_names <"$WORK/out")
    [ "$got" = "$want" ] || echo "credentials in the container: [$got], expected [$want]"
    for name in $expected; do
        [[ "$name" != *=* ]] || [ "$(value_of "${name%%=*}" | tr -d '\r')" = "${name#*=}" ] ||
            echo "${name%%=*} does not hold the expected value"
    done
}

# Runs every case of adversarial.cases for runtime RT (both, or RT by name).
adversarial_suite() {
    local rt=$1 line n=0 runs=0 failures=0 r env expected argv why
    set_keys
    export GITHUB_TOKEN=ghp-test DB_PASSWORD=pw-test AWS_SECRET_ACCESS_KEY=aws-test MY_CREDENTIALS=cred-test \
        X_TOKEN=x-test
    adversarial_files
    adversarial_configs
    # Images of their own (a tag of $PLAIN would make the plain image theirs too, as leash recognizes an
    # image by every name the runtime knows it by).
    for image in "$CLAUDE_CODEX" "$AIDER"; do
        "$rt" create --name leash-adv-base "$PLAIN" true >/dev/null
        "$rt" commit leash-adv-base "$image" >/dev/null
        "$rt" rm leash-adv-base >/dev/null
    done
    "$rt" run -d --name leash-adv-claude "$CLAUDE" sleep 600 >/dev/null
    "$rt" run -d --name leash-adv-plain "$PLAIN" sleep 600 >/dev/null
    # For --volumes-from: a container with the host's / mounted, and one with a project directory.
    "$rt" create --name leash-adv-root -v /:/host:ro "$PLAIN" true >/dev/null
    "$rt" create --name leash-adv-project -v "$PWD/files:/files:ro" "$PLAIN" true >/dev/null
    while IFS= read -r line; do
        n=$((n + 1))
        [[ -z "$line" || "$line" == \#* ]] && continue
        IFS='|' read -r r env expected argv <<<"$line"
        read -r r <<<"$r"
        read -r env <<<"$env"
        read -r expected <<<"$expected"
        [[ "$r" == both || "$r" == "$rt" ]] || continue
        runs=$((runs + 1))
        why=$(adversarial_case "$rt" "$env" "$expected" "$argv" </dev/null)
        [ -z "$why" ] || { echo "adversarial.cases:$n ($rt): $why" >&2; failures=$((failures + 1)); }
    done <"$ROOT/tests/e2e/adversarial.cases"
    echo "adversarial: $runs cases on $rt, $failures failed"
    [ "$failures" = 0 ] && [ "$runs" -ge 50 ]
}

test_smuggling_attempts_on_docker() { adversarial_suite docker; }
test_smuggling_attempts_on_podman() { adversarial_suite podman; }
