"""Postings kept in memory: a search repeated at the same content version reads no postings from
the database, and what is published or unpublished afterwards is found, or not, at once."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from search import engine
from search.bitmaps import Bitmap, bitmap, page_ids
from search.service import SearchRequest, search_entries
from tests.factories import MethodFactory


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


def full_text_queries(captured) -> list[str]:
    """The queries that read the full-text index (SQLite's FTS5 tables, PostgreSQL's vectors)."""
    return [
        query["sql"]
        for query in captured.captured_queries
        if "methods_search_fts_" in query["sql"] or "methods_search_vectors" in query["sql"]
    ]


def api_titles(client, query: str) -> list[str]:
    response = client.get("/api/v1/methods/", {"lang": "fi", "q": query})
    assert response.status_code == 200
    return [item["title"] for item in response.json()["results"]]


def test_a_repeated_search_reads_only_the_ranking_from_the_database(db):
    engine.forget_postings()
    request = SearchRequest(language="fi", query="vanhemman masennus")
    with CaptureQueriesContext(connection) as first:
        first_results = search_entries(request)
    with CaptureQueriesContext(connection) as again:
        again_results = search_entries(request)
    # postings anywhere and in the title, names and summary, then the ranking
    assert len(full_text_queries(first)) == 3
    assert len(full_text_queries(again)) == 1
    assert again_results.ids == first_results.ids and first_results.total > 0


def test_terms_searched_before_a_publish_find_the_new_entry(client, db, committed):
    assert "Kirahvikoulutus" not in api_titles(client, "kirahvikoulutus")
    with committed():
        page = MethodFactory(title="Kirahvikoulutus", slug="kirahvi")
    assert api_titles(client, "kirahvikoulutus")[0] == "Kirahvikoulutus"
    with committed():
        page.unpublish()
    assert "Kirahvikoulutus" not in api_titles(client, "kirahvikoulutus")


def test_kept_postings_stay_within_their_budget(db, monkeypatch):
    engine.forget_postings()
    monkeypatch.setattr(engine, "POSTINGS_KEPT", 1)
    search_entries(SearchRequest(language="en", query="parents children school"))
    assert len(engine._postings.kept) == 1  # only the term used last
    engine.forget_postings()


def test_bitmaps_hold_page_ids():
    ids = [0, 7, 8, 63, 64, 1000, 40_001]
    bits = bitmap(ids)
    assert list(page_ids(bits)) == ids
    assert bits.bit_count() == len(ids)
    kept = Bitmap(bits)
    assert all(pk in kept for pk in ids)
    assert not any(pk in kept for pk in (1, 9, 62, 999, 40_000, 50_000))
    assert bitmap([]) == 0 and list(page_ids(0)) == []


def test_the_postgresql_vector_table_follows_the_documents(db):
    if connection.vendor != "postgresql":
        pytest.skip("the narrow vector table is PostgreSQL's (migration 0008)")
    from search.models import SearchDocument

    def vectors(sql: str, params=()) -> list:
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

    count = "SELECT count(*) FROM methods_search_vectors"
    # written at once: no pending list for every search to read through
    assert vectors(
        "SELECT relname FROM pg_class WHERE relname LIKE 'methods_search_vectors_%%vector' "
        "AND 'fastupdate=off' = ANY(reloptions) ORDER BY relname"
    ) == [("methods_search_vectors_strong_vector",), ("methods_search_vectors_vector",)]
    assert vectors(count) == [(SearchDocument.objects.count(),)]
    document = SearchDocument.objects.filter(language="fi").first()
    document.title_terms = "kirahvi"
    document.save()
    assert vectors(
        "SELECT language FROM methods_search_vectors "
        "WHERE page_id = %s AND strong_vector @@ to_tsquery('simple', 'kirahvi')",
        [document.pk],
    ) == [("fi",)]
    document.delete()
    assert vectors(count) == [(SearchDocument.objects.count(),)]
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE methods_search_searchdocument")
    assert vectors(count) == [(0,)]
