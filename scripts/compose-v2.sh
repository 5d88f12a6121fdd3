#!/bin/sh
# Fetches docker compose v2, the docker CLI plugin, for the end-to-end tests: Debian 12 packages only
# compose 1.x, so it comes from Debian 13's docker-compose package, through apt with a private source
# list (the archive's signature and the package's hash checked, the system's own sources untouched) and
# unpacked into a cache, never installed. Prints the plugin's path; fetches only when it is missing.
set -eu

cache=${LEASH_TEST_CACHE:-/var/cache/leash-tests}
plugin=$cache/compose-v2/usr/libexec/docker/cli-plugins/docker-compose
if [ -x "$plugin" ]; then
    echo "$plugin"
    exit 0
fi
if [ "$(id -u)" != 0 ] && ! mkdir -p "$cache" 2>/dev/null; then
    echo "compose-v2.sh: cannot write $cache; run as root or set LEASH_TEST_CACHE" >&2
    exit 1
fi

apt=$cache/apt
mkdir -p "$apt/lists/partial" "$apt/cache/archives/partial"
echo 'deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian trixie main' \
    >"$apt/sources.list"
set -- -o Dir::Etc::SourceList="$apt/sources.list" -o Dir::Etc::SourceParts=/nonexistent \
    -o Dir::State::Lists="$apt/lists" -o Dir::Cache="$apt/cache" -o Dir::State::status=/dev/null \
    -o APT::Architecture=amd64 -o Debug::NoLocking=1 -o APT::Sandbox::User=root -qq
apt-get "$@" update >&2
(cd "$apt" && apt-get "$@" download docker-compose >&2)
rm -rf "$cache/compose-v2"
dpkg-deb -x "$apt"/docker-compose_2.*_amd64.deb "$cache/compose-v2"
rm -f "$apt"/docker-compose_*.deb
"$plugin" docker-cli-plugin-metadata >/dev/null
echo "$plugin"
