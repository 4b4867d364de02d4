"""The county pages, the tile map and the report form in Chromium: axe-core and keyboard use in
fi, sv and en. Each journey leaves a screenshot in test-artifacts/."""

import json
import os

import pytest

from tests.catalogue import test_browser
from tests.catalogue.test_browser import (
    AXE_SCRIPT,
    CATALOGUES,
    axe_violations,
    demo_entry,
    entry_url,
    screenshot,
)

pytestmark = pytest.mark.browser
# the same Chromium fixtures as the site's other journeys
browser = test_browser.browser
page = test_browser.page


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_county_pages_and_the_tile_map_pass_axe(app_server, page, language):
    if not AXE_SCRIPT.exists():
        if os.environ.get("CI") == "true":
            pytest.fail("node_modules/axe-core is missing: run `make node` (npm ci)")
        pytest.skip("node_modules/axe-core is missing")
    catalogue = CATALOGUES[language]
    pages = {
        "regions": f"{catalogue}regions/",
        "ostrobothnia": f"{catalogue}regions/17/",
        "ostrobothnia-in-swedish": f"{catalogue}regions/17/?service_language=sv",
        "voimaperheet": entry_url(demo_entry("voimaperheet"), language),
        "filtered": f"{catalogue}?region=17&service_language=sv",
    }
    found = {}
    for name, path in pages.items():
        page.goto(app_server.url + path)
        if name == "voimaperheet":
            page.click("#report summary")  # the report form too, open
        violations = axe_violations(page)
        if violations:
            found[name] = violations
        screenshot(page, f"regions-{name}-{language}")
    assert found == {}, json.dumps(found, indent=1, ensure_ascii=False)


@pytest.mark.parametrize(
    ("language", "name"),
    [
        ("fi", "Pohjanmaan hyvinvointialue"),
        ("sv", "Österbottens välfärdsområde"),
        ("en", "Ostrobothnia wellbeing services county"),
    ],
)
def test_the_tile_map_is_used_with_the_keyboard(app_server, page, language, name):
    page.goto(f"{app_server.url}{CATALOGUES[language]}regions/")
    for _ in range(60):
        page.keyboard.press("Tab")
        # the square's own name first: "Pohjois-Pohjanmaan …" also contains "Pohjanmaan …"
        if page.evaluate("(document.activeElement.textContent || '').trim()").startswith(name):
            break
    else:
        pytest.fail("the county's square cannot be reached with the keyboard")
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") != "none"
    page.keyboard.press("Enter")
    page.wait_for_url("**/regions/17/")
    assert page.locator("h1").inner_text() == name
    # bilingual: Swedish coverage at a glance
    assert page.locator("[data-swedish-coverage]").count() == 1
    screenshot(page, f"regions-keyboard-{language}")
