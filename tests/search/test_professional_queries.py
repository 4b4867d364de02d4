"""What professionals type: their own words, several names at once, words only in the evidence text.

Each query goes through the partner API (which the widget uses) and the site's catalogue, the
surfaces a person uses; both ask the one search service.
"""

import os
import re
import subprocess
import sys

import pytest

from tests.search.judgements import FAMILY_TALK, FFT, INCREDIBLE_YEARS, LETS_TALK, MDFT, MST

CATALOGUES = {"fi": "/fi/menetelmat/", "sv": "/sv/metoder/", "en": "/en/methods/"}
DEPRESSION = [("fi", "masennus"), ("sv", "depression"), ("en", "depression"), ("en", "depressed")]
CONDUCT_PROBLEMS_SV = ["uppförandeproblem", "uppförandestörning", "beteendeproblem"]


def api_ids(client, q, lang):
    response = client.get("/api/v1/methods/", {"q": q, "lang": lang, "limit": 20})
    assert response.status_code == 200, response.content
    return [row["id"] for row in response.json()["results"]]


def site_ids(client, q, lang):
    """The entry ids of the site catalogue's results, in the order shown (their compare boxes)."""
    response = client.get(CATALOGUES[lang], {"q": q})
    assert response.status_code == 200
    return re.findall(
        r'type="checkbox" id="compare-\d+" name="compare" value="([0-9a-f-]{36})"',
        response.content.decode(),
    )


@pytest.mark.parametrize(("lang", "q"), DEPRESSION)
def test_a_nurse_searching_for_depression_finds_the_lets_talk_discussion(client, db, lang, q):
    found = api_ids(client, q, lang)
    assert LETS_TALK in found[:5]
    assert FAMILY_TALK in found[:5]


@pytest.mark.parametrize(("lang", "q"), DEPRESSION)
def test_the_site_finds_the_lets_talk_discussion_for_depression(client, db, lang, q):
    found = site_ids(client, q, lang)
    assert LETS_TALK in found[:5]
    assert FAMILY_TALK in found[:5]


@pytest.mark.parametrize("q", CONDUCT_PROBLEMS_SV)
def test_conduct_problems_in_swedish_find_the_incredible_years(client, db, q):
    found = api_ids(client, q, "sv")
    assert INCREDIBLE_YEARS in found[:5]


@pytest.mark.parametrize("q", CONDUCT_PROBLEMS_SV)
def test_the_swedish_site_finds_the_incredible_years_for_conduct_problems(client, db, q):
    assert INCREDIBLE_YEARS in site_ids(client, q, "sv")[:5]


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_several_abbreviations_find_each_named_method_first(client, db, lang):
    found = api_ids(client, "MST FFT MDFT", lang)
    assert set(found[:3]) == {MST, FFT, MDFT}


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_the_site_shows_each_named_method_first(client, db, lang):
    assert set(site_ids(client, "MST FFT MDFT", lang)[:3]) == {MST, FFT, MDFT}


def test_the_site_catalogue_finds_the_same(client, db):
    response = client.get("/sv/metoder/", {"q": "uppförandeproblem"})
    assert response.status_code == 200
    assert "De otroliga åren" in response.content.decode()


def test_an_unpublished_entry_is_never_found_by_its_name(client, db):
    from methods.models import EntryPage

    EntryPage.objects.get(translation_key=MST, locale__language_code="en").unpublish()
    found = api_ids(client, "MST FFT MDFT", "en")
    assert MST not in found
    assert {FFT, MDFT} <= set(found[:2])


# --- Where the match was ------------------------------------------------------------------------


def test_a_word_only_in_the_evidence_text_is_shown_where_it_was_found(client, db):
    # the Let's Talk discussion's evidence text names the parents' condition, its summary does not
    response = client.get("/sv/metoder/", {"q": "förstämningssjukdom"})
    page = response.content.decode()
    assert LETS_TALK in site_ids(client, "förstämningssjukdom", "sv")[:3]
    assert "Found in" in page or "Hittades i" in page
    assert "<mark>förstämningssjukdom</mark>" in page


