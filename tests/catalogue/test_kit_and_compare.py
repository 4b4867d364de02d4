"""The evaluation kit, compare with evidence, other registries' ratings explained, the forest
plot and the outcome and measure filters, as a visitor sees them."""

import html
import re

import pytest
from django.utils.html import escape

from methods.models import Measure, MethodPage, Study
from partners.models import Change
from tests.factories import MethodFactory

IY_KEY = "8a365b2f-1e4a-482c-b5a6-3834aece79ae"
KIVA_KEY = "eef47340-6f09-43e3-bba6-b3bb622839c2"


def text_of(markup: str) -> str:
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", markup)))


def get(client, url, status=200) -> str:
    response = client.get(url)
    assert response.status_code == status, url
    return response.content.decode()


# --- The evaluation kit ------------------------------------------------------------------------


def test_the_kit_lists_the_outcome_its_measures_free_first_and_what_the_studies_found(client, db):
    html = get(client, "/en/methods/incredible-years/kit/")
    kit = html[html.index('id="outcome-conduct-problems"') :]
    codes = re.findall(r'class="kit__measure" data-code="([a-z-]+)"', kit)
    assert codes[0] == "sdq"  # free first
    assert {"ecbi", "cbcl"} <= set(codes)
    text = text_of(kit)
    assert "No difference, 12 months after the end" in text
    assert "Baseline" in text_of(html) and "Follow-up: 12 months after the end." in text_of(html)
    # the page's address and the date, for the printed plan
    assert 'class="kit__source">http://testserver/en/methods/incredible-years/kit/' in html


def test_the_kit_marks_measures_not_in_the_teams_languages(client, db):
    html = get(client, "/sv/metoder/de-otroliga-aren/kit/?lang=sv")
    row = re.search(r'data-code="sdq">.*?</tr>', html, re.S).group(0)
    assert "inte på ert teams språk" in row or "not in your team" in row


def test_the_kit_is_one_page_when_printed(client, db):
    html = get(client, "/fi/menetelmat/ihmeelliset-vuodet/kit/")
    assert 'class="kit"' in html
    css = open("catalogue/static/catalogue/site.css", encoding="utf-8").read()
    print_rules = css[css.index("@media print") :]
    assert ".kit" in print_rules


# --- Compare with evidence ------------------------------------------------------------------------


def test_compare_shows_rationale_studies_registries_and_review_date(client, db):
    html = get(client, f"/en/methods/compare/?ids={IY_KEY},{KIVA_KEY}")
    text = text_of(html)
    assert "Randomised controlled trial, n = 102, Finland" in text
    assert "Randomised controlled trial, n = 8237, Finland" in text
    assert "Karjalainen et al. 2019" in text  # from the rationale
    assert "“Promising”" in text and "Blueprints' first level" in text
    assert "Evidence last reviewed" in text and "30 November 2026" in text


def test_choices_for_comparison_survive_a_new_search(client, db):
    html = get(client, f"/en/methods/?q=kiva&compare={IY_KEY}")
    assert f'<input type="hidden" name="compare" value="{IY_KEY}">' in html
    assert re.search(rf'name="compare" value="{KIVA_KEY}"(?! checked)', html)
    html = get(client, f"/en/methods/?q=kiva&compare={IY_KEY}&compare={KIVA_KEY}")
    assert f'name="compare" value="{KIVA_KEY}" checked' in html
    assert 'formaction="/en/methods/compare/"' in html
    html = get(client, f"/en/methods/compare/?q=kiva&compare={IY_KEY}&compare={KIVA_KEY}")
    assert "Incredible Years" in html and "KiVa" in html


def test_an_entry_page_adds_itself_to_the_comparison(client, db):
    html = get(client, f"/en/methods/incredible-years/?compare={KIVA_KEY}")
    link = re.search(r'<a href="([^"]+)">Add to compare</a>', html).group(1)
    assert link == escape(f"/en/methods/?compare={KIVA_KEY}&compare={IY_KEY}")


