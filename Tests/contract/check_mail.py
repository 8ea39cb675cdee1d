#!/usr/bin/env python3
"""Circles' mail read by other people's software: aiosmtpd (a real SMTP server) receives every
message, Python's `email` package parses it, and the checks are those a careful reader of a
health-adjacent service's mail makes: multipart/alternative with a text and an HTML part in UTF-8,
RFC 2047 subjects that decode to the accented text, Date, Message-ID, Auto-Submitted, RFC 8058
List-Unsubscribe on messages to the public (and a one-click POST that works, a GET that only asks),
lines within RFC 5322's limits, no personal data in the coordinators' notice; a relay answering 4xx
is retried, 5xx is given up and shown to the console; staff's invitations and password resets carry
a single-use link that sets the password (made from --public-url), and "forgot password" answers
alike for known and unknown addresses. The one check-in after a first meeting ("Did you go?") arrives
in the person's language with three one-click links whose GET only shows the confirming form (the
form's POST does the step), and nothing of the person; "e-mail me the link" on the status page mails
the status link again. Time is moved by moving the referral's created_at and the check-in's due time
back in the database (sqlite3), not by waiting for a meeting.

Usage: Tests/contract/check_mail.py [path to the circles binary]
"""
import email, email.policy, email.utils, html, json, os, re, socket, sqlite3, subprocess, sys, tempfile, threading, time, urllib.error, urllib.request

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

    def wait_for(self, recipient, count, seconds=30):
        """The messages to `recipient`, once there are `count` of them (or the time is up)."""
        deadline = time.time() + seconds
        while True:
            with self.lock:
                found = [raw for rcpt, raw, _ in self.messages if rcpt == [recipient]]
            if len(found) >= count or time.time() > deadline:
                return found
            time.sleep(0.05)

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


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def post_form(url):
    """A form's POST as a browser sends it, without following the 303."""
    request = urllib.request.Request(url, data=b"", method="POST", headers={"Content-Type": "application/x-www-form-urlencoded", "Accept": "text/html"})
    try:
        with urllib.request.build_opener(NoRedirect).open(request, timeout=10) as response:
            return response.status, dict(response.headers)
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers)


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


def password_link(raw, label):
    """The message, well formed, and the token of its one link to the password page."""
    message, text, html = check_well_formed(raw, label, public=False)
    found = re.search(r"(http://127\.0\.0\.1:\d+/admin/password\.html#token=([A-Za-z0-9]+))", text)
    check(found is not None, f"{label}: a link to the password page in the text")
    if not found:
        return message, ""
    check(f'href="{found.group(1)}"' in html, f"{label}: the same link in the HTML part")
    return message, found.group(2)


def check_accounts(base, auth, org, relay):
    """An invitation accepted, the link used once; a reset asked for a known and an unknown address."""
    address = "sam.partner@example.org"
    status, body, _ = call(base, "POST", "/api/v1/accounts",
                           {"email": address, "display_name": "Sam Peña", "role": "partner", "organization_id": org["id"]}, auth)
    check(status == 201, f"invitation: {status} {body[:200]}")
    found = relay.wait_for(address, 1)
    check(len(found) == 1, "the invitation arrives")
    if not found:
        return
    invitation, token = password_link(found[0], "invitation")
    check(invitation["Subject"] == "You are invited to the Circles console of Centro Comunitario Peña", f"invitation subject {invitation['Subject']!r}")
    password = "una contraseña larga, tranquila y rara"
    status, body, headers = call(base, "POST", "/api/v1/auth/password", {"token": token, "password": password})
    check(status == 200 and "circles_session=" in headers.get("Set-Cookie", ""), f"accepting the invitation: {status} {body[:200]}")
    status, _, _ = call(base, "POST", "/api/v1/auth/password", {"token": token, "password": password + " otra vez"})
    check(status == 404, f"the invitation's link works once: {status}")

    known = call(base, "POST", "/api/v1/auth/password-reset", {"email": address})
    unknown = call(base, "POST", "/api/v1/auth/password-reset", {"email": "nobody.here@example.org"})
    check(known[0] == unknown[0] == 202 and known[1] == unknown[1], f"forgot password answers alike: {known[:2]} {unknown[:2]}")
    found = relay.wait_for(address, 2)
    check(len(found) == 2, "the reset arrives")
    time.sleep(1)
    check(not relay.wait_for("nobody.here@example.org", 0), "nothing goes to an address without an account")
    if len(found) < 2:
        return
    reset, token = password_link(found[1], "reset")
    check(reset["Subject"] == "Set a new Circles password", f"reset subject {reset['Subject']!r}")
    status, _, _ = call(base, "POST", "/api/v1/auth/password", {"token": token, "password": "otra contraseña, larga y nueva"})
    check(status == 200, f"the reset's link sets a password: {status}")
    status, _, _ = call(base, "POST", "/api/v1/auth/login", {"email": address, "password": "otra contraseña, larga y nueva"})
    check(status == 200, f"signing in with the new password: {status}")


