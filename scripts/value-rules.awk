# Turns src/core/value_rules.tsv into C++ initializers for src/core/credentials.cc, one rule per line, in
# the file's order (the C++ sorts them for its lookup by first character).
BEGIN {
    FS = "\t"
    split("alnum word alnum- word- base32 upper hex path", names, " ")
    split("kAlnum kWord kAlnumDash kWordDash kBase32 kUpper kHex kPath", consts, " ")
    for (i in names) body[names[i]] = consts[i]
}
function fail(what) { printf "value-rules.awk: line %d: %s\n", NR, what > "/dev/stderr"; bad = 1; exit 1 }
/^#/ || $1 == "prefix" || NF == 0 { next }
{
    if (NF != 7) fail("expected 7 tab-separated fields, found " NF)
    if ($1 == "" || $1 ~ /["\\]/ || $5 ~ /["\\]/ || $6 ~ /["\\]/) fail("empty prefix, or a quote or backslash")
    if (!($2 in body)) fail("unknown body " $2)
    if ($3 !~ /^[0-9]+$/ || $4 !~ /^[0-9]+$/ || $3 < 1 || ($4 != 0 && $4 < $3)) fail("bad min/max " $3 "/" $4)
    if ($6 == "" || $7 == "") fail("a rule needs its kind and its source")
    printf "{\"%s\", %s, %d, %d, \"%s\", \"%s\"},\n", $1, body[$2], $3, $4, $5, $6
}
END { if (bad) exit 1 }
