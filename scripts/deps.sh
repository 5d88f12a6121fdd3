#!/bin/sh
# Installs, on Debian, every package that building leash and running its tests needs, and only those
# that are missing. `make check` runs it first; it needs root only when something is missing.
set -eu

packages="g++ make pkg-config libfmt-dev libinih-dev libcriterion-dev libbenchmark-dev nlohmann-json3-dev
  libboost-dev docker.io containerd runc podman busybox-static docker-compose python3-docker curl systemd
  tmux zsh fish bash-completion shellcheck mandoc groff-base man-db python3 nodejs
  clang libclang-rt-dev valgrind
  build-essential debhelper dpkg-dev lintian libboost-dev nlohmann-json3-dev"

missing=""
for p in $packages; do
    dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q '^install ok installed$' || missing="$missing $p"
done
[ -z "$missing" ] && exit 0

if [ "$(id -u)" != 0 ]; then
    echo "deps.sh: missing packages:$missing; run as root, or: sudo apt-get install$missing" >&2
    exit 1
fi
echo "deps.sh: installing$missing" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# shellcheck disable=SC2086
apt-get install -y -qq --no-install-recommends $missing >/dev/null
