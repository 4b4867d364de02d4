"""GET /api/v1/autocomplete/: titles and alternative names that start like what was typed."""

import pytest
from django.conf import settings
from wagtail.models import PageViewRestriction

from methods.models import EntryPage
from search import lexicon


def suggest(client, q, lang):
    response = client.get("/api/v1/autocomplete/", {"q": q, "lang": lang})
    assert response.status_code == 200
    return response.json()["suggestions"]


def test_titles_and_names_are_suggested_as_you_type(client, db):
    suggestions = suggest(client, "perhek", "fi")
    assert suggestions[0]["title"] == "Perhekeskus"
    assert suggestions[0]["url"].startswith(f"{settings.SITE_URL}/fi/")
    assert set(suggestions[0]) == {"id", "title", "match", "url"}


def test_a_name_in_another_language_suggests_the_entry(client, db):
    suggestions = suggest(client, "lapset puh", "sv")
    assert "Föra barnen på tal – samtal" in [s["title"] for s in suggestions]
    assert all(s["match"].lower().startswith("lapset puh") for s in suggestions)


def test_private_entries_are_not_suggested(client, db):
    page = EntryPage.objects.get(locale__language_code="fi", slug="perhekeskus")
    PageViewRestriction.objects.create(page=page, restriction_type="password", password="x")
    assert "Perhekeskus" not in [s["title"] for s in suggest(client, "perhek", "fi")]


@pytest.mark.parametrize("lang", ["", "de", "fi'--"])
def test_an_unknown_language_is_a_clear_400(client, db, lang):
    response = client.get("/api/v1/autocomplete/", {"q": "perhe", "lang": lang})
    assert response.status_code == 400
    error = response.json()
    assert error["error"] == "invalid_parameter" and error["parameter"] == "lang"
    assert error["allowed"] == ["fi", "sv", "en"]


@pytest.mark.parametrize("q", ["", "   ", "!!!", "x" * 10_000, "\x00\x01", '"unclosed', "a*"])
def test_odd_input_gives_a_list(client, db, q):
    assert isinstance(suggest(client, q, "en"), list)


def test_suggestions_come_from_memory_without_a_query_per_keystroke(
    client, db, settings, django_assert_num_queries
):
    settings.SEARCH_VERSION_CHECK_SECONDS = 60
    lexicon.forget()
    suggest(client, "perhe", "fi")  # the first one reads the names
    with django_assert_num_queries(0):
        for typed in ("p", "pe", "per", "perh", "perhek", "perheke"):
            assert suggest(client, typed, "fi")
    assert suggest(client, "perheke", "fi")[0]["title"] == "Perhekeskus"


def test_a_typo_in_a_longer_word_is_forgiven_but_not_in_a_short_one(client, db):
    assert "Incredible Years" in [s["title"] for s in suggest(client, "incredable", "en")]
    assert "Theraplay" in [s["title"] for s in suggest(client, "therap", "en")]
    assert suggest(client, "kiwa", "fi") == []  # four letters: exact prefixes only


def test_abbreviations_are_suggested(client, db):
    suggestions = suggest(client, "mdf", "sv")
    assert suggestions[0]["match"] == "MDFT"
    assert suggestions[0]["url"].startswith(f"{settings.SITE_URL}/sv/")
