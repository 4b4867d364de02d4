"""The plain public pages: what a visitor sees in each language, and what they must never see."""

import pytest
from django.utils.html import escape
from wagtail.models import PageViewRestriction

from methods.models import EntryPage
from tests.factories import MethodFactory, translate


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_each_language_home_shows_its_latest_public_entries(client, db, language):
    response = client.get(f"/{language}/")
    assert response.status_code == 200
    html = response.content.decode()
    public = EntryPage.objects.live().filter(locale__language_code=language)
    assert public.count() >= 1
    for entry in public.order_by("-last_published_at", "pk")[:6]:
        assert escape(entry.title) in html
    assert f'<html lang="{language}">' in html


def test_the_root_redirects_to_a_language(client, db):
    response = client.get("/", headers={"accept-language": "sv"})
    assert response.status_code == 302
    assert response["Location"] == "/sv/"


def test_an_entry_page_shows_every_section(client, db):
    entry = EntryPage.objects.live().filter(locale__language_code="fi").first()
    response = client.get(entry.url)
    html = response.content.decode()
    assert response.status_code == 200
    for section in (
        "aims",
        "target-group",
        "delivery",
        "training",
        "cost",
        "owner",
        "description",
        "evidence",
        "related",
        "classification",
    ):
        assert f'<section id="{section}">' in html
    assert entry.summary in html


def test_the_language_switcher_links_to_the_same_entry(client, db):
    page = MethodFactory(title="Kielitesti", slug="kielitesti")
    swedish = translate(page, "sv", title="Språktest", slug="spraktest")
    html = client.get(page.url).content.decode()
    assert f'href="{swedish.url}"' in html


def test_a_draft_is_never_shown(client, db):
    draft = MethodFactory(title="Luonnosmenetelmä", slug="luonnos", live=False)
    assert client.get("/fi/").content.decode().count("Luonnosmenetelmä") == 0
    assert client.get(f"/fi/menetelmat/{draft.slug}/").status_code == 404


def test_unpublished_changes_of_a_live_entry_are_not_shown(client, db):
    page = MethodFactory(title="Julkaistu nimi", slug="julkaistu")
    page.title = "Luonnoksen nimi"
    page.save_revision()
    html = client.get(page.url).content.decode()
    assert "Julkaistu nimi" in html
    assert "Luonnoksen nimi" not in html
    assert "Luonnoksen nimi" not in client.get("/fi/").content.decode()


def test_a_private_entry_is_not_listed(client, db):
    page = MethodFactory(title="Yksityinen menetelmä", slug="yksityinen")
    PageViewRestriction.objects.create(page=page, restriction_type="password", password="x")
    assert "Yksityinen menetelmä" not in client.get("/fi/").content.decode()
    assert "Yksityinen menetelmä" not in client.get("/fi/menetelmat/").content.decode()


@pytest.mark.parametrize(
    ("language", "text"), [("fi", "Kirjaudu"), ("sv", "Logga in"), ("en", "Sign in")]
)
def test_the_admin_speaks_all_three_languages(client, db, language, text):
    response = client.get("/admin/login/", headers={"accept-language": language})
    assert response.status_code == 200
    assert text in response.content.decode()
