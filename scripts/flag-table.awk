# Turns src/flags.tsv into C++ initializers for src/flags.cc, one row per line, sorted by long name
# by the caller (`sort -k1,1`, then the first word dropped), so that the table can be searched by binary search.
BEGIN { FS = "\t" }
/^#/ || $1 == "runtime" || NF == 0 { next }
{
    tool = "kDocker"
    if ($1 == "podman") tool = "kPodman"
    else if ($1 == "nerdctl") tool = "kNerdctl"
    n = split($2, ws, ",")
    where = ""
    for (i = 1; i <= n; i++) {
        w = ws[i]
        if (w == "global" || w == "global-local") m = "kGlobal"
        else if (w == "global-persistent") m = "kGlobal | kPersistent"
        else if (w == "run") m = "kRun"
        else if (w == "create") m = "kCreate"
        else if (w == "exec") m = "kExec"
        else { print "flag-table.awk: unknown position " w > "/dev/stderr"; exit 1 }
        where = where (where == "" ? "" : " | ") m
    }
    if ($5 != "value" && $5 != "bool") { print "flag-table.awk: bad arity " $5 > "/dev/stderr"; exit 1 }
    name = substr($3, 3)
    short = ($4 == "") ? "0" : "'" substr($4, 2, 1) "'"
    printf "%s {\"%s\", %s, %s, %s, %s},\n", name, name, short, ($5 == "value" ? "true" : "false"), where, tool
}
