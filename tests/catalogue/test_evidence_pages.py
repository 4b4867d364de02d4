"""The entry page's studies, the measure pages and the outcome filter, as a visitor sees them."""

import re

import pytest
from django.utils.html import escape

from methods.models import MethodPage

ENTRY = {
    "fi": "/fi/menetelmat/ihmeelliset-vuodet/",
    "sv": "/sv/metoder/de-otroliga-aren/",
    "en": "/en/methods/incredible-years/",
}
CATALOGUES = {"fi": "/fi/menetelmat/", "sv": "/sv/metoder/", "en": "/en/methods/"}
WORDS = {
    "fi": ("Satunnaistettu kontrolloitu tutkimus", "Ei eroa", "12 kuukautta"),
    "sv": ("Randomiserad kontrollerad studie", "Ingen skillnad", "12 månader"),
    "en": ("Randomised controlled trial", "No difference", "12 months after the end"),
}


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def studies_table(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    html = response.content.decode()
    return html[
        html.index('<table class="studies">') : html.index(
            "</table>", html.index('<table class="studies">')
        )
    ]


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_the_incredible_years_entry_shows_its_finnish_trial(client, db, language):
    table = studies_table(client, ENTRY[language])
    text = text_of(table)
    design, no_difference, one_year = WORDS[language]
    assert design in text
    assert "n = 102" in text
    assert "ECBI" in text and "CBCL" in text
    assert f"{no_difference}, {one_year}" in text
    assert f'href="{CATALOGUES[language]}measures/ecbi/"' in table


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_the_ecbi_page_lists_the_methods_whose_studies_used_it(client, db, language):
    response = client.get(f"{CATALOGUES[language]}measures/ecbi/")
    assert response.status_code == 200
    html = response.content.decode()
    iy = MethodPage.objects.get(
        translation_key=MethodPage.objects.get(slug="ihmeelliset-vuodet").translation_key,
        locale__language_code=language,
    )
    used_by = html[html.index('id="used-by"') :]
    assert escape(iy.title) in used_by
    assert "KiVa" not in used_by


def test_measures_filter_by_outcome_domain_on_the_site(client, db):
    html = client.get("/en/methods/measures/?domain=bullying").content.decode()
    assert "measures/kiva-survey/" in html and "measures/ecbi/" not in html
    response = client.get("/en/methods/measures/?domain=nope")
    assert response.status_code == 400
    assert client.get("/en/methods/measures/nope/").status_code == 404


def test_the_catalogue_filters_by_outcome_domain(client, db):
    html = client.get("/sv/metoder/?outcome=bullying").content.decode()
    results = html[html.index('id="results-heading"') :]
    assert "KiVa Skola" in results
    assert "De otroliga åren" not in results


def test_a_citation_prints_its_year_once(client, db):
    html = text_of(client.get("/en/methods/lets-talk-about-children/").content.decode())
    assert "(2010)" in html
    assert "(2010) (2010)" not in html and "892. (2010)" not in html


def test_the_rating_shows_its_criteria(client, db):
    html = text_of(client.get(ENTRY["en"]).content.decode())
    assert "Criteria of level 4" in html
