"""Each page loads only the scripts it uses (issue 17, item 10): on a 360×780 phone, in normal and elder mode, served
by nginx under the site's Content-Security-Policy, a page asks for the engine's common scripts and its own kind's
script (and the helper modules these import), and no other kind's; and the kind's script still works there (its
controls appear). Every engine script is an ES module, and none of them talks to another through window."""
from __future__ import annotations

import re

import pytest

from generator import layers
from tests.browser.test_journeys import person  # noqa: F401 (the fixture)

pytestmark = pytest.mark.browser
COMMON = {rel.removeprefix("assets/") for rel in layers.SCRIPTS}
KINDS = {rel.removeprefix("assets/") for rel in layers.PAGE_SCRIPTS.values()}
# The small modules the page-kind modules import (`import { el } from "./xinan.js"`); today all common scripts too.
HELPERS = {"xinan.js", "words.js", "clock.js"}
OWN_SCRIPT = re.compile(r"/assets/([a-z]+\.js)$")  # the engine's scripts (not the renderer's bundle or vendored files)


def a_station(site_dir) -> str:
    """A station page with an address to copy and a place on the map."""
    for page in sorted((site_dir / "stations").glob("*/index.html")):
        if "data-xa-copy" in page.read_text(encoding="utf-8"):
            return f"stations/{page.parent.name}/"
    raise AssertionError("no station page with an address")


def a_practitioner(site_dir) -> str:
    return next(f"registry/{p.parent.name}/" for p in sorted((site_dir / "registry").glob("*-*/index.html")))


def a_lecture(site_dir) -> str:
    return next(f"lectures/{p.parent.name}/" for p in sorted((site_dir / "lectures").glob("l-*/index.html")))


# page -> (the kind's scripts it loads, what that script shows a person once it has run, or None)
PAGES = {
    "home": ("", set(), None),
    "station list": ("stations/", {"stations.js"}, "#xa-filter-toggle"),  # phones: the filters' summary line
    "station page": (a_station, {"stations.js"}, "button[data-xa-copy]:not([hidden])"),
    "registry": ("registry/", {"registry.js"}, None),
    "verification page": (a_practitioner, set(), None),
    "lecture list": ("lectures/", {"lectures.js"}, "#xa-lecture-filters:not([hidden])"),
    "lecture page": (a_lecture, set(), None),
    "screening form": ("screening/phq-9/", {"screening.js"}, "#xa-screen-actions:not([hidden])"),
    "articles": ("articles/", set(), None),
}


@pytest.fixture
def phone_tab(person):
    """The journeys' phone (360×780, nginx, normal and elder mode), also noting every script error on its pages."""
    page = person.page
    person.errors = []
    page.on("pageerror", lambda e: person.errors.append(str(e)))
    page.on("console", lambda m: person.errors.append(m.text) if m.type == "error" else None)
    return person


@pytest.mark.parametrize("kind", list(PAGES))
def test_a_page_requests_the_common_scripts_and_only_its_own_kinds_script(phone_tab, site_dir, kind):
    where, own, shown = PAGES[kind]
    path = where(site_dir) if callable(where) else where
    page = phone_tab.page
    requested: list[str] = []
    page.on("request", lambda r: requested.append(m.group(1)) if (m := OWN_SCRIPT.search(r.url)) else None)
    phone_tab.goto(path)
    assert COMMON | own <= set(requested) <= COMMON | own | HELPERS, path
    assert not set(requested) & (KINDS - own), path  # no other kind's script, not even through an import
    assert len(requested) == len(set(requested))  # none twice
    assert_modules_only(page, COMMON | own, path)
    if phone_tab.elder:
        assert page.get_by_role("button", name="标准模式").is_visible()  # elder mode carried over to this page
    if shown:
        page.locator(shown).first.wait_for(state="visible", timeout=5000)  # fails the test if it never shows
    assert phone_tab.errors == [], path


def test_the_registry_lookup_answers_with_its_script_loaded_after_the_content(phone_tab, site_dir):
    number = a_practitioner(site_dir).split("/")[1]
    page = phone_tab.goto("registry/")
    box = page.get_by_label("姓名或登记编号")
    box.tap()
    box.type(number)
    page.locator("#xa-registry-lookup button[type=submit]").tap()
    page.wait_for_selector("#xa-registry-results .xa-registry-heading")
    assert number in page.locator("#xa-registry-results").inner_text()
    assert phone_tab.errors == []


def test_a_station_page_downloads_no_station_index(phone_tab, site_dir):
    """A station page's open-now line reads the hours the page carries: no station index is fetched (at province
    scale stations/index.json is hundreds of KB), only the holiday calendar."""
    page = phone_tab.page
    asked: list[str] = []
    page.on("request", lambda r: asked.append(r.url) if r.url.endswith(".json") else None)
    page = phone_tab.goto(a_station(site_dir))
    page.wait_for_function("document.querySelector('.xa-open-line').className.includes('xa-open--')")
    assert [u for u in asked if "/stations/" in u and u.endswith("index.json")] == []
    assert any(u.endswith("/assets/holidays.json") for u in asked)
    assert phone_tab.errors == []


def test_a_page_script_tag_points_at_the_site_root_from_every_depth(site_dir):
    """The kind's script is named relative to the page (a module, deferred by itself), whatever the page's depth."""
    for path, name in (("stations/", "stations"), (a_station(site_dir), "stations"), ("registry/", "registry"),
                       ("lectures/", "lectures"), ("screening/phq-9/", "screening")):
        html = (site_dir / path / "index.html").read_text(encoding="utf-8")
        up = "../" * path.strip("/").count("/") + "../"
        assert f'<script src="{up}assets/{name}.js" type="module"></script>' in html, path
    assert "stations.js" not in (site_dir / "index.html").read_text(encoding="utf-8")


def assert_modules_only(page, expected: set[str], path: str) -> None:
    """Issue 17: native ES modules sharing small helper modules, no globals between files. Every engine script tag
    on the page is `type="module"` (none `defer`: modules are deferred by themselves), the tags are the page's own
    scripts, and once the page has loaded no window.xinan* property exists (the test hook XINAN_NOW, an input tests
    set, is not set here)."""
    tags = page.evaluate("""() => Array.from(document.querySelectorAll("script[src]"))
        .filter(s => /\\/assets\\/[a-z]+\\.js$/.test(s.src))
        .map(s => ({src: s.src.replace(/^.*\\//, ""), type: s.type, defer: s.defer}))""")
    assert {t["src"] for t in tags} == expected, path
    assert all(t["type"] == "module" and not t["defer"] for t in tags), tags
    assert page.evaluate("Object.getOwnPropertyNames(window).filter(k => k.toLowerCase().startsWith('xinan'))") == []


def test_the_404_page_script_is_a_module_and_talks_through_no_global(phone_tab):
    """The registry variant of the 404 page: notfound.js has run once the general part is hidden (every other page
    kind is checked the same way by test_a_page_requests_the_common_scripts_and_only_its_own_kinds_script)."""
    page = phone_tab.page
    requested: list[str] = []
    page.on("request", lambda r: requested.append(m.group(1)) if (m := OWN_SCRIPT.search(r.url)) else None)
    phone_tab.goto("registry/NO-SUCH-0000-00000/")
    page.locator("#xa-404-general[hidden]").first.wait_for(state="attached", timeout=5000)
    assert_modules_only(page, COMMON | {"notfound.js"}, "404")
    assert set(requested) <= COMMON | {"notfound.js"} | HELPERS
    # The 404 page's own status is reported on the console as a failed load; nothing else may be.
    assert [e for e in phone_tab.errors if "404" not in e] == []
