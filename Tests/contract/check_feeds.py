#!/usr/bin/env python3
"""Checks a running Circles' feeds with other people's parsers.

Usage: check_feeds.py BASE_URL [--types PATH] [--groups N]

- iCalendar: the `icalendar` package parses every group, organization and search calendar;
  `recurring_ical_events` expands each group's events, and the meetings it finds must be exactly
  the ones /api/v1/groups/:id/meetings lists (same start instants, cancellations left out, moves
  at their new time) - which proves the RRULEs, EXDATEs, RECURRENCE-IDs and VTIMEZONEs.
  Every physical line ends in CRLF and is at most 75 octets.
- Meeting Guide: `jsonschema` validates every entry against the spec's fields (code4recovery/spec),
  with the type codes of types.json; slugs are unique; only recovery groups appear.
- Atom: well-formed, in the Atom namespace, newest first, at most 50 entries.
- CORS: public feeds are readable from any origin.

Prints one line per failure and ends with "N passed, N failed"; exits 1 when anything failed.
"""

import argparse
import datetime as dt
import json
import os
import sys
import urllib.error
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET
import zoneinfo

import icalendar
import jsonschema
import recurring_ical_events

RECOVERY_TOPICS = {"addiction-recovery", "alcohol", "substance-use", "families-of-people-in-recovery"}
ATOM = "{http://www.w3.org/2005/Atom}"

passed = 0
failed = 0


def check(condition, message):
    global passed, failed
    if condition:
        passed += 1
    else:
        failed += 1
        print("FAIL:", message)
    return condition


