"""Accounts in the browser, on a server of their own that sends mail to a small SMTP listener: a
coordinator invites a facilitator, who accepts by the e-mailed link and chooses a password; the
facilitator forgets it and resets it by e-mail; a clinic's partner signs in, sees only what their
organization sent and sends a referral from the console. Every page is checked with axe-core."""

from __future__ import annotations

import email
import email.policy
import re
import socket
import socketserver
import subprocess
import threading
import time

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from conftest import GROUP_SLUG, ORGANIZATION_SLUG, Server, check_page, wait_for

COORDINATOR = ("robin@example.org", "a harbor of calm voices at noon")
FACILITATOR = "lee@example.org"
PARTNER = ("sam@clinic.example.org", "the clinic refers people kindly")


class Mailbox(socketserver.ThreadingTCPServer):
    """An SMTP listener that accepts everything and keeps each message, parsed by Python's `email`."""

    daemon_threads = True
    allow_reuse_address = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _SMTPHandler)
        self.messages: list[tuple[list[str], email.message.EmailMessage]] = []
        self.lock = threading.Lock()
        threading.Thread(target=self.serve_forever, daemon=True).start()

    def wait_for(self, recipient: str, count: int, seconds: float = 30) -> list[email.message.EmailMessage]:
        deadline = time.time() + seconds
        while True:
            with self.lock:
                found = [m for to, m in self.messages if to == [recipient]]
            if len(found) >= count or time.time() > deadline:
                return found
            time.sleep(0.05)


class _SMTPHandler(socketserver.StreamRequestHandler):
    def handle(self) -> None:
        self.wfile.write(b"220 mailbox ESMTP\r\n")
        recipients: list[str] = []
        while line := self.rfile.readline():
            verb = line[:4].upper()
            if verb in (b"EHLO", b"HELO"):
                self.wfile.write(b"250 mailbox\r\n")
            elif verb == b"RCPT":
                recipients.append(re.search(rb"<([^>]*)>", line).group(1).decode())
                self.wfile.write(b"250 OK\r\n")
            elif verb == b"DATA":
                self.wfile.write(b"354 go on\r\n")
                data = b""
                while (chunk := self.rfile.readline()) and chunk != b".\r\n":
                    data += chunk[1:] if chunk.startswith(b"..") else chunk
                message = email.message_from_bytes(data, policy=email.policy.default)
                with self.server.lock:
                    self.server.messages.append((recipients, message))
                recipients = []
                self.wfile.write(b"250 queued\r\n")
            elif verb == b"QUIT":
                self.wfile.write(b"221 bye\r\n")
                return
            else:
                self.wfile.write(b"250 OK\r\n")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def mailbox():
    box = Mailbox()
    yield box
    box.shutdown()


@pytest.fixture(scope="module")
def mail_server(mailbox):
    port = free_port()
    server = Server(port=port, extra=["--no-supervisor", "--smtp-url", f"smtp://127.0.0.1:{mailbox.server_address[1]}",
                                      "--mail-from", "circles@example.org", "--public-url", f"http://127.0.0.1:{port}"])
    server.start()
    server.add_user(COORDINATOR[0], COORDINATOR[1], ORGANIZATION_SLUG, name="Robin Coordinator")
    admin = subprocess.run([str(server.binary), "key", "create", *server.common()], check=True, capture_output=True, text=True).stdout.strip()
    status, clinic = server.api("POST", "/api/v1/organizations", {"name": "Westside Clinic", "slug": "westside-clinic"},
                                {"Authorization": "Bearer " + admin})
    assert status == 201, clinic
    server.add_user(PARTNER[0], PARTNER[1], "westside-clinic", role="partner", name="Sam Partner")
    server.admin = admin
    yield server
    server.stop()


@pytest.fixture
def check(driver, mail_server, axe_source, report):
    """check("name"): `check_page` on the page the browser shows now, against this module's server."""
    return lambda name, **options: check_page(driver, mail_server, axe_source, report, name, **options)


def visible(driver, css):
    elements = driver.find_elements(By.CSS_SELECTOR, css)
    return bool(elements) and elements[0].is_displayed()


def sign_in(driver, server, address, password):
    driver.delete_all_cookies()
    driver.get(server.base + "/admin/")
    wait_for(driver, lambda d: visible(d, "#signin-form"))
    driver.find_element(By.ID, "f-email").send_keys(address)
    driver.find_element(By.ID, "f-password").send_keys(password)
    driver.find_element(By.ID, "signin-button").click()
    wait_for(driver, lambda d: visible(d, "#page-content"), timeout=20)


def password_link(message) -> str:
    text = message.get_body(preferencelist=("plain",)).get_content()
    found = re.search(r"http://127\.0\.0\.1:\d+/admin/password\.html#token=[A-Za-z0-9]+", text)
    assert found, text
    return found.group(0)


def choose_password(driver, link, password):
    driver.delete_all_cookies()
    # From another page: a link differing only after "#" would not load the page again.
    driver.get("about:blank")
    driver.get(link)
    wait_for(driver, lambda d: visible(d, "#password-form"))
    assert "#token" not in driver.current_url, "the token leaves the address bar at once"
    field = driver.find_element(By.ID, "f-password")
    field.send_keys("password1234567")
    driver.find_element(By.ID, "password-button").click()
    wait_for(driver, lambda d: d.find_elements(By.CSS_SELECTOR, ".field--error"), message="a common password is refused")
    field.clear()
    field.send_keys(password)
    driver.find_element(By.ID, "password-button").click()
    wait_for(driver, lambda d: visible(d, "#page-content"), timeout=20)


