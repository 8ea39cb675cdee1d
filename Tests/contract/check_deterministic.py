#!/usr/bin/env python3
"""The same page gives the same cursor, body and ETag in another process.

Starts Circles (demo data) on a free port, reads a few pages that carry cursors and validators, stops
it, starts a second process on the same database and reads them again: every byte and every ETag must
match. Swift's hashing is seeded per process, so JSON written with its keys in dictionary order (a
cursor encoded without sorted keys) differs between the two runs.

Usage: check_deterministic.py BINARY
"""
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request

PAGES = [
    "/api/v1/groups?limit=2",
    "/api/v1/groups?q=grief&limit=1",
    "/api/v1/groups?near=39.74,-104.99&limit=2",
    "/api/v1/meetings?from=2030-01-01&to=2030-01-31&limit=3",
    "/api/v1/organizations?limit=1",
    "/search?q=grief",
    "/hsds/services?per_page=3",
    "/api/v1/feeds/meeting-guide.json",
]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(binary, work):
    port = free_port()
    env = dict(os.environ, CIRCLES_SUPERVISOR="0")
    server = subprocess.Popen(
        [binary, "serve", "--demo", "--host", "127.0.0.1", "--port", str(port), "--database", f"{work}/circles.sqlite",
         "--secret-key-file", f"{work}/circles.key"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    for _ in range(300):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/readyz", timeout=1)
            return server, port
        except OSError:
            if server.poll() is not None:
                sys.exit("the server stopped")
            time.sleep(0.1)
    sys.exit("the server did not start")


def read(port):
    """Each page and the page its next link leads to: (status, ETag, body)."""
    seen = {}
    queue = list(PAGES)
    while queue:
        path = queue.pop(0)
        # One Host for both runs: absolute links are built from it, and the two processes' ports differ.
        request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers={"Host": "circles.test"})
        with urllib.request.urlopen(request, timeout=30) as response:
            body = response.read()
            seen[path] = (response.status, response.headers.get("ETag"), body)
        if path.startswith("/api/v1/") and not path.endswith(".json") and path in PAGES:
            following = json.loads(body).get("next")
            if following:
                queue.append(following)
    return seen


def main():
    binary = sys.argv[1]
    with tempfile.TemporaryDirectory() as work:
        runs = []
        for _ in range(2):
            server, port = start(binary, work)
            try:
                runs.append(read(port))
            finally:
                server.terminate()
                server.wait(timeout=30)
    first, second = runs
    failures = []
    if first.keys() != second.keys():
        failures.append(f"different next links: {sorted(first.keys() ^ second.keys())}")
    for path in first.keys() & second.keys():
        if first[path] != second[path]:
            failures.append(f"{path}: {'ETag' if first[path][1] != second[path][1] else 'body'} differs after a restart")
    cursors = [p for p in first if "cursor=" in p]
    if not cursors:
        failures.append("no page had a next cursor to compare")
    for failure in failures:
        print("deterministic:", failure)
    print(f"deterministic: {len(first)} pages ({len(cursors)} reached by a cursor) compared across two processes")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
