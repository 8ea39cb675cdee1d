#!/usr/bin/env python3
"""Reads every page's JSON-LD as search engines do, against the schema.org vocabulary and Google's Event rules.

Usage: check_jsonld.py BASE_URL

Every page of /sitemap.xml (and the home page) is fetched; the sitemap is read as search engines read it
(an index whose parts are at the site's root, each a urlset within the protocol's 50,000 addresses and
50 MB, no page named twice). Each <script type="application/ld+json"> is
expanded by PyLD with schema.org's own context (Tests/standards/schema-org/schemaorgcontext.jsonld,
served by a local document loader: no network) and turned into RDF, read by rdflib together with the
schema.org vocabulary (schemaorg-current-https.ttl.gz, release 30.0). Then:

- Vocabulary: every type is a schema.org class; every property is a schema.org property whose
  domainIncludes has the subject's type (or a class it is a subclass of); a node value's type is in
  its rangeIncludes (or a subclass), a literal only where the range has a data type, and an
  enumeration member (eventStatus, eventAttendanceMode) a member of an enumeration in the range.
- Google's Event rules (developers.google.com/search/docs/appearance/structured-data/event): name,
  startDate and location are required; a Place has an address, a VirtualLocation a url; an online
  event has a VirtualLocation, an offline one a Place, a mixed one both; EventMovedOnline is online at
  a VirtualLocation; previousStartDate is given exactly when the status is EventRescheduled, and
  differs from startDate; startDate and endDate carry a UTC offset, and endDate is not before startDate.
- At least one page has each of: a mixed event, an event moved online, a rescheduled event, a cancelled one
  (the demo has them), or the check proved less than it says.
Prints one line per failure and ends with "N passed, N failed"; exits 1 when anything failed.
"""

import datetime as dt
import gzip
import json
import os
import re
import sys
import urllib.request
import xml.etree.ElementTree as ElementTree

import rdflib
from pyld import jsonld
from rdflib.namespace import RDF, RDFS

HERE = os.path.dirname(os.path.abspath(__file__))
STANDARDS = os.path.join(HERE, "../standards/schema-org")
SDO = rdflib.Namespace("https://schema.org/")
DATA_TYPES = {SDO[name] for name in ("Text", "URL", "Date", "DateTime", "Time", "Boolean", "Number", "Integer", "Float", "DataType")}

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


def fetch(url):
    with urllib.request.urlopen(urllib.request.Request(url, headers={"Accept": "text/html"}), timeout=60) as response:
        return response.read().decode()


SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def sitemap_pages(base):
    """The pages the sitemap names, its index and every part checked against the sitemaps.org protocol."""
    index = ElementTree.fromstring(fetch(base + "/sitemap.xml"))
    check(index.tag == SITEMAP + "sitemapindex", f"/sitemap.xml is a sitemap index ({index.tag})")
    parts = [element.text for element in index.iter(SITEMAP + "loc")]
    check(0 < len(parts) <= 50000, f"the index names parts ({len(parts)})")
    pages = []
    for part in parts:
        path = re.sub(r"^https?://[^/]+", "", part)
        check(path.startswith("/sitemap.xml?"), f"{path}: a part at the site's root may name any page of it")
        body = fetch(base + path).encode()
        check(len(body) <= 50 * 1024 * 1024, f"{path}: {len(body)} bytes, at most 50 MB")
        urlset = ElementTree.fromstring(body)
        check(urlset.tag == SITEMAP + "urlset", f"{path} is a urlset ({urlset.tag})")
        urls = urlset.findall(SITEMAP + "url")
        check(0 < len(urls) <= 50000, f"{path}: {len(urls)} addresses, from 1 to 50,000")
        pages += [url.find(SITEMAP + "loc").text for url in urls]
    check(len(pages) == len(set(pages)), "no page is named twice")
    return [re.sub(r"^https?://[^/]+", "", url) for url in pages]


def schema_org_loader():
    with open(os.path.join(STANDARDS, "schemaorgcontext.jsonld"), encoding="utf-8") as file:
        context = json.load(file)

    def load(url, options=None):
        if url.rstrip("/") not in ("https://schema.org", "http://schema.org") and "schema.org/docs/jsonldcontext" not in url:
            raise jsonld.JsonLdError(f"no network: {url}", "loading document failed")
        return {"contextUrl": None, "documentUrl": url, "document": context}
    return load


def https(term):
    """schema.org's context writes http://schema.org/; the vocabulary file is the https one."""
    text = str(term)
    return rdflib.URIRef("https://" + text[len("http://"):]) if text.startswith("http://schema.org/") else term


class Vocabulary:
    def __init__(self):
        self.graph = rdflib.Graph()
        with gzip.open(os.path.join(STANDARDS, "schemaorg-current-https.ttl.gz"), "rt", encoding="utf-8") as file:
            self.graph.parse(data=file.read(), format="turtle")
        self.classes = set(self.graph.subjects(RDF.type, RDFS.Class))
        self.properties = set(self.graph.subjects(RDF.type, RDF.Property))

    def supers(self, cls):
        return set(self.graph.transitive_objects(cls, RDFS.subClassOf))

    def domain(self, prop):
        return set(self.graph.objects(prop, SDO.domainIncludes))

    def range(self, prop):
        return set(self.graph.objects(prop, SDO.rangeIncludes))

    def member_types(self, member):
        return set(self.graph.objects(member, RDF.type))


