# Turns src/core/runtimes.list (one name a line; # comments) into build/gen/core/runtime_names.h, C string
# literals that C and C++ alike put in an array: LEASH_RUNTIME_NAMES, and LEASH_RUNTIME_NAME_SIZE, the size
# of a char array that holds the longest name with its NUL.
/^#/ || NF == 0 { next }
# Each becomes a shell function's name, a file name and a C string.
$0 !~ /^[a-z][a-z0-9._+-]*$/ {
    print FILENAME ":" NR ": not a runtime name: " $0 > "/dev/stderr"
    bad = 1
    exit 1
}
{
    names = names (names == "" ? "" : ", ") "\"" $0 "\""
    if (length($0) > length(longest)) longest = $0
}
END {
    if (bad) exit 1
    if (names == "") { print FILENAME ": no runtime names" > "/dev/stderr"; exit 1 }
    print "// Generated from src/core/runtimes.list by scripts/runtime-names.awk: do not edit."
    print "#define LEASH_RUNTIME_NAMES " names
    print "#define LEASH_RUNTIME_NAME_SIZE sizeof \"" longest "\""
}
