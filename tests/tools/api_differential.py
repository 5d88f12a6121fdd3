#!/usr/bin/env python3
"""Differential test of leash's Docker-API body reader against the real daemon.

    api_differential.py API_DUMP CASES IMAGE AGENT_IMAGE

Each line of CASES is EXPECT, a tab and a create body (IMG in it is IMAGE; a body written b'...' is a
Python bytes literal). The body goes to the daemon of DOCKER_HOST as POST /v1.41/containers/create, and
api-dump (leash's reader) reads the same bytes. EXPECT says what must happen: `same`, the daemon creates
the container and what it made of the body (its inspect) is what leash read: image, entrypoint and
command, Env in order, labels, working directory, mounts, host settings; `refused`, both refuse;
`stricter`, leash refuses and the daemon creates; `lenient`, leash reads and the daemon refuses.
Each `same` body is then judged for AGENT_IMAGE, claude's (api-dump --judge): what the daemon makes of
the body leash forwards holds no OPENAI_API_KEY, and is what leash read of it.
"""
import ast
import http.client
import json
import os
import socket
import subprocess
import sys

IMAGE_CMD = ["env"]  # what the test images run when the body names no command
# Settings the daemon fills in when the body leaves them empty (label=disable: for a privileged container,
# or one that shares the host's PID or IPC namespace).
DEFAULTS = {"network": {"default"}, "ipc": {"private", "shareable"}, "cgroupns": {"private", "host"},
            "security-opt": {"label=disable"}}
STRINGS = [("PidMode", "pid"), ("NetworkMode", "network"), ("IpcMode", "ipc"), ("UTSMode", "uts"),
           ("UsernsMode", "userns"), ("CgroupnsMode", "cgroupns")]
LISTS = [("CapAdd", "cap-add"), ("SecurityOpt", "security-opt"), ("DeviceCgroupRules", "device-cgroup-rule"),
         ("Links", "link")]


class UnixConnection(http.client.HTTPConnection):
    def __init__(self, path):
        super().__init__("localhost", timeout=60)
        self.unix_path = path

    def connect(self):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.connect(self.unix_path)


def request(method, url, body=None):
    host = os.environ["DOCKER_HOST"]
    if not host.startswith("unix://"):
        sys.exit(f"api_differential.py: DOCKER_HOST must be unix://, not {host}")
    c = UnixConnection(host[len("unix://"):])
    headers = {"Content-Type": "application/json"} if body is not None else {}
    c.request(method, url, body=body, headers=headers)
    r = c.getresponse()
    data = r.read()
    c.close()
    return r.status, data


def clean(p):
    """Go's path.Clean."""
    rooted = p.startswith("/")
    out = []
    for part in p.split("/"):
        if part in ("", "."):
            continue
        if part == "..":
            if out and out[-1] != "..":
                out.pop()
            elif not rooted:
                out.append("..")
        else:
            out.append(part)
    s = ("/" if rooted else "") + "/".join(out)
    return s or "."


def cap(value):
    value = value.upper()
    return value[4:] if value.startswith("CAP_") else value


def bind(spec):
    parts = spec.split(":", 2)
    source, target = ("", parts[0]) if len(parts) == 1 else (parts[0], parts[1])
    kind = "bind" if source.startswith("/") else "volume"
    ro = len(parts) == 3 and "ro" in parts[2].split(",")
    return [kind, clean(source) if kind == "bind" else source, clean(target), ro]


def mount(m):
    kind = m.get("Type") if m.get("Type") in ("bind", "volume", "tmpfs") else "other"
    source = m.get("Source", "")
    driver = ((m.get("VolumeOptions") or {}).get("DriverConfig") or {})
    opts = driver.get("Options") or {}
    if kind == "volume" and driver.get("Name", "") in ("", "local") and "device" in opts and \
            set(opts.get("o", "").split(",")) & {"bind", "rbind"}:
        kind, source = "bind", opts["device"]
    return [kind, source, m.get("Target", ""), bool(m.get("ReadOnly"))]