# --- Synonyms that editors keep -----------------------------------------------------------------


def test_a_synonym_added_in_the_admin_reaches_search_at_once(admin_client, client, db):
    assert api_ids(client, "raivareita", "fi") == []
    response = admin_client.post(
        "/admin/snippets/methods_search/synonym/add/",
        {"language": "fi", "terms": "raivarit", "expands_to": "kiukkukohtaukset"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    found = api_ids(client, "raivareita", "fi")
    assert found and found == api_ids(client, "kiukkukohtaukset", "fi")


def test_a_synonym_set_needs_two_terms_or_an_expansion(admin_client_in, db):
    response = admin_client_in("en").post(
        "/admin/snippets/methods_search/synonym/add/",
        {"language": "en", "terms": "lonely", "expands_to": ""},
    )
    assert response.status_code == 200
    assert "at least two terms" in response.content.decode()


def test_a_one_way_expansion_does_not_work_backwards(client, db):
    forwards = client.get("/api/v1/methods/", {"q": "masennus", "lang": "fi"}).json()
    backwards = client.get("/api/v1/methods/", {"q": "mielialahäiriö", "lang": "fi"}).json()
    assert "mielialahäiriö" in forwards["synonyms"]
    assert "masennus" not in [term.casefold() for term in backwards["synonyms"]]


def test_facet_labels_in_every_language_are_synonyms(client, db):
    # the English label of the topic "conduct problems" in a Swedish search
    found = api_ids(client, "conduct problems", "sv")
    assert INCREDIBLE_YEARS in found


# --- Zero results -------------------------------------------------------------------------------


def test_nothing_found_says_so_and_offers_a_spelling_and_the_facets(client, db):
    response = client.get("/sv/metoder/", {"q": "uppforandeproblm"})
    page = response.content.decode()
    assert "data-no-results" in page
    assert "uppförandeproblem" in page  # the closest spelling, as a link
    assert "?target_group=" in page  # facets to browse


def test_the_api_answers_nothing_found_with_a_spelling_and_facets_to_browse(client, db):
    body = client.get("/api/v1/methods/", {"q": "uppforandeproblm", "lang": "sv"}).json()
    assert body["count"] == 0
    assert body["did_you_mean"] == "uppförandeproblem"
    topics = {value["code"]: value["count"] for value in body["browse"]["topics"]}
    assert topics["conduct-problems"] > 0
    found = client.get("/api/v1/methods/", {"q": "uppförandeproblem", "lang": "sv"}).json()
    assert found["did_you_mean"] is None and found["browse"] is None
    assert "beteendeproblem" in found["synonyms"]


def test_a_search_that_found_nothing_is_marked_in_the_query_log(client, db):
    from search.models import SearchQuery

    client.get("/sv/metoder/", {"q": "uppforandeproblm"})
    assert SearchQuery.objects.get(language="sv", query="uppforandeproblm").result_count == 0


def test_the_synonyms_tried_come_in_one_order_in_every_process():
    # the order of the answer's `synonyms` must not follow the hash seed of the server process
    script = (
        "import django; django.setup(); from search.lexicon import Synonyms; "
        "rules = Synonyms('en', [(['depressed', 'depression', 'mental illness'], []), "
        "(['depressive', 'low mood'], [])]); print(rules.spans(['depression']))"
    )
    answers = set()
    for seed in range(6):
        result = subprocess.run(
            [sys.executable, "-c", script],
            env={
                **os.environ,
                "PYTHONHASHSEED": str(seed),
                "DJANGO_SETTINGS_MODULE": "config.settings.test",
            },
            capture_output=True,
            text=True,
            check=True,
        )
        answers.add(result.stdout)
    assert len(answers) == 1, answers
