#!/usr/bin/env python3
"""Validates Circles' Open Referral HSDS 3 output against the official HSDS 3 JSON schemas.

Usage: check_hsds.py BASE_URL [--schemas DIR] [--export DIR] [--demo DIR] [--database FILE]

- API: every page of /hsds/services, /hsds/organizations, /hsds/locations, /hsds/service_at_locations,
  /hsds/taxonomies and /hsds/taxonomy_terms carries the HSDS API reference's Page fields, and
  every item (and every /{id} answer) validates against its entity's schema (`compiled/service.json`
  and `compiled/organization.json` for the nested ones), ids checked as UUIDs. List items of
  /services, /organizations and /service_at_locations also validate against the reference's list
  schemas (`compiled/*_list.json`) made strict as the specification's own example test makes them
  (additionalProperties false everywhere): no field the list schema does not have.
- Filters: each parameter the reference lists for /service_at_locations changes the answer or is
  refused with a 400 naming it, as is a parameter it does not list; `minimal` has `modified_date`.
- Export: every record of every file that `circles export --format hsds` wrote validates against
  its entity's schema, and datapackage.json lists exactly those files.
- Data Package: the export's and the demo directory's datapackage.json pass Frictionless's own
  `validate` (frictionless from PyPI), which refuses a resource `schema` that is not a Table Schema.
- Demo: with --demo, the HSDS files of the demo directory (Demo/directory: organizations.json,
  locations.json, services.json; its circles.json is not HSDS) validate against their schemas too.
- Privacy: with --database, no facilitator's private email or phone, and no online link or
  dial-in a group keeps private, appears anywhere (read from the SQLite file itself).

The schemas are the specification's own files (openreferral/specification, 3.0): given with
--schemas or CIRCLES_HSDS_SCHEMAS, else the copy in Tests/standards/hsds3.
Without them this check fails: HSDS output must not pass unvalidated.
Prints one line per failure and ends with "N passed, N failed"; exits 1 when anything failed.
"""

import argparse
import json
import os
import sys
import urllib.error
import urllib.request

import jsonschema
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

BASE = "https://hsds.invalid/schema/"
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


def fetch_json(base, path):
    try:
        with urllib.request.urlopen(base + path, timeout=60) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, None


def find_schemas(given):
    here = os.path.dirname(os.path.abspath(__file__))
    candidates = [given, os.environ.get("CIRCLES_HSDS_SCHEMAS"), os.path.join(here, "../standards/hsds3")]
    for candidate in candidates:
        if candidate and os.path.exists(os.path.join(candidate, "service.json")):
            return os.path.normpath(candidate)
    return None


class Schemas:
    """The HSDS schema files in one registry, so that their relative $refs ("phone.json") resolve."""

    def __init__(self, directory):
        resources = []
        for folder, prefix in ((directory, ""), (os.path.join(directory, "compiled"), "compiled/")):
            for name in os.listdir(folder):
                if name.endswith(".json") and name != "openapi.json":
                    with open(os.path.join(folder, name), encoding="utf-8") as file:
                        contents = json.load(file)
                    resources.append((BASE + prefix + name, Resource.from_contents(contents, default_specification=DRAFT202012)))
        self.registry = Registry().with_resources(resources)
        with open(os.path.join(directory, "openapi.json"), encoding="utf-8") as file:
            self.page = json.load(file)["components"]["schemas"]["Page"]
        self.validators = {}

    def errors(self, entity, instance):
        if entity not in self.validators:
            if entity.startswith("strict:"):
                schema = strict(self.registry.contents(BASE + entity[len("strict:"):] + ".json"))
            else:
                schema = self.page if entity == "page" else {"$ref": BASE + entity + ".json"}
            self.validators[entity] = jsonschema.Draft202012Validator(
                schema, registry=self.registry, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
        return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in self.validators[entity].iter_errors(instance)]

    def validate(self, entity, instance, where):
        problems = self.errors(entity, instance)
        check(not problems, f"{where}: not a valid HSDS {entity}: {problems[:3]}")


def strict(schema):
    """A copy with additionalProperties false on every object schema that lists properties
    (what compiletojsonschema --set-additional-properties-false-everywhere does)."""
    if isinstance(schema, list):
        return [strict(item) for item in schema]
    if not isinstance(schema, dict):
        return schema
    copy = {key: strict(value) for key, value in schema.items()}
    if "properties" in copy:
        copy["additionalProperties"] = False
    return copy