def test_an_invitation_is_accepted(driver, mail_server, mailbox, check):
    sign_in(driver, mail_server, *COORDINATOR)
    driver.get(mail_server.base + "/admin/accounts.html")
    wait_for(driver, lambda d: visible(d, "#invite-form") and d.find_elements(By.CSS_SELECTOR, "#rows li"))
    check("accounts")
    driver.find_element(By.ID, "f-email").send_keys(FACILITATOR)
    driver.find_element(By.ID, "f-display_name").send_keys("Lee Facilitator")
    Select(driver.find_element(By.ID, "f-role")).select_by_value("facilitator")
    driver.find_element(By.ID, "invite-send").click()
    wait_for(driver, lambda d: "Lee Facilitator" in d.find_element(By.ID, "rows").text)
    assert "Invited" in driver.find_element(By.ID, "rows").text

    invitation = mailbox.wait_for(FACILITATOR, 1)
    assert len(invitation) == 1
    assert invitation[0]["Subject"].startswith("You are invited to the Circles console of")
    driver.get(password_link(invitation[0]))
    wait_for(driver, lambda d: visible(d, "#password-form"))
    check("password")
    choose_password(driver, password_link(invitation[0]), "lanterns along the river path")
    assert driver.current_url.endswith("/admin/referrals.html")
    assert "Lee Facilitator" in driver.find_element(By.ID, "console-who").text


def test_a_forgotten_password_is_reset(driver, mail_server, mailbox, check):
    driver.delete_all_cookies()
    driver.get(mail_server.base + "/admin/")
    wait_for(driver, lambda d: visible(d, "#forgot-form"))
    driver.find_element(By.ID, "f-forgot-email").send_keys(FACILITATOR)
    driver.find_element(By.ID, "forgot-button").click()
    wait_for(driver, lambda d: visible(d, "#forgot-sent"))
    assert "If an account has this address" in driver.find_element(By.ID, "forgot-sent").text
    check("signin-forgot")
    reset = mailbox.wait_for(FACILITATOR, 2)
    assert len(reset) == 2 and reset[1]["Subject"] == "Set a new Circles password"
    choose_password(driver, password_link(reset[1]), "new lanterns on the old river path")
    sign_in(driver, mail_server, FACILITATOR, "new lanterns on the old river path")
    driver.get(password_link(reset[1]))
    wait_for(driver, lambda d: visible(d, "#password-form"))
    driver.find_element(By.ID, "f-password").send_keys("yet another sentence for a password")
    driver.find_element(By.ID, "password-button").click()
    wait_for(driver, lambda d: visible(d, "#password-no-link"), message="a used link is refused")


def test_a_partner_sees_and_sends_only_its_organizations_referrals(driver, mail_server, check):
    status, group = mail_server.api("GET", "/api/v1/groups/by-slug/" + GROUP_SLUG)
    assert status == 200
    # A referral another partner sent: never in this partner's view.
    other = subprocess.run([str(mail_server.binary), "key", "create", "--role", "partner", "--organization", ORGANIZATION_SLUG,
                            *mail_server.common()], check=True, capture_output=True, text=True).stdout.strip()
    status, _ = mail_server.api("POST", "/api/v1/referrals", {
        "group_id": group["id"], "person_name": "Not Yours", "person_phone": "555-0100", "preferred_contact_method": "phone",
        "referrer_type": "clinician", "referrer_name": "Dr. Other", "consent": True, "consent_version": "2026-11"},
        {"Authorization": "Bearer " + other})
    assert status == 201

    sign_in(driver, mail_server, *PARTNER)
    assert driver.current_url.endswith("/admin/sent.html")
    nav = [e.text for e in driver.find_elements(By.CSS_SELECTOR, ".console-nav li") if e.is_displayed()]
    assert nav == ["Sent referrals"], nav
    wait_for(driver, lambda d: visible(d, "#send-form") and visible(d, "#empty"))
    driver.find_element(By.ID, "f-group-q").send_keys(group["name"])
    driver.find_element(By.ID, "group-find").click()
    wait_for(driver, lambda d: d.find_elements(By.CSS_SELECTOR, "#group-choices input[type=radio]"))
    driver.find_element(By.ID, "f-person_name").send_keys("Casey Example")
    driver.find_element(By.ID, "f-person_phone").send_keys("555-0199")
    driver.find_element(By.ID, "f-consent").click()
    driver.find_element(By.ID, "send-referral").click()
    wait_for(driver, lambda d: d.find_elements(By.CSS_SELECTOR, "#rows li"), timeout=20)
    rows = driver.find_elements(By.CSS_SELECTOR, "#rows li")
    assert len(rows) == 1 and group["name"] in rows[0].text
    assert "Not Yours" not in driver.page_source
    rows[0].find_element(By.CSS_SELECTOR, "button[aria-controls]").click()
    wait_for(driver, lambda d: d.find_elements(By.CSS_SELECTOR, "#rows .timeline li"))
    check("partner-sent")
