# Turns src/core/compose_options.tsv into the C++ table kComposeOptions of src/core/daemon_flags.cc, in the
# file's order.
BEGIN {
    FS = "\t"
    split("none host context tls", roles, " ")
    for (i in roles) role[roles[i]] = toupper(substr(roles[i], 1, 1)) substr(roles[i], 2)
    print "constexpr ComposeOption kComposeOptions[] = {"
}
function fail(what) { printf "compose-options.awk: line %d: %s\n", NR, what > "/dev/stderr"; bad = 1; exit 1 }
/^#/ || NF == 0 { next }
{
    if (NF != 5) fail("expected 5 tab-separated fields, found " NF)
    if ($1 !~ /^[a-z][a-z-]*$/) fail("not an option's name: " $1)
    if ($2 != "-" && $2 !~ /^[A-Za-z]$/) fail("not a letter: " $2)
    if ($3 != "value" && $3 != "flag") fail("arg is value or flag, not " $3)
    if ($4 != "1.x" && $4 != "v2") fail("since is 1.x or v2, not " $4)
    if (!($5 in role)) fail("unknown role " $5)
    printf "    {\"%s\", %s, %s, %s, Role::%s},\n", $1, $2 == "-" ? "0" : "'" $2 "'", $3 == "value" ? "true" : "false",
        $4 == "1.x" ? "true" : "false", role[$5]
}
END {
    if (bad) exit 1
    print "};"
}