def check_check_in(base, group, db, relay):
    """A Spanish speaker's check-in: held until due, then well formed, in Spanish, nothing of the person, three links that only ask."""
    address = "casey.ortiz@example.net"
    person = {"group_id": group["id"], "person_name": "Casey Ortiz", "person_phone": "555-0188", "person_email": address,
              "preferred_contact_method": "email", "note": "Mi madre murió en enero", "referrer_type": "self", "consent": True,
              "consent_version": "2026-11", "language": "es"}
    status, body, _ = call(base, "POST", "/api/v1/referrals", person)
    check(status == 201, f"check-in referral: {status} {body[:200]}")
    if status != 201:
        return
    created = json.loads(body)
    check(len(relay.wait_for(address, 1)) == 1, "the receipt arrives")
    with sqlite3.connect(db, timeout=10) as connection:
        row = connection.execute("SELECT next_attempt_at, sent_at FROM mail_outbox WHERE kind = 'referral_check_in' AND target_id = ?",
                                 (str(created["id"]),)).fetchone()
    check(row is not None and row[1] is None and row[0] > time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime()),
          f"the check-in waits in the outbox for the morning after the first meeting: {row}")
    time.sleep(1.5)
    check(len(relay.wait_for(address, 1, seconds=0)) == 1, "no check-in before it is due")
    # Fifteen days on: the first meeting after the referral is over, and its check-in due.
    earlier = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(time.time() - 15 * 86400))
    now = time.strftime("%Y-%m-%dT%H:%M:%S.000Z", time.gmtime())
    with sqlite3.connect(db, timeout=10) as connection:
        connection.execute("UPDATE referrals SET created_at = ? WHERE id = ?", (earlier, created["id"]))
        connection.execute("UPDATE mail_outbox SET next_attempt_at = ? WHERE kind = 'referral_check_in' AND target_id = ?", (now, str(created["id"])))
    found = relay.wait_for(address, 2)
    check(len(found) == 2, f"the check-in arrives once due ({len(found)} messages)")
    if len(found) < 2:
        return
    raw = found[1]
    message, text, body_html = check_well_formed(raw, "check-in", public=True)
    check(message["Subject"] == "¿Fue a Círculo de Duelo — Sección Ñ?", f"check-in subject {message['Subject']!r}")
    check(message["Content-Language"] == "es", f"check-in Content-Language {message['Content-Language']}")
    check('lang="es"' in body_html, "the check-in's HTML is Spanish")
    for secret in ["Casey", "Ortiz", "555-0188", "Mi madre", address]:
        check(secret not in text and secret not in body_html and secret.encode() not in raw.split(b"\r\n\r\n", 1)[1],
              f"the check-in holds {secret}")
    page = base + "/es" + created["status_url"]
    links = re.findall(r"(https?://\S+\?ask=(attended|not_for_me|withdraw))\b", text)
    check(sorted(ask for _, ask in links) == ["attended", "not_for_me", "withdraw"], f"three one-click links: {links}")
    for link, ask in links:
        check(link.startswith(page + "?ask="), f"{ask}: the link opens the Spanish status page: {link}")
        check(f'href="{html.escape(link)}"' in body_html, f"{ask}: the same link in the HTML part")
        status, shown, _ = call("", "GET", link)
        check(status == 200 and b"Viene del correo de seguimiento" in shown and b" autofocus" in shown, f"{ask}: the page asks ({status})")
        check(b'<form method="post"' in shown or b'method="post"' in shown, f"{ask}: the page answers with a form")
    token = created["status_url"].rsplit("/", 1)[1]
    _, state, _ = call(base, "GET", "/api/v1/referral-status/" + token)
    check(json.loads(state)["status"] == "new", "opening the links changed nothing")
    _, shown, _ = call("", "GET", [link for link, ask in links if ask == "attended"][0])
    action = re.search(rb'<form method="post" action="([^"]+/attended)"', shown)
    check(action is not None, "the confirming form posts to /attended")
    if action:
        status, headers = post_form(base + html.unescape(action.group(1).decode()))
        check(status == 303, f"the form's POST: {status}")
        _, state, _ = call(base, "GET", "/api/v1/referral-status/" + token)
        check(json.loads(state)["status"] == "attended", "the POST did the step")

    # "E-mail me the link": the status link again; the answer is a redirect either way.
    status, headers = post_form(base + created["status_url"] + "/send-link")
    check(status == 303 and headers.get("Location", "").endswith("?done=link_sent"), f"send-link: {status} {headers.get('Location')}")
    found = relay.wait_for(address, 3)
    check(len(found) == 3, "the status link arrives again")
    if len(found) == 3:
        again, again_text, _ = check_well_formed(found[2], "status link", public=True)
        check(created["status_url"] in again_text and "Mi madre" not in again_text, "the link again, nothing else")
        check(again["Content-Language"] == "es", "in Spanish")


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
         "--smtp-url", f"smtp://127.0.0.1:{controller.port}", "--mail-from", "circles@example.org",
         "--public-url", f"http://127.0.0.1:{port}"] + common,
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
        status, body, _ = call(base, "POST", f"/api/v1/groups/{group['id']}/schedules",
                               {"frequency": "weekly", "weekdays": ["tuesday"], "start_time": "18:30", "duration_minutes": 90,
                                "time_zone": "America/Denver", "starts_on": "2024-01-02"}, auth)
        check(status == 201, f"schedule: {status} {body[:200]}")
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
        check(base + "/es" + created["status_url"] in receipt_text, "the receipt's text holds the Spanish status link")
        check(f'href="{base}/es{created["status_url"]}"' in receipt_html, "the receipt's HTML links the Spanish status page")
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
            check("se comunicó" in update_text, "the update says, in Spanish, that the group was in touch")
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

        check_accounts(base, auth, org, relay)
        check_check_in(base, group, db, relay)
    finally:
        server.terminate()
        server.wait(timeout=30)
        controller.stop()
    print(f"mail: {len(relay.messages)} messages parsed by Python's email package, {len(failures)} problems")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