def walk_list(base, schemas, path, entity, detail_entity=None, per_page=100):
    """Every page of a list; returns the items."""
    items = []
    page = 1
    while True:
        status, body = fetch_json(base, f"{path}?per_page={per_page}&page={page}")
        if not check(status == 200 and isinstance(body, dict), f"{path} page {page}: {status}"):
            return items
        page_fields = {k: v for k, v in body.items() if k != "contents"}
        schemas.validate("page", page_fields, f"{path} page {page}")
        for field in ("total_items", "total_pages", "page_number", "size", "first_page", "last_page", "empty", "contents"):
            check(field in body, f"{path} page {page}: {field} is missing")
        check(body.get("page_number") == page and body.get("size") == len(body.get("contents", [])),
              f"{path} page {page}: page_number/size do not match")
        for index, item in enumerate(body.get("contents", [])):
            schemas.validate(entity, item, f"{path} page {page} item {index}")
            if detail_entity:
                schemas.validate(detail_entity, item, f"{path} page {page} item {index} (strict list schema)")
        items += body.get("contents", [])
        if body.get("last_page", True) or not body.get("contents"):
            check(len(items) == body.get("total_items"), f"{path}: {len(items)} items listed, total_items says {body.get('total_items')}")
            return items
        page += 1


def check_api(base, schemas):
    status, meta = fetch_json(base, "/hsds")
    check(status == 200 and str(meta.get("version", "")).startswith("3"), "/hsds names HSDS version 3")
    services = walk_list(base, schemas, "/hsds/services", "service", "strict:compiled/service_list")
    check(len(services) > 0, "/hsds/services lists services")
    for service in services:
        status, full = fetch_json(base, f"/hsds/services/{service['id']}")
        if check(status == 200, f"/hsds/services/{service['id']}: {status}"):
            schemas.validate("compiled/service", full, f"/hsds/services/{service['id']}")
            check_private(full, f"/hsds/services/{service['id']}")
            check(bool(full.get("schedules")) or full.get("status") != "active", f"{service['id']}: an active group has schedules")
    organizations = walk_list(base, schemas, "/hsds/organizations", "organization", "strict:compiled/organization_list")
    for organization in organizations:
        status, full = fetch_json(base, f"/hsds/organizations/{organization['id']}?full_service=true")
        if check(status == 200, f"/hsds/organizations/{organization['id']}: {status}"):
            schemas.validate("compiled/organization", full, f"/hsds/organizations/{organization['id']}")
            check_private(full, f"/hsds/organizations/{organization['id']}")
    locations = walk_list(base, schemas, "/hsds/locations", "location")
    for location in locations[:20]:
        status, one = fetch_json(base, f"/hsds/locations/{location['id']}")
        if check(status == 200, f"/hsds/locations/{location['id']}"):
            schemas.validate("location", one, f"/hsds/locations/{location['id']}")
    places = walk_list(base, schemas, "/hsds/service_at_locations", "service_at_location", "strict:compiled/service_at_location_list")
    check_filters(base, len(places))
    for place in places[:20]:
        status, one = fetch_json(base, f"/hsds/service_at_locations/{place['id']}")
        if check(status == 200, f"/hsds/service_at_locations/{place['id']}"):
            schemas.validate("service_at_location", one, f"/hsds/service_at_locations/{place['id']}")
    for taxonomy in walk_list(base, schemas, "/hsds/taxonomies", "taxonomy"):
        status, one = fetch_json(base, f"/hsds/taxonomies/{taxonomy['id']}")
        check(status == 200 and not schemas.errors("taxonomy", one), f"/hsds/taxonomies/{taxonomy['id']}")
    terms = walk_list(base, schemas, "/hsds/taxonomy_terms", "taxonomy_term", per_page=10)
    check(len(terms) > 0, "/hsds/taxonomy_terms lists terms")
    for term in terms[:5]:
        status, one = fetch_json(base, f"/hsds/taxonomy_terms/{term['id']}")
        check(status == 200 and not schemas.errors("taxonomy_term", one), f"/hsds/taxonomy_terms/{term['id']}")
    status, _ = fetch_json(base, "/hsds/services?per_page=1000")
    check(status == 400, f"/hsds/services?per_page=1000: 400, not {status}")


def check_filters(base, everything):
    """/service_at_locations: every parameter the reference lists for it filters or is refused."""
    def total(query):
        status, body = fetch_json(base, "/hsds/service_at_locations?" + query)
        check(status == 200, f"/hsds/service_at_locations?{query}: {status}")
        return (body or {}).get("total_items")
    status, terms = fetch_json(base, "/hsds/taxonomy_terms?per_page=100&search=grief")
    term = next(t["id"] for t in terms["contents"] if t.get("code") == "grief")
    narrowed = {
        "search=grief": total("search=grief"), f"taxonomy_term_id={term}": total(f"taxonomy_term_id={term}"),
        "taxonomy_id=c14c1e50-000b-8000-8000-000000000002": total("taxonomy_id=c14c1e50-000b-8000-8000-000000000002"),
        "modified_after=2999-01-01": total("modified_after=2999-01-01"), "postcode=90033": total("postcode=90033"),
        "postcode=90033&proximity=3000": total("postcode=90033&proximity=3000"),
    }
    for query, count in narrowed.items():
        check(count is not None and count < everything, f"/hsds/service_at_locations?{query}: {count} of {everything}, not filtered")
    check(total("modified_after=2000-01-01") == everything, "modified_after=2000-01-01 keeps every place")
    for query, field in (("proximity=3000", "proximity"), ("postcode=x", "postcode"), ("radius=3", "radius"), ("format=ndjson", "format")):
        status, _ = fetch_json(base, "/hsds/service_at_locations?" + query)
        check(status == 400, f"/hsds/service_at_locations?{query}: 400, not {status}")
    status, body = fetch_json(base, "/hsds/services?minimal=true&per_page=100")
    check(status == 200 and all(set(item) == {"id", "modified_date"} for item in body["contents"]),
          "/hsds/services?minimal=true: id and modified_date")