def daemon_view(info, leash_host):
    cfg, hc = info["Config"], info["HostConfig"]
    host = [["privileged", "true"]] if hc.get("Privileged") else []
    host += [[name, hc[key]] for key, name in STRINGS if hc.get(key)]
    host += [[name, v] for key, name in LISTS for v in hc.get(key) or []]
    for d in hc.get("Devices") or []:
        host.append(["device", ":".join([d.get("PathOnHost", ""), d.get("PathInContainer", ""),
                                         d.get("CgroupPermissions", "")]).rstrip(":")])
    # A default counts where leash read the setting: with that value, or any value for a one-value setting.
    def read(n, v):
        return [n, v] in leash_host or (n != "security-opt" and any(ln == n for ln, _ in leash_host))
    host = [[n, v] for n, v in host if v not in DEFAULTS.get(n, ()) or read(n, v)]
    return {
        "image": cfg.get("Image"),
        "command": (cfg.get("Entrypoint") or []) + (cfg.get("Cmd") or []),
        "env": cfg.get("Env") or [],
        "labels": cfg.get("Labels") or {},
        "workdir": cfg.get("WorkingDir") or None,
        "mounts": sorted([bind(b) for b in hc.get("Binds") or []] + [mount(m) for m in hc.get("Mounts") or []]),
        "host": sorted([n, cap(v) if n == "cap-add" else v] for n, v in host),
    }


def leash_view(d):
    command = ([d["entrypoint"]] if d["entrypoint"] is not None else []) + d["command"]
    return {
        "image": d["image"],
        "command": command if command or d["entrypoint"] is not None else IMAGE_CMD,
        "env": d["env"],
        "labels": d["labels"],
        "workdir": d["workdir"],
        "mounts": sorted([m["type"], m["source"], m["target"], m["readonly"]] for m in d["mounts"]),
        "host": sorted([n, cap(v) if n == "cap-add" else v] for n, v in d["host"]),
    }


def create(body):
    """What the daemon made of a create body: its inspect, or its refusal."""
    status, answer = request("POST", "/v1.41/containers/create", body)
    if status != 201:
        return None, answer
    cid = json.loads(answer)["Id"]
    _, info = request("GET", f"/v1.41/containers/{cid}/json")
    request("DELETE", f"/v1.41/containers/{cid}?force=1&v=1")
    return json.loads(info), answer


def dump(api_dump, body, *args):
    return json.loads(subprocess.run([api_dump, *args], input=body, capture_output=True, check=False).stdout)


def judged(api_dump, text, body, host):
    """None if the body leash forwards for claude's image reads as the daemon reads it, else why not.
    A body that asks for host access (leash read host settings in it) is refused for an agent's container:
    a 403 that says so, and nothing reaches the daemon."""
    verdict = dump(api_dump, body, "--judge")
    if not verdict["forward"]:
        if host and verdict.get("status") == 403 and "hands the container the host" in verdict["body"]:
            return None
        return f"refused: {verdict['body']}"
    forwarded = verdict["body"].encode("utf-8", "surrogateescape")
    daemon, answer = create(forwarded)
    if daemon is None:
        return f"the daemon refused the forwarded body {forwarded!r}: {answer!r}"
    env = daemon["Config"].get("Env") or []
    if any(e.startswith("OPENAI_API_KEY=") for e in env):
        return f"OPENAI_API_KEY reached claude's container: {forwarded!r}"
    if env != dump(api_dump, forwarded)["env"]:
        return f"the daemon read Env {env} from {forwarded!r}"
    return None


def main():
    api_dump, cases, image, agent_image = sys.argv[1:]
    failures, count = [], 0
    with open(cases, encoding="utf-8") as f:
        lines = [l.rstrip("\n") for l in f if l.strip() and not l.startswith("#")]
    for line in lines:
        expect, text = line.split("\t", 1)
        body = ast.literal_eval(text) if text.startswith("b'") else text.encode("utf-8")
        body = body.replace(b"IMG", image.encode())
        leash = dump(api_dump, body)
        daemon, answer = create(body)
        got = ("same" if "error" not in leash else "stricter") if daemon else \
            ("lenient" if "error" not in leash else "refused")
        count += 1
        if got != expect:
            why = leash.get("error") if "error" in leash else answer.decode("utf-8", "replace").strip()
            failures.append(f"{text}\n  expected {expect}, got {got}: {why}")
        elif got == "same":
            want, have = leash_view(leash), daemon_view(daemon, leash["host"])
            if want != have:
                failures.append(f"{text}\n  leash:  {json.dumps(want)}\n  daemon: {json.dumps(have)}")
            elif why := judged(api_dump, text, body.replace(image.encode(), agent_image.encode()), leash["host"]):
                failures.append(f"{text}\n  judged for {agent_image}: {why}")
    request("DELETE", "/v1.41/volumes/leash-diff")
    for f in failures:
        print(f"MISMATCH: {f}", file=sys.stderr)
    print(f"api reader: {count - len(failures)} of {count} bodies read as the daemon reads them")
    sys.exit(1 if failures or count < 60 else 0)


if __name__ == "__main__":
    main()
