#!/bin/bash
# Private container engines for the end-to-end tests and the demo: dockerd on vfs without a bridge,
# podman with runc and cgroupfs.
#
#   scripts/engines.sh start DIR   starts dockerd and prepares podman under DIR, imports the test images
#                                  into both, and writes DIR/env, to be sourced
#   scripts/engines.sh stop DIR    removes every container, stops what start started (by its pid) and
#                                  deletes DIR
#
# No registry is reachable here, so the images are made from busybox-static: each has sh, env, sleep
# and friends, and the agent commands claude, codex, gemini, qwen and opencode (and npx), which run env; with no
# command given, a container runs env too.
set -euo pipefail

images=(
    example.com/team/claude-code:latest
    example.com/team/codex:latest
    example.com/team/gemini-cli:latest
    example.com/team/qwen-code:latest
    example.com/team/opencode:latest
    example.com/tools/plain:latest
    public.ecr.aws/s5i7k8t3/strongdm/coder:latest
)

die() { echo "engines.sh: $*" >&2; exit 1; }

image_rootfs() {
    local root=$1/rootfs
    mkdir -p "$root/bin" "$root/tmp"
    cp /bin/busybox "$root/bin/"
    for c in sh env cat echo true false printenv sleep ls id; do ln -s busybox "$root/bin/$c"; done
    for a in claude codex gemini qwen opencode npx; do
        printf '#!/bin/sh\nexec env "$@"\n' > "$root/bin/$a"
        chmod +x "$root/bin/$a"
    done
}

start_dockerd() {
    local d=$1/docker
    mkdir -p "$d"
    setsid dockerd --data-root "$d/data" --exec-root "$d/exec" --pidfile "$d/pid" \
        -H "unix://$d/docker.sock" --storage-driver vfs --iptables=false --ip6tables=false \
        --bridge=none --exec-opt native.cgroupdriver=cgroupfs >"$d/log" 2>&1 </dev/null &
    # Its own pidfile comes only once it is up; this one lets stop find a dockerd that never got there.
    echo $! >"$d/started.pid"
    export DOCKER_HOST="unix://$d/docker.sock"
    for _ in $(seq 120); do
        docker version >/dev/null 2>&1 && return 0
        sleep 0.5
    done
    tail -n 20 "$d/log" >&2
    die "dockerd did not start"
}

setup_podman() {
    local d=$1/podman
    mkdir -p "$d"
    # tmp_dir is private too: in the shared default (/run/libpod), another run's `podman system reset`
    # deletes the "alive" file, and this podman then resets its running containers to "created".
    cat >"$d/containers.conf" <<CONF
[containers]
netns = "none"
default_ulimits = ["nofile=10000:10000", "nproc=1000:1000"]
[engine]
runtime = "runc"
cgroup_manager = "cgroupfs"
events_logger = "file"
tmp_dir = "$d/tmp"
CONF
    cat >"$d/storage.conf" <<CONF
[storage]
driver = "vfs"
runroot = "$d/run"
graphroot = "$d/root"
CONF
    export CONTAINERS_CONF="$d/containers.conf" CONTAINERS_STORAGE_CONF="$d/storage.conf"
}

start() {
    local dir=$1
    [ -e "$dir/env" ] && die "$dir already holds engines; stop them first"
    mkdir -p "$dir"
    command -v dockerd >/dev/null || die "dockerd not found (apt-get install docker.io)"
    command -v podman >/dev/null || die "podman not found (apt-get install podman runc)"
    [ -x /bin/busybox ] || die "/bin/busybox not found (apt-get install busybox-static)"
    image_rootfs "$dir"
    start_dockerd "$dir"
    setup_podman "$dir"
    # Each image its own, as in life: one tar with a file naming the image, so that no two names share
    # an image ID (leash recognizes an image by every name the runtime knows it by).
    mkdir -p "$dir/rootfs/etc"
    for i in "${images[@]}"; do
        echo "$i" >"$dir/rootfs/etc/image-name"
        tar -C "$dir/rootfs" -cf "$dir/image.tar" .
        docker import -c 'CMD ["env"]' "$dir/image.tar" "$i" >/dev/null
        podman import -q -c 'CMD ["env"]' "$dir/image.tar" "$i" >/dev/null
    done
    cat >"$dir/env" <<ENV
export DOCKER_HOST='$DOCKER_HOST'
export CONTAINERS_CONF='$CONTAINERS_CONF'
export CONTAINERS_STORAGE_CONF='$CONTAINERS_STORAGE_CONF'
ENV
}

stop() {
    local dir=$1 pid
    [ -d "$dir" ] || return 0
    # shellcheck disable=SC1091
    [ -e "$dir/env" ] && . "$dir/env"
    if [ -n "${CONTAINERS_CONF:-}" ] && command -v podman >/dev/null; then
        podman rm -af -t 0 >/dev/null 2>&1 || true
        podman system reset -f >/dev/null 2>&1 || true
    fi
    if [ -e "$dir/docker/started.pid" ]; then
        pid=$(cat "$dir/docker/pid" 2>/dev/null || cat "$dir/docker/started.pid")
        docker rm -f $(docker ps -aq 2>/dev/null) >/dev/null 2>&1 || true
        kill "$pid" 2>/dev/null || true
        for _ in $(seq 60); do
            kill -0 "$pid" 2>/dev/null || break
            sleep 0.5
        done
        kill -9 "$pid" 2>/dev/null || true
    fi
    # Anything still mounted below DIR (container shm, overlays) goes before the files do.
    { grep -o " $dir/[^ ]*" /proc/self/mounts || true; } | sort -r | while read -r m; do umount -l "$m" 2>/dev/null || true; done
    rm -rf "$dir"
}

case "${1:-}" in
start) [ $# = 2 ] || die "usage: engines.sh start DIR"; start "$2" ;;
stop) [ $# = 2 ] || die "usage: engines.sh stop DIR"; stop "$2" ;;
*) die "usage: engines.sh start|stop DIR" ;;
esac
