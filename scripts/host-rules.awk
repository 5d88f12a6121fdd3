# Turns src/core/host_rules.tsv into the two C++ tables of src/core/host_access.cc, in the file's order:
# kSettingRules ({flag, glob, why}) and kPathRules ({path, below, why}), each @NAME replaced by its reason.
BEGIN { FS = "\t" }
function fail(what) { printf "host-rules.awk: line %d: %s\n", NR, what > "/dev/stderr"; bad = 1; exit 1 }
function why(w) {
    if (w !~ /^@/) return w
    if (!(substr(w, 2) in reason)) fail("unknown reason " w)
    return reason[substr(w, 2)]
}
/^#/ || NF == 0 { next }
{
    if (NF != 4) fail("expected 4 tab-separated fields, found " NF)
    if ($0 ~ /["\\]/) fail("a quote or backslash")
    if ($2 == "" || $4 == "") fail("an empty name or reason")
    if ($1 == "reason") reason[$2] = $4
    else if ($1 == "setting") settings[++ns] = sprintf("{\"%s\", \"%s\", \"%s\"},", $2, $3, why($4))
    else if ($1 == "path") {
        if ($3 != "exact" && $3 != "below") fail("a path is exact or below, not " $3)
        paths[++np] = sprintf("{\"%s\", %s, \"%s\"},", $2, $3 == "below" ? "true" : "false", why($4))
    } else fail("unknown kind " $1)
}
END {
    if (bad) exit 1
    print "constexpr HostSettingRule kSettingRules[] = {"
    for (i = 1; i <= ns; i++) print settings[i]
    print "};"
    print "constexpr HostPathRule kPathRules[] = {"
    for (i = 1; i <= np; i++) print paths[i]
    print "};"
}
