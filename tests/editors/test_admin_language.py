"""The admin speaks the editor's language: the Finnish and Swedish screens an editor reaches show
no English sentence that the project, Wagtail or wagtail-localize has a translation slot for."""

import re
from html.parser import HTMLParser
from pathlib import Path

import polib
import pytest
import wagtail
import wagtail_localize
from django.conf import settings
from django.urls import reverse

from methods.models import MethodPage
from methods.roles import EDITORS, REVIEWERS
from tests.factories import index_page
from tests.forms import form_data

CATALOGUES = [
    *Path(wagtail.__file__).parent.glob("**/locale/en/LC_MESSAGES/django.po"),
    Path(wagtail_localize.__file__).parent / "locale/en/LC_MESSAGES/django.po",
    Path(settings.BASE_DIR) / "locale/fi/LC_MESSAGES/django.po",
]
# Sentences of three words or more: short labels ("Status", "Live") are also ordinary words.
KNOWN_ENGLISH = sorted(
    {
        entry.msgid
        for path in CATALOGUES
        for entry in polib.pofile(str(path))
        if len(entry.msgid.split()) >= 3
        and not re.search(r"[%{<]", entry.msgid)
        and not entry.msgctxt
    }
)
# What new users found in the Finnish admin.
FOUND_BY_USERS = [
    "The page could not be saved due to validation errors",
    "could not be created",
    "Translation status",
    "Evidence re-review",
]


class _VisibleText(HTMLParser):
    """Text nodes and the attributes people read (labels, titles, placeholders), not code."""

    SKIPPED = {"script", "style", "template"}
    READ = {"aria-label", "title", "placeholder", "alt"}

    def __init__(self):
        super().__init__()
        self.parts, self.skipping = [], 0

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIPPED:
            self.skipping += 1
        self.parts += [value for name, value in attrs if name in self.READ and value]

    def handle_endtag(self, tag):
        if tag in self.SKIPPED and self.skipping:
            self.skipping -= 1

    def handle_data(self, data):
        if not self.skipping:
            self.parts.append(data)


def visible_text(page: str) -> str:
    parser = _VisibleText()
    parser.feed(page)
    return re.sub(r"\s+", " ", " ".join(parser.parts))


def english_in(text: str) -> list[str]:
    return [sentence for sentence in KNOWN_ENGLISH if sentence in text]


@pytest.fixture
def editor_in(client, make_user):
    from wagtail.users.models import UserProfile

    def sign_in(language, *groups):
        user = make_user(f"editor-{language}", *groups)
        user.first_name, user.last_name = "Eeva", "Editori"
        user.save()
        profile = UserProfile.get_for_user(user)
        profile.preferred_language = language
        profile.save()
        client.force_login(user)
        return client

    return sign_in


def editor_pages(entry) -> dict[str, str]:
    index = index_page("fi")
    return {
        "dashboard": reverse("wagtailadmin_home"),
        "explorer": reverse("wagtailadmin_explore", args=[index.pk]),
        "edit": reverse("wagtailadmin_pages:edit", args=[entry.pk]),
        "add": reverse("wagtailadmin_pages:add", args=("methods", "methodpage", index.pk)),
        "history": reverse("wagtailadmin_pages:history", args=[entry.pk]),
        "translation status": reverse("methods_translation_status"),
        "account": reverse("wagtailadmin_account"),
        "search": reverse("wagtailadmin_pages:search") + "?q=perhe",
    }


@pytest.mark.parametrize("language", ["fi", "sv"])
def test_the_editors_screens_show_no_english(editor_in, language):
    client = editor_in(language, EDITORS)
    entry = MethodPage.objects.filter(locale__language_code="fi").live().first()
    found = {}
    for name, url in editor_pages(entry).items():
        response = client.get(url)
        assert response.status_code == 200, (name, response.status_code)
        text = visible_text(response.content.decode())
        english = english_in(text) + [s for s in FOUND_BY_USERS if s in text]
        if english:
            found[name] = english
    assert found == {}


@pytest.mark.parametrize("language", ["fi", "sv"])
def test_a_failed_publish_says_so_in_the_editors_language_and_in_one_voice(editor_in, language):
    client = editor_in(language, REVIEWERS)
    entry = MethodPage.objects.filter(locale__language_code="fi").live().first()
    data = form_data(title=entry.title, slug=entry.slug, summary="")
    response = client.post(reverse("wagtailadmin_pages:edit", args=[entry.pk]), data)
    assert response.status_code == 200
    text = visible_text(response.content.decode())
    assert english_in(text) + [s for s in FOUND_BY_USERS if s in text] == []
    # the publish is what failed: the changes are autosaved as a draft right after
    expected = {"fi": "Sivua ei voitu julkaista", "sv": "Sidan kunde inte publiceras"}[language]
    assert expected in text


@pytest.mark.parametrize("language", ["fi", "sv"])
def test_the_translation_editors_own_strings_are_translated(editor_in, language):
    client = editor_in(language, EDITORS)
    catalogue = client.get(reverse("wagtail_localize:javascript_catalog")).content.decode()
    for english in ("Publish in ", "Stop Synced translation", "Applying editor lock"):
        assert f'"{english}": "' in catalogue, english
    # "Publish in " is followed by the language's name: the translation keeps the space
    assert re.search(r'"Publish in ": "[^"]+ "', catalogue)


def test_the_reports_menu_has_one_translation_report(editor_in):
    client = editor_in("fi", EDITORS)
    page = client.get(reverse("wagtailadmin_home")).content.decode()
    assert reverse("methods_translation_status") in page
    assert reverse("wagtail_localize:translations_report") not in page


def test_required_for_publishing_fields_are_marked(editor_in):
    from django.utils import translation

    from methods.models import EntryPage

    client = editor_in("fi", EDITORS)
    index = index_page("fi")
    page = client.get(reverse("wagtailadmin_pages:add", args=("methods", "methodpage", index.pk)))
    html = page.content.decode()
    with translation.override("fi"):
        for name in ("title", "summary", "target_groups", "evidence_level"):
            label = re.escape(str(EntryPage._meta.get_field(name).verbose_name))
            # a panel's own heading, or a field's label inside a group of fields
            marked = (
                rf"(<span data-panel-heading-text>{label}</span>|>\s*{label})"
                r'<span class="w-required-mark"'
            )
            assert re.search(marked, html, re.I), name


def test_the_workflow_and_its_task_are_named_in_finnish_and_swedish(db):
    from wagtail.models import Task, Workflow

    names = [workflow.name for workflow in Workflow.objects.all()]
    names += [task.name for task in Task.objects.all()]
    assert "Tarkastus – Granskning" in names
    assert not {"Review", "Approval by a reviewer"} & set(names)


def test_the_local_admin_gets_a_name_so_that_the_profile_can_be_saved(db, tmp_path, monkeypatch):
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    from home.management.commands import create_local_admin

    monkeypatch.setattr(create_local_admin, "PASSWORD_FILE", tmp_path / ".admin-password")
    call_command("create_local_admin", stdout=open("/dev/null", "w"))
    user = get_user_model().objects.get(username="admin")
    assert (user.first_name, user.last_name) == ("Local", "Administrator")
    assert user.is_superuser
