"""What professionals type: their own words, several names at once, words only in the evidence text.

Each query goes through the partner API (which the widget uses) and the site's catalogue, the
surfaces a person uses; both ask the one search service.
"""

import pytest

from tests.search.judgements import FAMILY_TALK, FFT, INCREDIBLE_YEARS, LETS_TALK, MDFT, MST


def api_ids(client, q, lang):
    response = client.get("/api/v1/methods/", {"q": q, "lang": lang, "limit": 20})
    assert response.status_code == 200, response.content
    return [row["id"] for row in response.json()["results"]]


@pytest.mark.parametrize(
    ("lang", "q"),
    [("fi", "masennus"), ("sv", "depression"), ("en", "depression"), ("en", "depressed")],
)
def test_a_nurse_searching_for_depression_finds_the_lets_talk_discussion(client, db, lang, q):
    found = api_ids(client, q, lang)
    assert LETS_TALK in found[:5]
    assert FAMILY_TALK in found[:5]


@pytest.mark.parametrize("q", ["uppförandeproblem", "uppförandestörning", "beteendeproblem"])
def test_conduct_problems_in_swedish_find_the_incredible_years(client, db, q):
    found = api_ids(client, q, "sv")
    assert INCREDIBLE_YEARS in found[:5]


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_several_abbreviations_find_each_named_method_first(client, db, lang):
    found = api_ids(client, "MST FFT MDFT", lang)
    assert set(found[:3]) == {MST, FFT, MDFT}


def test_the_site_catalogue_finds_the_same(client, db):
    response = client.get("/sv/metoder/", {"q": "uppförandeproblem"})
    assert response.status_code == 200
    assert "De otroliga åren" in response.content.decode()