def check_vocabulary(vocabulary, data, where):
    types = {}
    for subject, _, cls in data.triples((None, RDF.type, None)):
        cls = https(cls)
        check(cls in vocabulary.classes, f"{where}: {cls} is not a schema.org class")
        types.setdefault(subject, set()).add(cls)
    for subject, prop, value in data:
        if prop == RDF.type:
            continue
        prop = https(prop)
        if not check(prop in vocabulary.properties, f"{where}: {prop} is not a schema.org property"):
            continue
        subject_types = set().union(*(vocabulary.supers(t) for t in types.get(subject, set()))) or {SDO.Thing}
        check(vocabulary.domain(prop) & subject_types, f"{where}: {prop} is not a property of {sorted(types.get(subject, []))}")
        allowed = vocabulary.range(prop)
        if isinstance(value, rdflib.Literal):
            member = rdflib.URIRef(str(value)) if str(value).startswith("https://schema.org/") else None
            if member is not None and vocabulary.member_types(member):
                # An enumeration member written as text (eventStatus, eventAttendanceMode), as Google reads it.
                enumerations = set().union(*(vocabulary.supers(t) for t in vocabulary.member_types(member)))
                check(enumerations & allowed, f"{where}: {prop} = {member} is not a member of {sorted(allowed)}")
            else:
                check(allowed & DATA_TYPES or any(vocabulary.supers(t) & DATA_TYPES for t in allowed),
                      f"{where}: {prop} takes {sorted(allowed)}, not text")
        elif value in types:
            value_types = set().union(*(vocabulary.supers(t) for t in types[value]))
            check(value_types & allowed, f"{where}: {prop} takes {sorted(allowed)}, not {sorted(types[value])}")
        else:
            check(allowed & {SDO.URL, SDO.Text} or allowed & vocabulary.classes, f"{where}: {prop} = <{value}>")


def as_list(value):
    return value if isinstance(value, list) else [] if value is None else [value]


def instant(text):
    return dt.datetime.fromisoformat(text)


def check_event(event, where, seen):
    for field in ("name", "startDate", "location"):
        check(event.get(field), f"{where}: an Event needs {field} (Google)")
    locations = as_list(event.get("location"))
    kinds = [location.get("@type") for location in locations]
    for location in locations:
        if location.get("@type") == "Place":
            check(isinstance(location.get("address"), dict) and location["address"].get("@type") == "PostalAddress",
                  f"{where}: a Place needs a PostalAddress (Google)")
        elif location.get("@type") == "VirtualLocation":
            check(str(location.get("url", "")).startswith(("https://", "http://")), f"{where}: a VirtualLocation needs a url (Google)")
    mode = event.get("eventAttendanceMode", "https://schema.org/OfflineEventAttendanceMode")
    status = event.get("eventStatus", "https://schema.org/EventScheduled")
    expected = {"https://schema.org/OnlineEventAttendanceMode": ["VirtualLocation"], "https://schema.org/OfflineEventAttendanceMode": ["Place"],
                "https://schema.org/MixedEventAttendanceMode": ["Place", "VirtualLocation"]}.get(mode)
    check(expected is not None and sorted(kinds) == expected, f"{where}: {mode} with locations {kinds} (Google)")
    if status == "https://schema.org/EventMovedOnline":
        check(mode == "https://schema.org/OnlineEventAttendanceMode" and kinds == ["VirtualLocation"],
              f"{where}: EventMovedOnline must be online at a VirtualLocation, not {mode} {kinds}")
    rescheduled = status == "https://schema.org/EventRescheduled"
    check(rescheduled == ("previousStartDate" in event), f"{where}: previousStartDate is given exactly for EventRescheduled ({status})")
    start = instant(event["startDate"])
    check(start.utcoffset() is not None, f"{where}: startDate {event['startDate']} has a UTC offset")
    if "endDate" in event:
        check(instant(event["endDate"]) >= start, f"{where}: endDate is not before startDate")
    if rescheduled and "previousStartDate" in event:
        check(instant(event["previousStartDate"]) != start, f"{where}: a rescheduled event starts at a new time")
    seen.add(status)
    seen.add(mode)


def main():
    base = sys.argv[1].rstrip("/")
    loader = schema_org_loader()
    vocabulary = Vocabulary()
    pages = ["/"] + sitemap_pages(base)
    check(len(pages) > 10, f"the sitemap lists pages ({len(pages)})")
    seen = set()
    blocks = 0
    for path in pages:
        html = fetch(base + path)
        for index, text in enumerate(re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)):
            blocks += 1
            where = f"{path} block {index}"
            document = json.loads(text)
            expanded = jsonld.expand(document, {"documentLoader": loader})
            check(expanded, f"{where}: expands to something")
            data = rdflib.Graph().parse(data=jsonld.to_rdf(document, {"documentLoader": loader, "format": "application/n-quads"}),
                                        format="nt")
            check(len(data) > 0, f"{where}: reads as RDF")
            check_vocabulary(vocabulary, data, where)
            for node in document.get("@graph", [document]):
                if node.get("@type") == "Event":
                    check_event(node, where, seen)
    check(blocks > 10, f"pages carry JSON-LD ({blocks} blocks)")
    for needed in ("https://schema.org/MixedEventAttendanceMode", "https://schema.org/EventMovedOnline",
                   "https://schema.org/EventRescheduled", "https://schema.org/EventCancelled"):
        check(needed in seen, f"no page has an event with {needed}: the check proved less than it says")
    print(f"{passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
