#!/usr/bin/env python3
"""Circles' mail read by other people's software: aiosmtpd (a real SMTP server) receives every
message, Python's `email` package parses it, and the checks are those a careful reader of a
health-adjacent service's mail makes: multipart/alternative with a text and an HTML part in UTF-8,
RFC 2047 subjects that decode to the accented text, Date, Message-ID, Auto-Submitted, RFC 8058
List-Unsubscribe on messages to the public (and a one-click POST that works, a GET that only asks),
lines within RFC 5322's limits, no personal data in the coordinators' notice; a relay answering 4xx
is retried, 5xx is given up and shown to the console.

Usage: Tests/contract/check_mail.py [path to the circles binary]
"""
import email, email.policy, email.utils, json, os, re, socket, subprocess, sys, tempfile, threading, time, urllib.error, urllib.request

from aiosmtpd.controller import Controller

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
failures = []


def check(condition, message):
    if not condition:
        failures.append(message)
        print("FAIL", message, flush=True)


class Relay:
    """aiosmtpd's handler: keeps every message; `defer` RCPTs answer 451 first, `refuse` addresses 550."""

    def __init__(self):
        self.messages = []
        self.defer = 0
        self.refuse = set()
        self.lock = threading.Lock()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        with self.lock:
            if self.defer > 0:
                self.defer -= 1
                return "451 4.3.0 try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if any(address in self.refuse for address in envelope.rcpt_tos):
            return "550 5.1.1 no such mailbox"
        with self.lock:
            self.messages.append((envelope.rcpt_tos[:], envelope.original_content or envelope.content, envelope.mail_options))
        return "250 OK queued"

    def wait(self, count, seconds=30):
        deadline = time.time() + seconds
        while time.time() < deadline:
            with self.lock:
                if len(self.messages) >= count:
                    return list(self.messages)
            time.sleep(0.05)
        with self.lock:
            return list(self.messages)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def call(base, method, path, body=None, headers=None, raw=None):
    data = raw if raw is not None else (json.dumps(body).encode() if body is not None else None)
    request = urllib.request.Request(base + path, data=data, method=method)
    if body is not None:
        request.add_header("Content-Type", "application/json")
    for name, value in (headers or {}).items():
        request.add_header(name, value)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.read(), dict(response.headers)
    except urllib.error.HTTPError as error:
        return error.code, error.read(), dict(error.headers)


def parse(raw):
    return email.message_from_bytes(raw, policy=email.policy.default)