SECRETS = []


def load_secrets(database):
    import sqlite3
    connection = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
    rows = connection.execute("SELECT private_email, private_phone FROM facilitators").fetchall()
    rows += connection.execute("SELECT online_url, dial_in FROM groups WHERE online_details_private = 1").fetchall()
    connection.close()
    SECRETS.extend(value for row in rows for value in row if value)
    check(len(SECRETS) > 0, f"{database} has private contacts to look for")


def check_private(document, where):
    text = json.dumps(document)
    leaked = [secret for secret in SECRETS if json.dumps(secret)[1:-1] in text]
    check(not leaked, f"{where}: private contact details are published ({len(leaked)})")


ENTITIES = {"organizations": "organization", "locations": "location", "services": "compiled/service",
            "service_at_locations": "service_at_location", "schedules": "schedule", "taxonomies": "taxonomy",
            "taxonomy_terms": "taxonomy_term"}


def check_export(directory, schemas):
    with open(os.path.join(directory, "datapackage.json"), encoding="utf-8") as file:
        package = json.load(file)
    listed = {resource["path"] for resource in package.get("resources", [])}
    check(listed == {name + ".json" for name in ENTITIES}, f"datapackage.json lists {sorted(listed)}")
    for name, entity in ENTITIES.items():
        path = os.path.join(directory, name + ".json")
        if not check(os.path.exists(path), f"{path} exists"):
            continue
        with open(path, encoding="utf-8") as file:
            rows = json.load(file)
        check(isinstance(rows, list) and len(rows) > 0, f"{path}: a non-empty array")
        for index, row in enumerate(rows):
            schemas.validate(entity, row, f"{path} record {index}")
            if name == "services":
                check_private(row, f"{path} record {index}")


def check_datapackage(directory):
    """What `frictionless validate datapackage.json` says, through its Python API (the same code)."""
    import frictionless
    report = frictionless.validate(os.path.join(directory, "datapackage.json"))
    problems = [error.message for error in report.errors] + [error.message for task in report.tasks for error in task.errors]
    check(report.valid, f"{directory}/datapackage.json: frictionless validate: {problems[:3]}")


def check_demo(directory, schemas):
    for name, entity in (("organizations", "organization"), ("locations", "location"), ("services", "service")):
        path = os.path.join(directory, name + ".json")
        with open(path, encoding="utf-8") as file:
            rows = json.load(file)
        check(isinstance(rows, list) and len(rows) > 0, f"{path}: a non-empty array")
        for index, row in enumerate(rows):
            schemas.validate(entity, row, f"{path} record {index}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("base", help="the server's base URL, such as http://127.0.0.1:8080")
    parser.add_argument("--schemas", help="the folder of HSDS 3 schema files (service.json, compiled/, openapi.json)")
    parser.add_argument("--database", help="the server's SQLite file, to look for private contact details in the output")
    parser.add_argument("--export", help="a folder written by `circles export --format hsds` to validate too")
    parser.add_argument("--demo", help="the demo directory (Demo/directory), whose HSDS files to validate too")
    args = parser.parse_args()
    directory = find_schemas(args.schemas)
    if not directory:
        print("FAIL: the HSDS 3 schemas were not found: pass --schemas DIR or set CIRCLES_HSDS_SCHEMAS")
        sys.exit(1)
    schemas = Schemas(directory)
    if args.database:
        load_secrets(args.database)
    # The validator itself must refuse what the schema forbids, or every pass above means nothing.
    check(schemas.errors("service", {"id": "not-a-uuid", "name": "x", "status": "open"}), "the schemas refuse a bad service")
    check(schemas.errors("compiled/service", {"id": "c14c1e50-0002-8000-8000-000000000001", "name": "x"}), "the schemas want a status")
    check_api(args.base.rstrip("/"), schemas)
    if args.export:
        check_export(args.export, schemas)
        check_datapackage(args.export)
    if args.demo:
        check_demo(args.demo, schemas)
        check_datapackage(args.demo)
    print(f"{passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
