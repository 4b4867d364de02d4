"""The search service: filters, facet counts, ordering and paging, and what it must never return."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from methods.models import EntryPage
from search.service import SearchRequest, search_entries
from tests.factories import MethodFactory, TargetGroupFactory


def titles(results):
    return [entry.title for entry in results.entries]


def test_filters_are_or_within_a_facet_and_and_across_facets(db):
    both = search_entries(
        SearchRequest(language="en", topics=("bullying", "substance-use"), limit=100)
    )
    bullying = search_entries(SearchRequest(language="en", topics=("bullying",), limit=100))
    substance = search_entries(SearchRequest(language="en", topics=("substance-use",), limit=100))
    assert both.total == len(set(titles(bullying)) | set(titles(substance)))

    narrowed = search_entries(
        SearchRequest(
            language="en", topics=("bullying", "substance-use"), delivery_formats=("group",)
        )
    )
    assert set(titles(narrowed)) <= set(titles(both))


def test_facet_counts_are_what_choosing_that_value_would_give(db):
    request = SearchRequest(language="fi", service_areas=("school",), limit=100)
    results = search_entries(request)
    for code, count in results.facets["target_groups"].items():
        with_value = search_entries(
            SearchRequest(language="fi", service_areas=("school",), target_groups=(code,))
        )
        assert with_value.total == count, code
    # a facet's own selection does not narrow its own counts
    for code, count in results.facets["service_areas"].items():
        assert search_entries(SearchRequest(language="fi", service_areas=(code,))).total == count


def test_age_keeps_entries_whose_range_covers_it(db):
    results = search_entries(SearchRequest(language="sv", age=15, limit=100))
    assert results.total > 0
    for entry in results.entries:
        assert entry.age_min <= 15 <= entry.age_max


def test_evidence_min_and_strongest_first(db):
    results = search_entries(
        SearchRequest(language="fi", evidence_min=4, ordering="-evidence", limit=100)
    )
    levels = [entry.evidence_level for entry in results.entries]
    assert levels and all(level >= 4 for level in levels)
    assert levels == sorted(levels, reverse=True)


def test_kind_separates_methods_from_models(db):
    models = search_entries(SearchRequest(language="en", kind="model", limit=100))
    assert models.total == 2
    assert {entry.kind for entry in models.entries} == {"model"}


def test_paging_splits_the_ordered_list(db):
    everything = titles(search_entries(SearchRequest(language="fi", ordering="title", limit=100)))
    first = titles(search_entries(SearchRequest(language="fi", ordering="title", limit=5)))
    second = titles(
        search_entries(SearchRequest(language="fi", ordering="title", offset=5, limit=5))
    )
    assert first + second == everything[:10]


def test_text_search_marks_the_matched_words(db):
    results = search_entries(SearchRequest(language="fi", query="perhekeskus"))
    assert results.total >= 1
    top = results.entries[0]
    assert "Perhekeskus" in top.title
    assert "<mark>" in " ".join(results.highlights[top.pk].values())


def test_drafts_private_entries_and_unpublished_changes_never_match(db):
    group = TargetGroupFactory(code="test-group")
    MethodFactory(title="Zebraluonnos", slug="zebra-draft", live=False, target_groups=[group])
    private = MethodFactory(title="Zebrayksityinen", slug="zebra-private", target_groups=[group])
    PageViewRestriction.objects.create(page=private, restriction_type="password", password="x")
    live = MethodFactory(title="Julkinen", slug="zebra-live", target_groups=[group])
    live.title = "Zebramuutos"
    live.save_revision()

    for request in (
        SearchRequest(language="fi", query="zebraluonnos zebrayksityinen zebramuutos"),
        SearchRequest(language="fi", target_groups=("test-group",)),
    ):
        results = search_entries(request)
        assert {entry.slug for entry in results.entries} <= {"zebra-live"}
        assert "Zebramuutos" not in titles(results)
    counts = search_entries(SearchRequest(language="fi")).facets["target_groups"]
    assert counts.get("test-group") == 1


def test_the_number_of_queries_does_not_grow_with_the_page_size(db):
    search_entries(SearchRequest(language="fi", limit=1))  # builds the language's catalogue
    with CaptureQueriesContext(connection) as small:
        search_entries(SearchRequest(language="fi", limit=2))
    with CaptureQueriesContext(connection) as large:
        search_entries(SearchRequest(language="fi", limit=100))
    assert len(large.captured_queries) == len(small.captured_queries)


@pytest.mark.parametrize("ordering", ["bogus", ""])
def test_unknown_ordering_is_refused(db, ordering):
    with pytest.raises(ValueError, match="ordering must be one of"):
        search_entries(SearchRequest(language="fi", ordering=ordering))


def test_only_the_requested_language(db):
    results = search_entries(SearchRequest(language="sv", limit=100))
    assert {entry.locale.language_code for entry in results.entries} == {"sv"}
    assert results.total == EntryPage.objects.live().filter(locale__language_code="sv").count()


def test_a_search_costs_two_queries_until_the_public_content_changes(db):
    search_entries(SearchRequest(language="fi"))
    with CaptureQueriesContext(connection) as queries:
        search_entries(SearchRequest(language="fi", target_groups=("parents",), limit=50))
    assert len(queries.captured_queries) == 2  # the content version, then the page of entries

    MethodFactory(title="Uusin menetelmä", slug="uusin")
    results = search_entries(SearchRequest(language="fi", limit=100))
    assert "Uusin menetelmä" in titles(results)
