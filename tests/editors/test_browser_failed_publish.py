"""A publish that the publishing rules stop, in Chromium, in the Finnish and the English admin: the
banner and the header's status say the same thing, and both are true.

Wagtail autosaves the editor's changes as a draft right after the failed publish, and the header
then says "Saved" (or "Autosave paused", when the autosave too met an error, which depends on how
quickly the slug followed the typed title); the banner must not say that the page could not be
saved or created, and what the header says must be true of the database.
Screenshots go to test-artifacts/.
"""

import json

import pytest

from tests.servers import ROOT, shell

pytestmark = pytest.mark.browser

ARTIFACTS = ROOT / "test-artifacts"
PASSWORD = "failed-publish-password"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
PUBLISH_FAILED = {
    "fi": "Sivua ei voitu julkaista",
    "en": "The page could not be published",
}
NOT_SAVED = {
    "fi": ["ei voitu tallentaa", "ei voitu luoda"],
    "en": ["could not be saved", "could not be created"],
}
SAVED = {"fi": "Tallennettu", "en": "Saved"}

SETUP = """
import json
from django.contrib.auth import get_user_model
from wagtail.users.models import UserProfile
from catalogue.models import MethodIndexPage
from methods.models import MethodPage
entries = list(MethodPage.objects.filter(locale__language_code="fi").live().order_by("pk"))
for number, language in enumerate(("fi", "en")):
    user = get_user_model().objects.create_superuser(
        f"publisher-{language}", f"publisher-{language}@example.org", "%s"
    )
    user.first_name, user.last_name = "Julkaisija", language
    user.save()
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = language
    profile.save()
print(json.dumps({
    "index": MethodIndexPage.objects.get(locale__language_code="fi").pk,
    "entries": {"fi": entries[-1].pk, "en": entries[-2].pk},
}))
"""

ENTRY_STATE = """
import json
from methods.models import MethodPage
found = MethodPage.objects.filter(title=%r).first()
print(json.dumps(found and {
    "live": found.live,
    "live_summary": found.summary,
    "draft_summary": found.get_latest_revision_as_object().summary,
    "has_draft": found.has_unpublished_changes,
}))
"""


@pytest.fixture(scope="module")
def site(app_server):
    return app_server, json.loads(shell(app_server, SETUP % PASSWORD))


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


@pytest.fixture
def editor(browser, site):
    server, _pages = site

    def sign_in(language):
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        context.set_default_timeout(20_000)
        page = context.new_page()
        page.goto(f"{server.url}/admin/login/")
        page.fill("input[name=username]", f"publisher-{language}")
        page.fill("input[name=password]", PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_url(f"{server.url}/admin/")
        return page

    return sign_in


def publish(page) -> None:
    """The editor's "Publish", from the menu beside "Save draft"."""
    page.locator("footer [data-w-dropdown-target=toggle]").click()
    page.locator("button[name=action-publish]").click()
    page.wait_for_load_state()


def header_and_banner(page, name: str) -> tuple[str, str, str]:
    """The header's state ("saved" or "paused") and status text once the autosave after the failed
    publish has answered, and the banner."""
    page.wait_for_function(
        "() => ['saved', 'paused'].includes("
        "document.querySelector('#w-autosave-indicator')?.dataset.wAutosaveStateValue)"
    )
    indicator = page.locator("#w-autosave-indicator")
    state = indicator.get_attribute("data-w-autosave-state-value")
    status = indicator.locator(f".w-autosave-indicator__state--{state}").inner_text().strip()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"failed-publish-{name}.png"), full_page=True)
    return state, status, page.locator(".messages").inner_text()


@pytest.mark.parametrize("language", ["fi", "en"])
def test_a_stopped_publish_of_an_entry_is_named_as_such_while_its_draft_is_saved(
    site, editor, language
):
    server, pages = site
    page = editor(language)
    page.goto(f"{server.url}/admin/pages/{pages['entries'][language]}/edit/")
    title = page.locator("#id_title").input_value()
    page.locator("#id_summary").fill("")
    publish(page)

    state, status, banner = header_and_banner(page, f"edit-{language}")
    assert PUBLISH_FAILED[language] in banner
    assert [words for words in NOT_SAVED[language] if words in banner] == []
    # both are true: the public page is as it was, and the header says whether the draft was saved
    entry = json.loads(shell(server, ENTRY_STATE % title))
    assert entry["live"] and entry["live_summary"] != ""
    if state == "saved":
        assert status == SAVED[language]
        assert entry["has_draft"] and entry["draft_summary"] == ""


@pytest.mark.parametrize("language", ["fi", "en"])
def test_a_stopped_publish_of_a_new_entry_is_named_as_such_while_its_draft_is_saved(
    site, editor, language
):
    server, pages = site
    page = editor(language)
    page.goto(f"{server.url}/admin/pages/add/methods/methodpage/{pages['index']}/")
    title = f"Keskeytetty julkaisu {language}"
    page.locator("#id_title").press_sequentially(title)  # as typed: the slug follows the title
    publish(page)

    state, status, banner = header_and_banner(page, f"add-{language}")
    assert PUBLISH_FAILED[language] in banner
    assert [words for words in NOT_SAVED[language] if words in banner] == []
    entry = json.loads(shell(server, ENTRY_STATE % title))
    assert entry is None or not entry["live"]
    if state == "saved":  # the header's "Saved" is true: the draft exists
        assert status == SAVED[language]
        assert entry is not None