def check_well_formed(raw, label, public):
    for number, line in enumerate(raw.split(b"\r\n")):
        check(len(line) <= 78, f"{label}: line {number} has {len(line)} characters")
    check(b"\n" not in raw.replace(b"\r\n", b""), f"{label}: a bare LF")
    message = parse(raw)
    check(message.get_content_type() == "multipart/alternative", f"{label}: {message.get_content_type()}")
    parts = [part for part in message.iter_parts()]
    check([part.get_content_type() for part in parts] == ["text/plain", "text/html"], f"{label}: parts {[p.get_content_type() for p in parts]}")
    for part in parts:
        check(part.get_content_charset() == "utf-8", f"{label}: charset {part.get_content_charset()}")
    check(email.utils.parsedate_to_datetime(message["Date"]) is not None, f"{label}: Date {message['Date']}")
    check(re.fullmatch(r"<[^<>@\s]+@[^<>@\s]+>", message["Message-ID"] or "") is not None, f"{label}: Message-ID {message['Message-ID']}")
    check(message["Auto-Submitted"] == "auto-generated", f"{label}: Auto-Submitted {message['Auto-Submitted']}")
    check(message["MIME-Version"] == "1.0", f"{label}: MIME-Version")
    if public:
        check(re.fullmatch(r"<https?://[^>]+/mail/unsubscribe/[^>]+>", (message["List-Unsubscribe"] or "").strip()) is not None, f"{label}: List-Unsubscribe")
        check(message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click", f"{label}: List-Unsubscribe-Post")
    else:
        check(message["List-Unsubscribe"] is None, f"{label}: staff mail carries no unsubscribe link")
    return message, parts[0].get_content(), parts[1].get_content()


def main():
    binary = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, ".build/debug/circles")
    relay = Relay()
    controller = Controller(relay, hostname="127.0.0.1", port=free_port())
    controller.start()
    work = tempfile.mkdtemp(prefix="circles-mail-")
    db, key = os.path.join(work, "c.sqlite"), os.path.join(work, "c.key")
    common = ["--database", db, "--migrations", os.path.join(ROOT, "Migrations"), "--secret-key-file", key]
    subprocess.run([binary, "migrate"] + common, check=True, stdout=subprocess.DEVNULL)
    admin = subprocess.run([binary, "key", "create"] + common, check=True, capture_output=True, text=True).stdout.strip()
    port = free_port()
    server = subprocess.Popen(
        [binary, "serve", "--no-supervisor", "--port", str(port), "--public", os.path.join(ROOT, "Public"),
         "--smtp-url", f"smtp://127.0.0.1:{controller.port}", "--mail-from", "circles@example.org"] + common,
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                if call(base, "GET", "/readyz")[0] == 200:
                    break
            except OSError:
                time.sleep(0.05)
        auth = {"Authorization": "Bearer " + admin}
        _, org, _ = call(base, "POST", "/api/v1/organizations", {"name": "Centro Comunitario Peña", "slug": "pena"}, auth)
        org = json.loads(org)
        _, group, _ = call(base, "POST", "/api/v1/groups", {"organization_id": org["id"], "name": "Círculo de Duelo — Sección Ñ",
                                                            "format": "in_person", "time_zone": "America/Denver"}, auth)
        group = json.loads(group)
        subprocess.run([binary, "user", "add", "--email", "robin@example.org", "--name", "Robin", "--role", "coordinator",
                        "--organization", "pena"] + common, check=True, env=dict(os.environ, CIRCLES_PASSWORD="correct horse battery staple"),
                       stdout=subprocess.DEVNULL)
        status, body, headers = call(base, "POST", "/api/v1/auth/login", {"email": "robin@example.org", "password": "correct horse battery staple"})
        session = {"Cookie": headers["Set-Cookie"].split(";")[0], "X-CSRF-Token": json.loads(body)["csrf_token"]}
        status, body, _ = call(base, "POST", "/api/v1/account/referral-notices", {"referral_notices": "immediate"}, session)
        check(status == 200, f"choosing notices: {status} {body[:200]}")

        person = {"group_id": group["id"], "person_name": "Jordan Quillfeather", "person_phone": "555-0123",
                  "person_email": "jordan.q@example.net", "preferred_contact_method": "email", "note": "Lost my brother in March",
                  "referrer_type": "self", "consent": True, "consent_version": "2026-11", "language": "es"}
        status, body, _ = call(base, "POST", "/api/v1/referrals", person)
        check(status == 201, f"referral: {status}")
        created = json.loads(body)
        messages = relay.wait(2)
        check(len(messages) == 2, f"{len(messages)} messages, expected the notice and the receipt")
        by_recipient = {tuple(rcpt): raw for rcpt, raw, _ in messages}
        notice_raw = by_recipient.get(("robin@example.org",), b"")
        receipt_raw = by_recipient.get(("jordan.q@example.net",), b"")
        notice, notice_text, notice_html = check_well_formed(notice_raw, "notice", public=False)
        check(notice["Subject"] == "A new referral for Círculo de Duelo — Sección Ñ", f"notice subject decodes to {notice['Subject']!r}")
        for secret in ["Quillfeather", "Jordan", "555-0123", "jordan.q@example.net", "Lost my brother"]:
            check(secret not in notice_text and secret not in notice_html and secret.encode() not in notice_raw, f"the notice holds {secret}")
        receipt, receipt_text, receipt_html = check_well_formed(receipt_raw, "receipt", public=True)
        check("Círculo de Duelo — Sección Ñ" in receipt["Subject"], f"receipt subject {receipt['Subject']!r}")
        check(base + created["status_url"] in receipt_text, "the receipt's text holds the status link")
        check(f'href="{base}{created["status_url"]}"' in receipt_html, "the receipt's HTML links the status page")
        check("Lost my brother" not in receipt_text, "the receipt repeats no note")

        # One click: a GET only asks; the POST of RFC 8058 unsubscribes; then no more mail.
        link = receipt["List-Unsubscribe"].strip().strip("<>")
        status, page, _ = call("", "GET", link)
        check(status == 200 and b'<form method="post">' in page, f"unsubscribe page: {status}")
        coordinator_key = subprocess.run([binary, "key", "create", "--role", "coordinator", "--organization", "pena"] + common,
                                         check=True, capture_output=True, text=True).stdout.strip()
        status, _, _ = call(base, "POST", f"/api/v1/referrals/{created['id']}/status", {"status": "contacted"}, {"Authorization": "Bearer " + coordinator_key})
        check(status == 200, f"contacted: {status}")
        messages = relay.wait(3)
        check(len(messages) == 3, "the person hears that the group was in touch (the GET unsubscribed nothing)")
        if len(messages) == 3:
            update, update_text, _ = check_well_formed(messages[2][1], "update", public=True)
            check("in touch" in update_text, "the update says the group was in touch")
        status, _, _ = call("", "POST", link, raw=b"List-Unsubscribe=One-Click", headers={"Content-Type": "application/x-www-form-urlencoded"})
        check(status == 200, f"one-click unsubscribe: {status}")
        call(base, "POST", f"/api/v1/referrals/{created['id']}/status", {"status": "enrolled"}, {"Authorization": "Bearer " + coordinator_key})
        time.sleep(1.5)
        check(len(relay.messages) == 3, "no mail after unsubscribing")

        # A relay that defers is retried; one that refuses is given up and shown.
        relay.defer = 1
        other = dict(person, person_email="sam@example.net", person_name="Sam")
        call(base, "POST", "/api/v1/referrals", other)
        messages = relay.wait(5, seconds=90)
        check(any(rcpt == ["sam@example.net"] for rcpt, _, _ in messages), "a deferred message arrives after retries")
        relay.refuse.add("refused@example.net")
        call(base, "POST", "/api/v1/referrals", dict(person, person_email="refused@example.net", person_name="Alex"))
        deadline = time.time() + 30
        while time.time() < deadline:
            _, body, _ = call(base, "GET", "/api/v1/mail", headers=auth)
            mail = json.loads(body)
            if mail["failed"] >= 1:
                break
            time.sleep(0.1)
        check(mail["failed"] == 1 and "550" in mail["recent_failures"][0]["error"], f"the console shows the 5xx: {mail}")
        check(b"refused@example.net" not in body, "the console shows no address")
    finally:
        server.terminate()
        server.wait(timeout=30)
        controller.stop()
    print(f"mail: {len(relay.messages)} messages parsed by Python's email package, {len(failures)} problems")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
