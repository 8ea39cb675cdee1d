#!/usr/bin/env bash
# Starts a demo Circles on a free local port, runs check_feeds.py, check_jsonld.py, check_hsds.py and check_hsds_schedules.py against it, stops it; then
# schemathesis against the same server's /openapi.json with an admin key (last on it: it writes);
# then check_deterministic.py (two Circles of its own, one after the other) and check_mail.py, which starts a Circles of its own that sends to aiosmtpd.
# Usage: Tests/contract/run.sh [path to the circles binary]   (default: .build/debug/circles, built if missing)
set -euo pipefail
cd "$(dirname "$0")/../.."
binary="${1:-.build/debug/circles}"
[ -x "$binary" ] || swift build --product circles
python3 -c 'import icalendar, recurring_ical_events, jsonschema, referencing, aiosmtpd, frictionless, dateutil, rdflib, pyld, schemathesis' 2>/dev/null || python3 -m pip install --quiet -r Tests/contract/requirements.txt
work="$(mktemp -d)"
port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
CIRCLES_SUPERVISOR=0 "$binary" serve --demo --host 127.0.0.1 --port "$port" --database "$work/circles.sqlite" --secret-key-file "$work/circles.key" \
    >"$work/access.log" 2>"$work/server.log" &
server=$!
trap 'kill "$server" 2>/dev/null; wait "$server" 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 1 100); do
    python3 -c "import urllib.request, sys; urllib.request.urlopen(sys.argv[1], timeout=1)" "http://127.0.0.1:$port/readyz" 2>/dev/null && break
    kill -0 "$server" 2>/dev/null || { cat "$work/server.log"; exit 1; }
    sleep 0.1
done
status=0
# libcurl is loaded only to send an https webhook (Sources/CLazyCurl): a server that has sent none does not carry it.
if grep -q 'libcurl' "/proc/$server/maps"; then echo "libcurl is loaded by a server that has sent no https webhook"; status=1; fi
python3 Tests/contract/check_feeds.py "http://127.0.0.1:$port" || status=1
# Every page's JSON-LD through PyLD and rdflib with the schema.org vocabulary, and Google's Event rules.
python3 Tests/contract/check_jsonld.py "http://127.0.0.1:$port" || status=1
# HSDS 3: the API, an export and the demo directory's files, validated against the specification's own JSON schemas.
"$binary" export --format hsds "$work/hsds" --base-url "http://127.0.0.1:$port" --database "$work/circles.sqlite" --secret-key-file "$work/circles.key"
python3 Tests/contract/check_hsds.py "http://127.0.0.1:$port" --export "$work/hsds" --demo Demo/directory --database "$work/circles.sqlite" || status=1
# HSDS schedules as a consumer that applies their UTC offset reads them (python-dateutil), against /api/v1's meetings;
# it adds a group on London time and one on Sydney time with an admin key, so it runs after the checks above.
key="$("$binary" key create --role admin --name contract --database "$work/circles.sqlite" --secret-key-file "$work/circles.key")"
python3 Tests/contract/check_hsds_schedules.py "http://127.0.0.1:$port" "$key" || status=1
# Schemathesis: every operation of /openapi.json with generated requests and every check (an admin key, so the
# authenticated operations are exercised too). Bounded: few examples per operation, no stateful phase, at most
# 8 minutes. Tests/contract/schemathesis.toml lists the answers that depend on data or the clock. It writes
# (creates, changes and deletes rows), so it runs after the checks above that read the demo directory.
# SCHEMATHESIS_SEED replays a run; SCHEMATHESIS_EXAMPLES asks for more examples. It may not revoke its own
# key (DELETE /api/v1/keys/1 is that key: every later request was a 401, and the run still passed);
# OpenAPITests and AccessMatrixTests cover that operation.
# One worker: with two threads, Hypothesis' ast.parse of a strategy's lambda can race in CPython 3.11
# and fail the run with "SystemError: AST constructor recursion depth mismatch" (python/cpython#106905).
timeout 480 python3 -m schemathesis.cli --config-file Tests/contract/schemathesis.toml run "http://127.0.0.1:$port/openapi.json" \
    --checks all --phases examples,coverage,fuzzing --max-examples "${SCHEMATHESIS_EXAMPLES:-10}" --seed "${SCHEMATHESIS_SEED:-20261205}" \
    --workers 1 --request-timeout 60 --generation-database none --no-color --warnings off -H "Authorization: Bearer $key" \
    --exclude-name "DELETE /api/v1/keys/{id}" >"$work/schemathesis.txt" 2>&1 \
    || { cat "$work/schemathesis.txt"; status=1; }
tail -n 1 "$work/schemathesis.txt"
# The same page has the same cursor, body and ETag in a second process (two servers of its own, one after the other).
python3 Tests/contract/check_deterministic.py "$binary" || status=1
# Mail: aiosmtpd receives every kind of message, Python's email package parses it (a server of its own, with --smtp-url).
python3 Tests/contract/check_mail.py "$binary" || status=1
exit $status
