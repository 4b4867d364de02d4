"""The evaluation kit printed by Chromium: one page, with the page's address and date."""

import re

import pytest

from tests.servers import ROOT

pytestmark = pytest.mark.browser

ARTIFACTS = ROOT / "test-artifacts"


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu"]
        )
        yield chromium
        chromium.close()


@pytest.mark.parametrize("language, path", [
    ("fi", "/fi/menetelmat/ihmeelliset-vuodet/kit/"),
    ("sv", "/sv/metoder/fora-barnen-pa-tal-familjeintervention/kit/"),
    ("en", "/en/methods/lets-talk-about-children/kit/"),
])  # fmt: skip
def test_the_kit_prints_on_one_page(app_server, browser, language, path):
    page = browser.new_page()
    response = page.goto(app_server.url + path)
    assert response.status == 200
    page.emulate_media(media="print")
    assert page.locator(".kit__source").is_visible()
    assert app_server.url + path in page.locator(".kit__source").inner_text()
    ARTIFACTS.mkdir(exist_ok=True)
    pdf = page.pdf(format="A4", print_background=False)
    (ARTIFACTS / f"kit-{language}.pdf").write_bytes(pdf)
    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
    assert pages == 1
    page.close()