# --- Other registries' ratings ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "explained"),
    [
        ("/sv/metoder/de-otroliga-aren/", "Blueprints första nivå"),
        ("/en/methods/incredible-years/", "Evidence level 4 on the Foundations Guidebook's scale"),
        ("/sv/metoder/de-otroliga-aren/", "Den högsta nivån på Kasvun tukis tidigare skala"),
    ],
)
def test_registry_labels_are_quoted_and_explained_in_the_readers_language(
    client, db, url, explained
):
    text = text_of(get(client, url))
    assert "“Promising”" in text  # the registry's own label, as it gives it
    assert explained in text


def test_a_registry_rating_shows_its_date_and_link(client, db):
    page = MethodPage.objects.get(translation_key=IY_KEY, locale__language_code="en")
    rating = page.registry_ratings.first()
    rating.url = "https://registry.example/incredible-years"
    rating.rated_on = "2024-07-01"
    rating.save()
    html = get(client, "/en/methods/incredible-years/")
    assert 'href="https://registry.example/incredible-years"' in html
    assert "1 July 2024" in html  # written out: 07/01/2024 reads as January to many


# --- The forest plot --------------------------------------------------------------------------


def test_effect_sizes_are_drawn_as_a_forest_plot_with_the_same_numbers_in_a_table(client, db):
    page = MethodFactory(slug="effects", title="Effects")
    for number, (size, low, high) in enumerate([(0.45, 0.1, 0.8), (0.2, -0.1, 0.5)]):
        Study.objects.create(
            page=page,
            locale=page.locale,
            authors=f"Author {number}",
            year=2020 + number,
            design="rct",
            outcomes=[
                (
                    "outcome",
                    {
                        "domain": "conduct-problems",
                        "measure": "ecbi",
                        "timepoint_months": 0,
                        "direction": "improved",
                        "effect_size": size,
                        "effect_kind": "cohens-d",
                        "ci_low": low,
                        "ci_high": high,
                    },
                )
            ],
        )
    html = get(client, page.url)
    figure = html[html.index('<figure class="forest-plot">') : html.index("</figure>")]
    svg = figure[figure.index("<svg") : figure.index("</svg>")]
    assert svg.count("<rect") == 2 and svg.count('stroke-width="2"') == 2
    table = text_of(figure[figure.index("<table") :])
    # a Finnish page: the numbers as Finnish writes them
    assert "Author 0 2020, ECBI, lopussa 0,45 0,1 0,8" in table
    assert "Author 1 2021, ECBI, lopussa 0,2 -0,1 0,5" in table


# --- Filters by outcome and measure ---------------------------------------------------------------


@pytest.fixture
def api_get(client, db):
    from django.core.cache import cache

    cache.clear()

    def get_json(url):
        response = client.get(url)
        assert response.status_code == 200, response.content
        return response.json()

    return get_json


def test_entries_filter_by_a_free_measure_in_a_language(api_get):
    data = api_get(
        "/api/v1/methods/?outcome=conduct-problems&measure_free=true&measure_language=fi&lang=en"
    )
    assert "incredible-years" in {entry["slug"] for entry in data["results"]}
    data = api_get(
        "/api/v1/methods/?outcome=conduct-problems&measure_free=true&measure_language=sv"
    )
    assert data["count"] == 0  # no free conduct-problems measure in Swedish


def test_the_catalogue_filters_by_a_free_measure(client, db):
    html = get(client, "/en/methods/?outcome=bullying&measure_free=on")
    results = text_of(html[html.index('id="results-heading"') :])
    assert "0 entries" in results  # the KiVa survey's cost is not known


# --- Search and the change feed ------------------------------------------------------------------


def test_a_search_finds_an_entry_by_the_measures_its_studies_used(api_get):
    data = api_get("/api/v1/methods/?q=Eyberg&lang=en")
    assert [entry["slug"] for entry in data["results"]] == ["incredible-years"]


def test_renaming_a_measure_tells_mirrors_to_fetch_its_entries_again(db):
    before = Change.objects.count()
    measure = Measure.objects.get(code="ecbi", locale__language_code="sv")
    measure.name = "Eyberg – beteendeskattning"
    measure.save()
    changed = Change.objects.order_by("pk")[before:]
    assert {(str(c.entry_id), c.event) for c in changed} >= {(IY_KEY, "publish")}
