#!/usr/bin/env python3
"""Expands every HSDS schedule row the way a consumer that applies `timezone` does, and compares with /api/v1.

Usage: check_hsds_schedules.py BASE_URL API_KEY

HSDS 3.0's `schedule.timezone` is a UTC offset in hours. A consumer (the Open Referral UK validator's
reading, and any calendar built from HSDS) takes `dtstart` and `opens_at` as local time, expands the
iCalendar rule with python-dateutil's rrule (`freq`, `interval`, `byday`, `wkst`, `until`, `count`),
keeps the dates between the row's `valid_from` and `valid_to`, and subtracts the offset. Every
instant must be the one /api/v1/groups/{id}/meetings gives for that schedule and date, for a year
from tomorrow: across the next United States, European and Australian changes of offset. The demo
is in the United States, so the check first adds (with the admin key) an online group meeting on
London time and one on Sydney time, at hours that fall on either side of a change.
Prints one line per failure and ends with "N passed, N failed"; exits 1 when anything failed.
"""

import datetime as dt
import json
import sys
import urllib.request
import uuid

from dateutil import rrule

passed = 0
failed = 0
DAY = dt.timedelta(days=1)


def check(condition, message):
    global passed, failed
    if condition:
        passed += 1
    else:
        failed += 1
        print("FAIL:", message)
    return condition


def call(base, path, key=None, body=None):
    headers = {"Accept": "application/json"}
    if key:
        headers["Authorization"] = f"Bearer {key}"
    data = None
    if body is not None:
        data = json.dumps(body).encode()
        headers["Content-Type"] = "application/json"
        headers["Idempotency-Key"] = str(uuid.uuid4())
    request = urllib.request.Request(base + path, data=data, headers=headers, method="POST" if body is not None else "GET")
    with urllib.request.urlopen(request, timeout=60) as response:
        return json.loads(response.read())


def add_groups_abroad(base, key):
    """An online group on London time and one on Sydney time (02:30 on a Sunday is the hour Sydney repeats)."""
    organization = call(base, "/api/v1/organizations?limit=1", key)["data"][0]["id"]
    for slug, zone, schedules in (
        ("contract-london-evening", "Europe/London", [("weekly", ["sunday"], "01:30"), ("weekly", ["wednesday"], "19:00")]),
        ("contract-sydney-night", "Australia/Sydney", [("weekly", ["sunday"], "02:30"), ("biweekly", ["thursday"], "18:00")]),
    ):
        group = call(base, "/api/v1/groups", key, {
            "organization_id": organization, "slug": slug, "name": f"Contract check {zone}", "format": "online",
            "time_zone": zone, "online_url": "https://zoom.us/j/5550100"})
        for frequency, weekdays, start in schedules:
            call(base, f"/api/v1/groups/{group['id']}/schedules", key, {
                "frequency": frequency, "weekdays": weekdays, "start_time": start, "duration_minutes": 60,
                "starts_on": (dt.date.today() - dt.timedelta(days=30)).isoformat()})


def every_service(base):
    services, page = [], 1
    while True:
        body = call(base, f"/hsds/services?full=true&per_page=100&page={page}")
        services += body["contents"]
        if body["last_page"]:
            return services
        page += 1


def record_id(hsds_id):
    """The integer id an HSDS id of ours carries (its last 12 hex digits)."""
    return int(hsds_id.rsplit("-", 1)[1], 16)


WEEKDAYS = {"MO": rrule.MO, "TU": rrule.TU, "WE": rrule.WE, "TH": rrule.TH, "FR": rrule.FR, "SA": rrule.SA, "SU": rrule.SU}


def weekday(code):
    code = code.strip()
    n = code[:-2]
    return WEEKDAYS[code[-2:]](int(n)) if n else WEEKDAYS[code[-2:]]


