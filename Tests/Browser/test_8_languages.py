"""Every public page in Spanish, and in a pseudo-language that stands for the next language.

The Spanish pages get the same checks as the English ones (axe-core with `lang="es"`, no sideways
scrolling at 320, 360 and 640 px). The pseudo-language is English with every letter accented and
every word about 30 % longer, added as one more catalogue file in a copy of `Public/`, which is all a
new language takes: its pages must not scroll sideways at 320 px, and no English message of the
catalogue may be left on them (a string missed in a template or in Swift would show through).
"""

from __future__ import annotations

import json
import re
import shutil
import tempfile
from pathlib import Path

import pytest

from conftest import GROUP_SLUG, ROOT, Server, drain_logs

SPANISH_PAGES = [
    ("home", "/es/"),
    ("search", "/es/search?topic=grief"),
    ("search-place", "/es/search?where=80202"),
    ("group-page", f"/es/groups/{GROUP_SLUG}"),
    ("refer", f"/es/refer?group={GROUP_SLUG}"),
    ("refer-choose", "/es/refer"),
    ("today", "/es/today"),
    ("print", "/es/print?city=Denver"),
    ("topic", "/es/topics/grief"),
    ("city", "/es/cities/co/denver"),
]

PSEUDO = "qps"
ACCENTS = str.maketrans("aeiouycnsgzAEIOUYCNSGZ", "áéíóúýçñšğžÁÉÍÓÚÝÇÑŠĞŽ")
PLACEHOLDER = re.compile(r"(\{[A-Za-z_]+\})")


def pseudo(text: str) -> str:
    """Accented letters, each word a third longer (its vowels repeated); placeholders kept as they are."""
    def word(w: str) -> str:
        extra = (len(w) * 3 + 9) // 10
        vowels = [c for c in w if c in "aeiouAEIOU"] or list(w[-1:])
        return w.translate(ACCENTS) + "".join(vowels[i % len(vowels)] for i in range(extra)).translate(ACCENTS)
    parts = PLACEHOLDER.split(text)
    return "".join(part if PLACEHOLDER.fullmatch(part) else re.sub(r"[A-Za-z]+", lambda m: word(m.group(0)), part) for part in parts)


def pseudo_catalogue(node, path=()):
    if isinstance(node, dict):
        return {key: pseudo_catalogue(value, path + (key,)) for key, value in node.items()}
    if path == ("language", "code"):
        return PSEUDO
    if re.fullmatch(r"[a-z]+:\S+", node):  # sms:988 and the like are addresses, not words
        return node
    return pseudo(node)


def english_messages(node) -> set[str]:
    """The English messages long enough to be recognised on a page (placeholders cut out)."""
    found: set[str] = set()
    if isinstance(node, dict):
        for value in node.values():
            found |= english_messages(value)
    else:
        for piece in PLACEHOLDER.split(node):
            piece = piece.strip(" .,:;!?·—–-()“”\"'")
            if len(piece) >= 16 and not PLACEHOLDER.fullmatch(piece) and not piece.startswith(("sms:", "tel:", "http")):
                found.add(piece)
    return found


@pytest.fixture(scope="module")
def pseudo_server():
    public = Path(tempfile.mkdtemp(prefix="circles-pseudo-")) / "Public"
    shutil.copytree(ROOT / "Public", public)
    english = json.loads((public / "locales" / "en.json").read_text())
    (public / "locales" / f"{PSEUDO}.json").write_text(json.dumps(pseudo_catalogue(english), ensure_ascii=False, indent=2))
    server = Server(public=public)
    server.start()
    # A group's own text (the demo's "held in American Sign Language") is data, not a missed message.
    data = " ".join(path.read_text() for path in (ROOT / "Demo" / "directory").glob("*.json"))
    yield server, {message for message in english_messages(english) if message not in data}
    server.stop()
    shutil.rmtree(public.parent, ignore_errors=True)


@pytest.mark.parametrize("name,path", SPANISH_PAGES, ids=[name for name, _ in SPANISH_PAGES])
def test_spanish_page(driver, server, check, name, path):
    drain_logs(driver)
    driver.get(server.base + path)
    assert driver.execute_script("return document.documentElement.lang") == "es", f"{path}: not marked as Spanish"
    banner = driver.find_element("css selector", ".crisis").text
    assert "988" in banner and "911" in banner, f"{path}: the crisis banner is missing"
    check(f"es-{name}")


def test_pseudo_language_transform_keeps_placeholders_and_lengthens():
    out = pseudo("Search for a group near {place}")
    assert "{place}" in out and "Search" not in out
    assert len(out.replace("{place}", "")) >= 1.25 * len("Search for a group near ")


@pytest.mark.parametrize("name,path", SPANISH_PAGES, ids=[name for name, _ in SPANISH_PAGES])
def test_pseudo_language_page(driver, pseudo_server, name, path):
    server, english = pseudo_server
    page = "/" + PSEUDO + path.removeprefix("/es")
    driver.set_window_size(320, 800)
    try:
        driver.get(server.base + page)
        assert driver.execute_script("return document.documentElement.lang") == PSEUDO, f"{page}: not in the pseudo-language"
        overflow = driver.execute_script("return document.documentElement.scrollWidth - document.documentElement.clientWidth;")
        wide = driver.execute_script(
            "const w = document.documentElement.clientWidth;"
            "return Array.from(document.querySelectorAll('body *')).filter(e => e.getBoundingClientRect().right > w + 1"
            " && getComputedStyle(e).position !== 'fixed' && !e.closest('.visually-hidden'))"
            ".slice(0, 5).map(e => e.tagName + '.' + e.className + ': ' + (e.textContent || '').trim().slice(0, 60));")
        assert overflow <= 0, f"{page}: scrolls sideways by {overflow} px at 320 px: {wide}"
        text = driver.execute_script("return document.body.innerText")
        left = sorted(message for message in english if message in text)
        assert not left, f"{page}: English messages left on the page: {left[:10]}"
    finally:
        driver.set_window_size(1280, 900)
