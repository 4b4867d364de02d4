"""The catalogue, the home page's entry points, the entry page and compare, as a visitor sees them."""

import gzip
import re
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.html import escape

from methods.models import EntryPage, TargetGroup
from tests.factories import MethodFactory, ModelFactory, TargetGroupFactory, translate

EMBED_SCRIPT = Path(__file__).resolve().parents[2] / "catalogue/static/embed/methods.js"
CATALOGUES = {"fi": "/fi/menetelmat/", "sv": "/sv/metoder/", "en": "/en/methods/"}


def public(language):
    return EntryPage.objects.live().filter(locale__language_code=language)


def html_of(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def results_heading(html):
    return re.search(r'<h2 id="results-heading"[^>]*>\s*(.*?)\s*</h2>', html, re.S).group(1)


def finnish_facet(code):
    return TargetGroup.objects.get(code=code, locale__language_code="fi")


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_the_catalogue_lists_every_public_entry_of_its_language(client, db, language):
    html = html_of(client, CATALOGUES[language])
    for entry in public(language):
        assert escape(entry.title) in html
    assert f'<html lang="{language}">' in html


def test_a_target_group_filter_narrows_the_results_and_counts_each_value(client, db):
    parents = public("en").filter(target_groups__code="parents").distinct()
    html = html_of(client, "/en/methods/?target_group=parents")
    assert results_heading(html).startswith(f"{parents.count()} ")
    for entry in public("en").exclude(pk__in=parents):
        assert f">{escape(entry.title)}</a></h3>" not in html
    checkbox = re.search(r'<input type="checkbox" id="filter-target_group-parents"[^>]*>', html)
    assert "checked" in checkbox.group(0)
    assert re.search(rf"Parents <span class=\"count\">\({parents.count()}\)</span>", html)


def test_search_results_highlight_the_matched_words(client, db):
    html = html_of(client, "/en/methods/?q=bullying")
    assert "KiVa" in html
    assert "<mark>" in html
    assert "result for “bullying”" in html or "results for “bullying”" in html


def test_filters_combine_with_age_evidence_and_kind(client, db):
    html = html_of(client, "/en/methods/?kind=model")
    assert results_heading(html).startswith("2 ")
    html = html_of(client, "/en/methods/?evidence_min=5&age=9")
    expected = public("en").filter(evidence_level__gte=5, age_min__lte=9, age_max__gte=9)
    assert results_heading(html).startswith(f"{expected.count()} ")


def test_filters_it_cannot_read_are_named_and_the_others_still_apply(client, db):
    response = client.get("/en/methods/?age=ten&target_group=no-such-group&kind=model")
    html = response.content.decode()
    assert response.status_code == 400
    assert "Age (years): Enter a whole number." in html
    assert "no-such-group is not one of the available choices" in html
    assert results_heading(html).startswith("2 ")


def test_the_partial_answer_is_only_the_results_region(client, db):
    html = html_of(client, "/en/methods/?partial=1&kind=method")
    assert "<html" not in html
    assert 'id="results-heading"' in html
    assert 'id="filters-heading"' in html


def test_results_are_paged(client, db):
    for number in range(20):
        MethodFactory(title=f"Sivutustesti {number:02}", slug=f"sivutus-{number}")
    total = public("fi").count()
    first = html_of(client, "/fi/menetelmat/")
    assert first.count('class="result"') == 20
    assert 'rel="next"' in first
    second = html_of(client, "/fi/menetelmat/?page=2")
    assert 'rel="prev"' in second
    assert second.count('class="result"') == total - 20


def test_the_catalogue_query_count_does_not_grow_with_the_results(client, db):
    parents = finnish_facet("parents")

    def queries(url):
        client.get(url)  # warm the per-process caches (content types, site roots)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    urls = ["/fi/menetelmat/", "/fi/menetelmat/?target_group=parents&evidence_min=1"]
    before = [queries(url) for url in urls]
    for number in range(15):
        MethodFactory(
            title=f"Kyselytesti {number}",
            slug=f"kyselytesti-{number}",
            target_groups=[parents],
            evidence_level=2,
            references=["Study"],
        )
    assert [queries(url) for url in urls] == before


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_the_home_page_offers_search_and_entry_points(client, db, language):
    html = html_of(client, f"/{language}/")
    assert f'action="{CATALOGUES[language]}"' in html
    assert f'href="{CATALOGUES[language]}?target_group=parents"' in html
    assert f'href="{CATALOGUES[language]}?service_area=family-centre"' in html


def test_the_entry_page_shows_the_badge_definition_references_and_related_models(client, db):
    method = public("en").get(slug="lets-talk-about-children").specific
    html = html_of(client, method.url)
    assert "Some evidence of effectiveness" in html
    assert "Controlled or well-designed before-and-after studies" in html
    for reference in method.references.all():
        assert escape(reference.citation) in html
    for rating in method.registry_ratings.all():
        assert escape(rating.label) in html
    for model in method.models_using():
        assert escape(model.title) in html


def test_the_language_switcher_leads_to_the_same_entry_in_each_language(client, db):
    finnish = public("fi").get(slug="lapset-puheeksi")
    html = html_of(client, finnish.url)
    for translation in finnish.get_translations().live():
        assert f'href="{translation.url}" lang="{translation.locale.language_code}"' in html


def test_the_language_switcher_says_when_an_entry_is_not_translated_yet(client, db):
    page = MethodFactory(title="Vain suomeksi", slug="vain-suomeksi")
    translate(page, "sv", live=False, title="Utkast", slug="utkast")
    html = html_of(client, page.url)
    assert re.search(r'<a href="/sv/metoder/" lang="sv" hreflang="sv" class="untranslated">', html)
    assert re.search(r'<a href="/en/methods/" lang="en" hreflang="en" class="untranslated">', html)
    assert "not translated yet" in html


def test_the_language_switcher_keeps_the_catalogue_filters(client, db):
    html = html_of(client, "/fi/menetelmat/?target_group=parents&q=perhe")
    assert 'href="/sv/metoder/?target_group=parents&amp;q=perhe"' in html
    entries = list(public("fi")[:2])
    html = html_of(client, compare_url("fi", *entries))
    assert f'href="{compare_url("en", *entries).replace(",", "%2C")}"' in html


def test_a_missing_page_offers_the_catalogue(client, db):
    response = client.get("/en/methods/no-such-entry/")
    assert response.status_code == 404
    assert 'href="/en/methods/"' in response.content.decode()


def compare_url(language, *entries):
    return f"{CATALOGUES[language]}compare/?ids=" + ",".join(e.entry_id for e in entries)


def test_compare_shows_two_to_four_entries_side_by_side_with_a_shareable_link(client, db):
    entries = list(public("fi").order_by("title")[:3])
    url = compare_url("sv", *entries)
    html = html_of(client, url)
    assert html.count('<th scope="col">') == 3
    for entry in entries:
        swedish = public("sv").get(translation_key=entry.translation_key)
        assert escape(swedish.title) in html
    assert html.count('<th scope="row">') >= 7
    assert 'id="share-url"' in html
    assert "compare/?ids=" + ",".join(e.entry_id for e in entries) in html


def test_compare_explains_a_choice_it_cannot_show(client, db):
    entries = list(public("en")[:5])
    assert client.get(compare_url("en", *entries)).status_code == 400
    response = client.get("/en/methods/compare/?ids=not-an-id")
    assert response.status_code == 400
    assert "“not-an-id” is not an entry id." in response.content.decode()
    html = html_of(client, compare_url("en", entries[0]))
    assert "Choose two to four entries" in html
    assert '<table class="compare">' not in html


def test_the_embed_example_page_shows_both_widgets(client, db):
    html = html_of(client, "/embed/example/")
    assert "<method-card method=" in html
    assert "<method-search" in html
    assert "/embed/v1/methods.js" in html


def test_the_embed_script_is_under_15_kb_compressed():
    assert len(gzip.compress(EMBED_SCRIPT.read_bytes(), 9)) < 15 * 1024


def test_a_model_lists_its_methods_on_its_page(client, db):
    model = public("en").get(slug="family-centre").specific
    html = html_of(client, model.url)
    for method in model.methods_used():
        assert escape(method.title) in html


def test_facet_values_that_only_hidden_entries_use_are_not_offered(client, db):
    secret = TargetGroupFactory(code="vain-luonnoksissa", name="Vain luonnoksissa")
    MethodFactory(title="Luonnos", slug="luonnos-x", live=False, target_groups=[secret])
    ModelFactory(title="Toinen luonnos", slug="luonnos-y", live=False, target_groups=[secret])
    assert "vain-luonnoksissa" not in html_of(client, "/fi/menetelmat/")


def test_the_embed_script_reads_the_same_on_a_page_in_any_encoding():
    EMBED_SCRIPT.read_bytes().decode("ascii")


def result_titles(html):
    return re.findall(r'<h3 id="result-\d+"><a href="[^"]*">(.*?)</a></h3>', html)


def test_the_catalogue_sorts_by_title_evidence_and_recent_updates(client, db):
    by_title = result_titles(html_of(client, "/en/methods/?ordering=title"))
    assert by_title == sorted(by_title, key=str.casefold)
    strongest = [
        public("en").get(title=title.replace("&#x27;", "'")).evidence_level or 0
        for title in result_titles(html_of(client, "/en/methods/?ordering=-evidence"))
    ]
    assert strongest == sorted(strongest, reverse=True)
    recent = result_titles(html_of(client, "/en/methods/?ordering=-updated_at"))
    newest = public("en").order_by("-last_published_at").first()
    assert recent[0] == escape(newest.title)
    html = html_of(client, "/en/methods/?ordering=-evidence")
    assert '<option value="-evidence" selected>' in html
    # relevance stays the default without words (the order is then by title), so that words
    # typed afterwards are ranked by relevance
    assert '<option value="relevance" selected>' in html_of(client, "/en/methods/")
    assert '<option value="relevance" selected>' in html_of(client, "/en/methods/?q=family")


def test_an_unknown_sort_order_is_named_and_the_rest_still_applies(client, db):
    response = client.get("/en/methods/?ordering=cheapest&kind=model")
    assert response.status_code == 400
    assert "Sort by: Select a valid choice. cheapest is not one of the available choices." in (
        response.content.decode()
    )
    assert results_heading(response.content.decode()).startswith("2 ")


def test_the_switcher_links_of_the_catalogue_follow_the_filters_and_the_sort_order(client, db):
    html = html_of(client, "/fi/menetelmat/?kind=model&ordering=title&page=1")
    assert (
        'href="/en/methods/?kind=model&amp;ordering=title" lang="en" hreflang="en" data-follows-filters'
        in html
    )
    entries = list(public("fi")[:2])
    assert "data-follows-filters" not in html_of(client, compare_url("fi", *entries))


def test_the_catalogue_offers_a_way_past_the_filters(client, db):
    html = html_of(client, "/fi/menetelmat/?target_group=parents&age=4")
    assert '<a class="skip-link" href="#results">Siirry tuloksiin</a>' in html
    assert '<section class="results" id="results" tabindex="-1"' in html
    assert re.search(
        r'<summary class="filters__toggle">Suodattimet <span class="count">\(2 valittu\)', html
    )


def queries_of(client, url) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return [query["sql"] for query in captured]


def test_a_page_of_results_not_shown_before_costs_two_queries_more(client, db):
    for number in range(25):
        MethodFactory(title=f"Sivutestit {number:02}", slug=f"sivutestit-{number}")
    html_of(client, "/fi/menetelmat/")  # the version's catalogue, labels and filter panel
    kept = queries_of(client, "/fi/menetelmat/")
    new_page = queries_of(client, "/fi/menetelmat/?page=2")
    # a page seen before reads only the content version; one not seen before, the entries' card
    # fields and their target groups as well
    assert len(kept) == 1 and "methods_contentversion" in kept[0]
    assert len(new_page) == len(kept) + 2
    assert not [sql for sql in queries_of(client, "/fi/menetelmat/?page=2") if "entrypage" in sql]


def test_a_repeated_search_reads_no_entries(client, db):
    first = queries_of(client, "/en/methods/?q=bullying")
    assert [sql for sql in first if "methods_entrypage" in sql]
    again = queries_of(client, "/en/methods/?q=bullying")
    assert not [sql for sql in again if "methods_entrypage" in sql]
    assert "<mark>" in html_of(client, "/en/methods/?q=bullying")


def test_the_filter_panel_follows_each_search_and_names_errors(client, db):
    def checked(html, name, value):
        box = re.search(rf'<input type="\w+" id="filter-{name}-{value}"[^>]*>', html).group(0)
        return "checked" in box

    models = html_of(client, "/en/methods/?kind=model")
    assert checked(models, "kind", "model")
    everything = html_of(client, "/en/methods/")
    assert not checked(everything, "kind", "model")
    assert "Clear all filters" not in everything
    assert checked(html_of(client, "/en/methods/?kind=model&page=1"), "kind", "model")
    response = client.get("/en/methods/?kind=model&age=ten")
    assert response.status_code == 400
    assert "Age (years): Enter a whole number." in response.content.decode()
    assert "Enter a whole number." not in html_of(client, "/en/methods/?kind=model")


def test_the_language_switcher_follows_each_query_on_the_kept_catalogue(client, db):
    assert 'href="/sv/metoder/" lang="sv"' in html_of(client, "/fi/menetelmat/")
    html = html_of(client, "/fi/menetelmat/?target_group=parents&q=a<b")
    assert 'href="/sv/metoder/?target_group=parents&amp;q=a%3Cb" lang="sv"' in html
    html = html_of(client, "/fi/menetelmat/?page=3&kind=model")
    assert 'href="/en/methods/?kind=model" lang="en"' in html