def expand(row, start, end):
    """(local date, UTC instant) of each occurrence the row gives between start and end (UTC datetimes)."""
    opens = dt.time.fromisoformat(row["opens_at"])
    first = dt.datetime.combine(dt.date.fromisoformat(row["dtstart"]), opens)
    until = dt.datetime.combine(dt.date.fromisoformat(row["until"]), dt.time(23, 59)) if row.get("until") else None
    rule = rrule.rrule(
        {"WEEKLY": rrule.WEEKLY, "MONTHLY": rrule.MONTHLY}[row["freq"]], dtstart=first, interval=row.get("interval", 1),
        wkst=WEEKDAYS[row.get("wkst", "MO")], byweekday=[weekday(code) for code in row["byday"].split(",")],
        until=until, count=row.get("count"))
    valid_from = dt.date.fromisoformat(row["valid_from"])
    valid_to = dt.date.fromisoformat(row["valid_to"]) if row.get("valid_to") else dt.date.max
    offset = dt.timedelta(hours=row["timezone"])
    for local in rule.between(start.replace(tzinfo=None) - 2 * DAY, end.replace(tzinfo=None) + 2 * DAY, inc=True):
        if valid_from <= local.date() <= valid_to:
            instant = (local - offset).replace(tzinfo=dt.timezone.utc)
            if start <= instant < end:
                yield local.date(), instant


def meetings(base, group, start, end):
    """The group's meetings by (schedule id, original date): (status, starts_at), 62 days per request (the API's most)."""
    found, cursor = {}, start
    while cursor < end:
        stop = min(end, cursor + 60 * DAY)
        path = f"/api/v1/groups/{group}/meetings?limit=200&from={cursor:%Y-%m-%dT%H:%M:%SZ}&to={stop:%Y-%m-%dT%H:%M:%SZ}"
        while path:
            body = call(base, path)
            for m in body["data"]:
                found[(m["schedule_id"], m["original_date"])] = (m["status"], m["starts_at"], m["time_zone"])
            path = body.get("next")
            if path and path.startswith("http"):
                path = path[path.index("/api/"):]
        cursor = stop
    return found


def main():
    base, key = sys.argv[1].rstrip("/"), sys.argv[2]
    add_groups_abroad(base, key)
    now = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    start, end = now + DAY, now + 364 * DAY
    offsets_seen = {}
    for service in every_service(base):
        expected = {}
        for row in service.get("schedules", []):
            check(row.get("timezone") is not None, f"{service['name']}: schedule row {row['id']} has an offset")
            zone = next((a["value"] for a in row.get("attributes", []) if a.get("link_type") == "time_zone"), None)
            check(zone is not None, f"{service['name']}: schedule row {row['id']} keeps its IANA zone")
            offsets_seen.setdefault(zone, set()).add(row["timezone"])
            for date, instant in expand(row, start, end):
                expected[(record_id(row["id"]), date.isoformat())] = instant
        actual = meetings(base, record_id(service["id"]), start - 2 * DAY, end + 2 * DAY)
        for key_, instant in expected.items():
            got = actual.get(key_)
            if not check(got is not None, f"{service['name']}: HSDS gives a meeting on {key_[1]} that /api/v1 does not"):
                continue
            status, starts_at, _ = got
            # A moved meeting starts elsewhen; HSDS has no field for exceptions, only the rule's instant.
            if status == "scheduled":
                check(starts_at == f"{instant:%Y-%m-%dT%H:%M:%SZ}",
                      f"{service['name']}: {key_[1]} is at {starts_at} by /api/v1 but {instant:%Y-%m-%dT%H:%M:%SZ} by HSDS")
        for key_, (status, starts_at, _) in actual.items():
            at = dt.datetime.strptime(starts_at, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=dt.timezone.utc)
            if status == "scheduled" and start <= at < end:
                check(key_ in expected, f"{service['name']}: /api/v1 has a meeting on {key_[1]} that HSDS does not give")
    # The year must have crossed a change of offset in each of these places, or it proved nothing.
    for zone in ("America/Los_Angeles", "America/New_York", "Europe/London", "Australia/Sydney"):
        check(len(offsets_seen.get(zone, ())) == 2, f"{zone}: rows with both of its offsets (saw {sorted(offsets_seen.get(zone, ()))})")
    print(f"{passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
