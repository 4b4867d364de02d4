"""The main editor journeys in a real browser: write in Finnish, review, translate into Swedish, publish.

Runs Debian's Chromium through Playwright against the `app_server` subprocess. Screenshots of each
step go to test-artifacts/.
"""

import json
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from methods.roles import WORKFLOW_NAME
from tests.servers import ROOT, shell

pytestmark = pytest.mark.browser

ARTIFACTS = ROOT / "test-artifacts"
PASSWORD = "journey-password"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
USERS = {"editor": "Editors", "translator": "Translators (sv)", "reviewer": "Reviewers"}

SETUP_USERS = """
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from wagtail.users.models import UserProfile
from catalogue.models import MethodIndexPage
import json, sys
users = json.loads(sys.argv[-1]) if False else {users}
for username, group in users.items():
    user, _ = get_user_model().objects.get_or_create(username=username, defaults={{"email": username + "@example.org"}})
    user.set_password("{password}")
    user.save()
    user.groups.add(Group.objects.get(name=group))
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "en"
    profile.save()
print(json.dumps({{i.locale.language_code: i.pk for i in MethodIndexPage.objects.all()}}))
"""


@pytest.fixture(scope="module")
def journey(app_server):
    indexes = json.loads(
        shell(app_server, SETUP_USERS.format(users=repr(USERS), password=PASSWORD))
    )
    return app_server, indexes


@pytest.fixture
def browser():
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


class Session:
    """One signed-in person in their own browser context."""

    def __init__(self, browser, server, username):
        self.server = server
        self.context = browser.new_context(locale="en-GB", viewport={"width": 1400, "height": 1000})
        self.context.set_default_timeout(20_000)
        self.page = self.context.new_page()
        self.page.goto(f"{server.url}/admin/login/")
        self.page.fill("input[name=username]", username)
        self.page.fill("input[name=password]", PASSWORD)
        self.page.click("button[type=submit]")
        self.page.wait_for_url(f"{server.url}/admin/")

    def goto(self, path):
        self.page.goto(f"{self.server.url}{path}")

    def shot(self, name):
        self.page.screenshot(path=str(Path(ARTIFACTS) / f"{name}.png"), full_page=True)

    def close(self):
        self.context.close()


def entry_id(server, title, language):
    return int(
        shell(
            server,
            "from methods.models import EntryPage; "
            f"print(EntryPage.objects.get(title={title!r}, locale__language_code={language!r}).pk)",
        )
    )


def public_url(server, page_id):
    return shell(
        server,
        f"from wagtail.models import Page; print(Page.objects.get(pk={page_id}).get_url())",
    )


def test_write_in_finnish_review_translate_into_swedish_and_publish(journey, browser):
    server, indexes = journey
    title = "Selainpolun menetelmä"

    # An editor writes a Finnish entry and submits it for review; it is not public yet.
    editor = Session(browser, server, "editor")
    page = editor.page
    editor.goto(f"/admin/pages/add/methods/methodpage/{indexes['fi']}/")
    editor.shot("00-add-form")
    page.locator("#id_title").fill(title)
    page.locator("#id_summary").fill("Lyhyt kuvaus selaintestin menetelmästä.")
    page.locator("input[name=target_groups]").first.check()
    page.get_by_role("tab", name="Evidence").click()
    page.locator("#id_evidence_level").select_option(label="Not rated")
    editor.shot("01-editor-writes-finnish-entry")
    page.get_by_role("button", name="More actions").click()
    page.get_by_role("button", name=f"Submit to {WORKFLOW_NAME}").click()
    page.wait_for_load_state()
    editor.shot("02-editor-submitted-for-review")
    finnish_id = entry_id(server, title, "fi")
    assert (
        public_url(server, finnish_id) == "None"
        or urlopen_status(f"{server.url}{public_url(server, finnish_id)}") == 404
    )

    # A reviewer approves; approval publishes the Finnish entry.
    reviewer = Session(browser, server, "reviewer")
    reviewer.goto(f"/admin/pages/{finnish_id}/edit/")
    reviewer.page.get_by_role("button", name="More actions").click()
    reviewer.page.get_by_role("button", name="Approve").first.click()
    reviewer.page.wait_for_load_state()
    reviewer.shot("03-reviewer-approved-finnish")
    finnish = urllib.request.urlopen(f"{server.url}{public_url(server, finnish_id)}")
    assert title in finnish.read().decode()

    # The Swedish translator starts the translation (a draft) and translates the title.
    translator = Session(browser, server, "translator")
    translator.goto(f"/admin/localize/submit/page/{finnish_id}/")
    translator.page.get_by_label("Svenska").check()
    translator.page.get_by_role("button", name="Submit").click()
    translator.page.wait_for_url("**/edit/")
    translator.shot("04-translation-editor")
    swedish_id = entry_id(server, title, "sv")
    translator.page.get_by_role("button", name="Translate").first.click()
    translator.page.locator("textarea").first.fill("Webbläsarens metod")
    translator.page.get_by_role("button", name="Save").first.click()
    translator.page.get_by_text("Translated manually").first.wait_for()
    translator.shot("05-title-translated")
    assert translator.page.get_by_role("button", name="Publish in Svenska").count() == 0

    # The reviewer checks the translation and publishes it.
    reviewer.goto(f"/admin/pages/{swedish_id}/edit/")
    reviewer.page.get_by_role("button", name="Publish in Svenska").click()
    reviewer.page.wait_for_load_state()
    reviewer.shot("06-reviewer-published-swedish")

    swedish_path = public_url(server, swedish_id)
    public = reviewer.context.new_page()
    public.goto(f"{server.url}{swedish_path}")
    public.screenshot(path=str(ARTIFACTS / "07-public-swedish-page.png"), full_page=True)
    assert "Webbläsarens metod" in public.content()
    listing = urllib.request.urlopen(f"{server.url}/sv/metoder/").read().decode()
    assert "Webbläsarens metod" in listing

    for session in (editor, reviewer, translator):
        session.close()


def urlopen_status(url):
    try:
        return urllib.request.urlopen(url).status
    except urllib.error.HTTPError as error:
        return error.code