def fetch(base, path, headers=None):
    request = urllib.request.Request(base + path, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def fetch_json(base, path):
    status, _, body = fetch(base, path)
    if status != 200:
        raise RuntimeError(f"{path}: {status} {body[:200]!r}")
    return json.loads(body)


def all_pages(base, path):
    """Every item of a paged list."""
    items = []
    while path:
        page = fetch_json(base, path)
        items += page["data"]
        path = page.get("next")
    return items


# iCalendar


def check_lines(body, name):
    ok = body.endswith(b"\r\n")
    for line in body.split(b"\r\n")[:-1]:
        if b"\n" in line or b"\r" in line:
            ok = check(False, f"{name}: a bare CR or LF")
            break
        if len(line) > 75:
            ok = check(False, f"{name}: a line of {len(line)} octets: {line[:80]!r}")
            break
        try:
            line.decode("utf-8")
        except UnicodeDecodeError:
            ok = check(False, f"{name}: a folded line splits a UTF-8 sequence")
            break
    check(ok, f"{name}: lines end in CRLF and are at most 75 octets")


def get_calendar(base, path):
    status, headers, body = fetch(base, path)
    if not check(status == 200, f"{path}: status {status}"):
        return None
    check(headers.get("Content-Type", "").startswith("text/calendar"), f"{path}: Content-Type {headers.get('Content-Type')}")
    check(headers.get("ETag") is not None, f"{path}: an ETag")
    check("filename=" in headers.get("Content-Disposition", ""), f"{path}: a Content-Disposition filename")
    check_lines(body, path)
    try:
        calendar = icalendar.Calendar.from_ical(body)
    except Exception as error:  # noqa: BLE001 - any parse failure is the finding
        check(False, f"{path}: icalendar cannot parse it: {error}")
        return None
    check(calendar.get("VERSION") == "2.0", f"{path}: VERSION:2.0")
    check(calendar.get("PRODID") is not None, f"{path}: PRODID")
    used = set()
    for event in calendar.walk("VEVENT"):
        for key in ("UID", "DTSTAMP", "DTSTART", "SUMMARY"):
            check(event.get(key) is not None, f"{path}: an event without {key}")
        for key in ("DTSTART", "DTEND", "RECURRENCE-ID"):
            value = event.get(key)
            if value is not None and "TZID" in value.params:
                used.add(value.params["TZID"])
        exdates = event.get("EXDATE")
        for exdate in exdates if isinstance(exdates, list) else [exdates] if exdates is not None else []:
            if "TZID" in exdate.params:
                used.add(exdate.params["TZID"])
    defined = {str(zone.get("TZID")) for zone in calendar.walk("VTIMEZONE")}
    for zone in calendar.walk("VTIMEZONE"):
        check_timezone(zone, path)
    check(used <= defined, f"{path}: a VTIMEZONE for every TZID (missing {used - defined})")
    check(defined <= used, f"{path}: no VTIMEZONE that no event uses ({defined - used})")
    return calendar


checked_zones = {}


def check_timezone(zone, path):
    """The VTIMEZONE, read on its own (not looked up by name), gives the tz database's offsets,
    every six hours from last year to four years ahead (past the years it spells out)."""
    key = zone.to_ical()
    if key in checked_zones:
        return
    name = str(zone["TZID"])
    try:
        own = zone.to_tz(lookup_tzid=False)
        reference = zoneinfo.ZoneInfo(name)
    except Exception as error:  # noqa: BLE001
        checked_zones[key] = check(False, f"{path}: VTIMEZONE {name} cannot be read: {error}")
        return
    year = dt.date.today().year
    instant = dt.datetime(year - 1, 1, 1, tzinfo=dt.timezone.utc)
    end = dt.datetime(year + 4, 1, 1, tzinfo=dt.timezone.utc)
    wrong = None
    while instant < end and wrong is None:
        if instant.astimezone(own).utcoffset() != instant.astimezone(reference).utcoffset():
            wrong = instant
        instant += dt.timedelta(hours=6)
    checked_zones[key] = check(wrong is None, f"{path}: VTIMEZONE {name} gives the tz database's offsets (not at {wrong})")


def utc(text):
    return dt.datetime.fromisoformat(text.replace("Z", "+00:00"))


def expanded_starts(calendar, start, end):
    """Start instants of the meetings the calendar holds in [start, end), cancelled ones left out."""
    starts = set()
    for event in recurring_ical_events.of(calendar).between(start - dt.timedelta(days=1), end + dt.timedelta(days=1)):
        if str(event.get("STATUS", "")) == "CANCELLED":
            continue
        begin = event["DTSTART"].dt
        if isinstance(begin, dt.datetime) and start <= begin < end:
            starts.add(begin.astimezone(dt.timezone.utc))
    return starts


def check_group_calendar(base, group):
    gid = group["id"]
    path = f"/api/v1/groups/{gid}/calendar.ics"
    calendar = get_calendar(base, path)
    if calendar is None:
        return
    uids = {str(event["UID"]) for event in calendar.walk("VEVENT")}
    for schedule in group.get("schedules", []):
        if schedule.get("ends_on") and schedule["ends_on"] < (dt.date.today() - dt.timedelta(days=8)).isoformat():
            continue
        check(any(uid.startswith(f"schedule-{schedule['id']}@") for uid in uids), f"{path}: an event for schedule {schedule['id']}")
    if group.get("status") != "active":
        return
    # The same meetings as the JSON API, instant for instant.
    start = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    end = start + dt.timedelta(days=60)
    query = urllib.parse.urlencode({"from": start.strftime("%Y-%m-%dT%H:%M:%SZ"), "to": end.strftime("%Y-%m-%dT%H:%M:%SZ"), "limit": 200})
    meetings = all_pages(base, f"/api/v1/groups/{gid}/meetings?{query}")
    expected = {utc(m["starts_at"]) for m in meetings if m["status"] != "cancelled"}
    found = expanded_starts(calendar, start, end)
    check(found == expected, f"{path}: expanding the calendar gives the API's meetings "
                             f"(only in calendar: {sorted(found - expected)[:3]}, only in API: {sorted(expected - found)[:3]})")
    cancelled = {utc(m["starts_at"]) for m in meetings if m["status"] == "cancelled"}
    check(not (cancelled & found), f"{path}: cancelled meetings are excluded")


def check_calendars(base, max_groups):
    groups = all_pages(base, "/api/v1/groups?limit=100")
    for group in groups[:max_groups]:
        check_group_calendar(base, group)
    # The link for people gives the same events.
    if groups:
        people = get_calendar(base, f"/calendars/groups/{urllib.parse.quote(groups[0]['slug'])}.ics")
        api = get_calendar(base, f"/api/v1/groups/{groups[0]['id']}/calendar.ics")
        if people is not None and api is not None:
            check(sorted(e.to_ical() for e in people.walk("VEVENT")) == sorted(e.to_ical() for e in api.walk("VEVENT")),
                  "/calendars/groups/:slug.ics has the events of /api/v1/groups/:id/calendar.ics")
    # The Spanish page's calendar: the same meetings, its own words in Spanish, each text's LANGUAGE.
    start = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    for group in groups[:5]:
        slug = urllib.parse.quote(group["slug"])
        english = get_calendar(base, f"/calendars/groups/{slug}.ics")
        spanish = get_calendar(base, f"/es/calendars/groups/{slug}.ics")
        if english is None or spanish is None:
            continue
        path = f"/es/calendars/groups/{slug}.ics"
        same = expanded_starts(spanish, start, start + dt.timedelta(days=60)) == expanded_starts(english, start, start + dt.timedelta(days=60))
        check(same, f"{path}: the meetings of the English calendar")
        for event in spanish.walk("VEVENT"):
            summary, description = event.get("SUMMARY"), event.get("DESCRIPTION")
            check(summary is not None and summary.params.get("LANGUAGE") in ("es", group.get("content_language", "en")),
                  f"{path}: SUMMARY says its language ({summary.params.get('LANGUAGE') if summary is not None else None})")
            check(description is not None and description.params.get("LANGUAGE") == "es", f"{path}: DESCRIPTION;LANGUAGE=es")
            text = str(description or "")
            check("Lo dirige " in text and "Run by " not in text and "More about this group" not in text,
                  f"{path}: Circles' words in Spanish")
        for event in english.walk("VEVENT"):
            check("LANGUAGE" not in event["SUMMARY"].params and "Run by " in str(event["DESCRIPTION"]),
                  f"/calendars/groups/{slug}.ics: English, as it was")
    for organization in all_pages(base, "/api/v1/organizations?limit=100"):
        calendar = get_calendar(base, f"/api/v1/organizations/{organization['id']}/calendar.ics")
        own = [g for g in groups if g["organization"]["id"] == organization["id"] and g.get("schedules")]
        if calendar is not None and own:
            check(len(calendar.walk("VEVENT")) > 0, f"organization {organization['id']}: its calendar has events")
    # Searches: every schedule /api/v1/meetings finds in the coming weeks is in the search calendar.
    start = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    end = start + dt.timedelta(days=60)
    window = {"from": start.strftime("%Y-%m-%dT%H:%M:%SZ"), "to": end.strftime("%Y-%m-%dT%H:%M:%SZ")}
    for filters in ({}, {"topic": "alcohol"}, {"format": "online"}, {"day": "tuesday"}, {"time": "evening", "state": "CO"}):
        query = urllib.parse.urlencode({**filters, **window})
        calendar = get_calendar(base, f"/api/v1/meetings/calendar.ics?{query}")
        if calendar is None:
            continue
        meetings = all_pages(base, f"/api/v1/meetings?{query}&limit=200")
        wanted = {m["schedule_id"] for m in meetings}
        if "day" in filters:
            wanted = {m["schedule_id"] for m in meetings if m["summary"].lower().startswith(filters["day"])}
        found = {int(str(e["UID"]).split("@")[0].split("-")[1]) for e in calendar.walk("VEVENT")}
        check(wanted <= found, f"search {filters}: the calendar holds the meetings' schedules (missing {sorted(wanted - found)[:5]})")
        check(len(calendar.walk("VEVENT")) > 0 or not meetings, f"search {filters}: events found")
    status, _, _ = fetch(base, "/api/v1/meetings/calendar.ics?day=someday")
    check(status == 400, "a bad filter is refused with 400")


# Meeting Guide


def meeting_guide_schema(types):
    text = {"type": "string"}
    time = {"type": "string", "pattern": r"^([01][0-9]|2[0-3]):[0-5][0-9]$"}
    spec_fields = {
        "name": {"type": "string", "minLength": 1, "maxLength": 255},
        "slug": {"type": "string", "pattern": r"^[a-z0-9]+(-[a-z0-9]+)*$", "maxLength": 64},
        "day": {"type": "integer", "minimum": 0, "maximum": 6},
        "time": time,
        "end_time": time,
        "timezone": text,
        "formatted_address": text, "address": text, "city": text, "state": text, "postal_code": text, "country": text,
        "approximate": {"enum": ["yes", "no"]},
        "latitude": {"type": "number", "minimum": -90, "maximum": 90},
        "longitude": {"type": "number", "minimum": -180, "maximum": 180},
        "location": text, "location_notes": text, "region": text, "sub_region": text,
        "regions": {"type": "array", "items": text},
        "conference_url": {"type": "string", "pattern": r"^https?://"},
        "conference_url_notes": text,
        "conference_phone": {"type": "string", "pattern": r"^[+]?\d{1,15}(?:[,*#]\d+)*$"},
        "conference_phone_notes": text,
        "types": {"type": "array", "uniqueItems": True, "items": {"enum": sorted(types)} if types else text},
        "notes": text, "group": text, "group_notes": text,
        "updated": {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$"},
        "url": {"type": "string", "pattern": r"^https?://[^ ]+/groups/[a-z0-9-]+$"},
        "edit_url": text, "feedback_url": text, "feedback_emails": {"type": "array", "items": text},
        "entity": {"type": "string", "minLength": 1},
        "entity_email": {"type": "string", "pattern": r"^[^@ ]+@[^@ ]+\.[^@ ]+$"},
        "entity_feedback_emails": {"type": "array", "items": text},
        "entity_location": text, "entity_logo": text, "entity_phone": text,
        "entity_url": {"type": "string", "pattern": r"^https?://"},
        "entity_website_url": {"type": "string", "pattern": r"^https?://"},
        "venmo": text, "square": text, "paypal": text,
    }
    for n in (1, 2, 3):
        for field in ("name", "email", "phone"):
            spec_fields[f"contact_{n}_{field}"] = text
    return {
        "type": "array",
        "items": {
            "type": "object",
            "required": ["name", "slug", "day", "time", "timezone", "types", "updated", "url", "entity"],
            "properties": spec_fields,
            "additionalProperties": False,
            # Somewhere to put it on a map: an address, or an approximate one for online meetings.
            "anyOf": [{"required": ["formatted_address"]}, {"required": ["address"]}, {"required": ["conference_url"]},
                      {"required": ["conference_phone"]}],
        },
    }


def check_meeting_guide(base, types):
    path = "/api/v1/feeds/meeting-guide.json"
    status, headers, body = fetch(base, path)
    if not check(status == 200, f"{path}: status {status}"):
        return
    check(headers.get("Content-Type", "").startswith("application/json"), f"{path}: JSON")
    check(headers.get("Access-Control-Allow-Origin") == "*", f"{path}: readable from any origin")
    entries = json.loads(body)
    check(isinstance(entries, list) and len(entries) > 0, f"{path}: a non-empty array")
    codes = (set(types) | {"ONL"}) if types else None
    errors = list(jsonschema.Draft7Validator(meeting_guide_schema(codes)).iter_errors(entries))
    for error in errors[:10]:
        check(False, f"{path}: {'/'.join(map(str, error.path))}: {error.message}")
    check(not errors, f"{path}: every entry follows the spec's fields ({len(errors)} problems)")
    slugs = [entry.get("slug") for entry in entries]
    check(len(slugs) == len(set(slugs)), f"{path}: unique slugs")
    for entry in entries:
        if entry.get("approximate") == "no":
            check("address" in entry and "city" in entry, f"{entry.get('slug')}: an exact place has an address and a city")
    # Only recovery groups, read back through the JSON API.
    seen = set()
    for entry in entries:
        slug = entry["url"].rsplit("/groups/", 1)[-1]
        if slug in seen:
            continue
        seen.add(slug)
        status, _, body = fetch(base, f"/api/v1/groups/by-slug/{slug}")
        if status == 404 and not seen - {slug}:
            print("note: /api/v1/groups/by-slug is not there; the recovery check is skipped")
            break
        if check(status == 200, f"{slug}: the group of a feed entry exists"):
            group = json.loads(body)
            check(RECOVERY_TOPICS & set(group["topics"]), f"{slug}: a recovery group ({group['topics']})")
            check(group["status"] == "active", f"{slug}: an active group")


# Atom


def check_atom(base):
    path = "/api/v1/feeds/groups.atom"
    status, headers, body = fetch(base, path)
    if not check(status == 200, f"{path}: status {status}"):
        return
    check(headers.get("Content-Type", "").startswith("application/atom+xml"), f"{path}: application/atom+xml")
    try:
        root = ET.fromstring(body)
    except ET.ParseError as error:
        check(False, f"{path}: not well-formed XML: {error}")
        return
    check(root.tag == ATOM + "feed", f"{path}: an Atom feed ({root.tag})")
    for element in ("id", "title", "updated"):
        check(root.find(ATOM + element) is not None, f"{path}: feed/{element}")
    entries = root.findall(ATOM + "entry")
    check(0 < len(entries) <= 50, f"{path}: 1 to 50 entries ({len(entries)})")
    updated = [entry.findtext(ATOM + "updated") for entry in entries]
    check(updated == sorted(updated, reverse=True), f"{path}: newest first")
    for entry in entries:
        for element in ("id", "title", "updated", "summary"):
            check(entry.find(ATOM + element) is not None, f"{path}: entry/{element}")
        check(entry.find(ATOM + "author/" + ATOM + "name") is not None or root.find(ATOM + "author") is not None, f"{path}: an author")
        check(any(link.get("rel") == "alternate" and link.get("type") == "text/html" for link in entry.findall(ATOM + "link")),
              f"{path}: a link to the group page")


def default_types_path():
    here = os.path.dirname(os.path.abspath(__file__))
    return os.path.normpath(os.path.join(here, "../standards/meeting-guide/types.json"))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("base", help="the server's base URL, such as http://127.0.0.1:8080")
    parser.add_argument("--types", default=default_types_path(), help="the Meeting Guide types.json (default: the copy in Tests/standards)")
    parser.add_argument("--groups", type=int, default=60, help="how many group calendars to compare with the JSON API (default 60)")
    args = parser.parse_args()
    base = args.base.rstrip("/")
    types = None
    if args.types:
        with open(args.types, encoding="utf-8") as file:
            types = set(json.load(file))
    else:
        print("note: no types.json found; type codes are not checked against it")
    check_calendars(base, args.groups)
    check_meeting_guide(base, types)
    check_atom(base)
    print(f"{passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
