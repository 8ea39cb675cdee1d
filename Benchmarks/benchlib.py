"""What the Python benchmark scripts share: a release build, a server on loopback, its memory,
and the one-line JSON result that `Benchmarks/compare` collects from each script."""
import json
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_SCRATCH = os.environ.get("SCRATCH", os.path.join(ROOT, ".build-bench"))


def release_binary(scratch=DEFAULT_SCRATCH):
    """Builds `circles` in release mode (a no-op when up to date) and returns its path; with
    CIRCLES_BENCH_NO_BUILD set (compare --no-build), the binary already built is used as it is."""
    if os.environ.get("CIRCLES_BENCH_NO_BUILD"):
        return os.path.join(scratch, "release", "circles")
    print(f"Building Circles (release) in {scratch}...", file=sys.stderr)
    subprocess.run(["swift", "build", "-c", "release", "--scratch-path", scratch, "--product", "circles"],
                   cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    return os.path.join(scratch, "release", "circles")


def rss_kib(pid, field="VmRSS"):
    """Resident memory of a process from /proc (KiB): now, or its high-water mark with field="VmHWM"."""
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return -1


def cpu_seconds(pid):
    """User + system CPU time used so far by the process and its children (nginx's workers)."""
    ticks = 0
    for p in processes(pid):
        try:
            with open(f"/proc/{p}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            ticks += int(fields[11]) + int(fields[12])
        except (OSError, IndexError, ValueError):
            pass
    return ticks / os.sysconf("SC_CLK_TCK")


def processes(pid):
    """The process and its children (nginx's workers)."""
    found = [pid]
    try:
        children = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout.split()
        found += [int(c) for c in children]
    except OSError:
        pass
    return found


def wait_for_port(port, process, seconds=60):
    """Waits until something accepts on 127.0.0.1:port; exits if the process died first."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            if process.poll() is not None:
                sys.exit("the server stopped: " + (process.stderr.read().decode(errors="replace") if process.stderr else ""))
            if time.monotonic() > deadline:
                sys.exit(f"the server did not listen on {port} within {seconds} s")
            time.sleep(0.02)


class Server:
    """`circles serve --no-supervisor` on a loopback port with a database of its own (or the one
    given), so that the pid measured is the server itself. Use as a context manager."""

    def __init__(self, binary, port, database=None, demo=False, extra=()):
        self.work = tempfile.mkdtemp(prefix="circles-bench.")
        self.database = database or os.path.join(self.work, "circles.sqlite")
        self.port = port
        args = [binary, "serve", "--no-supervisor", "--host", "127.0.0.1", "--port", str(port),
                "--database", self.database, "--migrations", os.path.join(ROOT, "Migrations"),
                "--public", os.path.join(ROOT, "Public"), "--secret-key-file", os.path.join(self.work, "key")]
        if demo:
            args += ["--demo", "--demo-data", os.path.join(ROOT, "Demo", "directory")]
        self.args = args + list(extra)
        self.process = None

    def start(self, timeout=120):
        self.log = open(os.path.join(self.work, "access.log"), "wb")
        self.started = time.monotonic()
        self.process = subprocess.Popen(self.args, stdout=self.log, stderr=subprocess.PIPE)
        wait_for_port(self.port, self.process, timeout)
        return self

    def __enter__(self):
        return self.start()

    def stop(self):
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def __exit__(self, *exc):
        self.stop()
        subprocess.run(["rm", "-rf", self.work])

    @property
    def pid(self):
        return self.process.pid


def request(port, method, path, body=None, headers=None, timeout=10):
    """One request on a new connection; returns (status, body bytes)."""
    import http.client
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def admin_key(binary, database):
    """A new admin API key for the database (printed once by `circles key create`)."""
    out = subprocess.run([binary, "key", "create", "--role", "admin", "--database", database,
                          "--migrations", os.path.join(ROOT, "Migrations")],
                         check=True, capture_output=True, text=True).stdout
    return out.strip().split()[-1]


def result(measure, value, unit, goal, met, **details):
    """Prints the result line `Benchmarks/compare` reads: the script's last line on stdout."""
    line = {"measure": measure, "value": value, "unit": unit, "goal": goal, "met": bool(met)}
    line.update(details)
    print(json.dumps(line), flush=True)


def wrk_percentile(wrk_output, percentile):
    """A percentile ("50%", "99%") of wrk's --latency table, in milliseconds."""
    match = re.search(rf"^\s+{re.escape(percentile)}\s+([\d.]+)(us|ms|s)\s*$", wrk_output, re.M)
    if not match:
        return None
    value, unit = float(match.group(1)), match.group(2)
    return round(value / 1000 if unit == "us" else value * 1000 if unit == "s" else value, 2)


def wrk_requests(wrk_output):
    """How many requests wrk completed."""
    match = re.search(r"(\d+) requests in", wrk_output)
    return int(match.group(1)) if match else 0
