"""Term postings: stored per term (search.postings), agreeing with the full-text index and kept
in step with it as entries are published, changed, unpublished and deleted; and kept in memory,
so that a search repeated at the same content version reads no postings from the database, while
what is published or unpublished afterwards is found, or not, at once."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from search import engine, postings
from search.bitmaps import Bitmap, bitmap, page_ids
from search.models import SearchDocument, TermPostings
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


def postings_queries(captured) -> list[str]:
    return [
        query["sql"]
        for query in captured.captured_queries
        if TermPostings._meta.db_table in query["sql"]
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
    # the stored postings of the query's terms in one query
    assert len(postings_queries(first)) == 1
    assert postings_queries(again) == []
    if connection.vendor == "postgresql":
        # ts_rank reads the best candidates' vectors
        assert len(full_text_queries(first)) == len(full_text_queries(again)) == 1
    else:
        # bm25 comes from the postings: the full-text index is not read at all
        assert full_text_queries(first) == full_text_queries(again) == []
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


def full_text_terms(language: str) -> dict[str, tuple[set[int], set[int]]]:
    """{term: (page ids anywhere, page ids in the title, names or summary)}, as the full-text
    index itself has them (fts5vocab on SQLite, ts_stat and @@ on PostgreSQL)."""
    found = {}
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT word FROM ts_stat(%s)",
                [f"SELECT vector FROM methods_search_vectors WHERE language = '{language}'"],
            )
            terms = [row[0] for row in cursor.fetchall()]
            for term in terms:
                sets = []
                for vector in ("vector", "strong_vector"):
                    cursor.execute(
                        f"SELECT page_id FROM methods_search_vectors WHERE language = %s "
                        f"AND {vector} @@ to_tsquery('simple', quote_literal(%s))",
                        [language, term],
                    )
                    sets.append({row[0] for row in cursor.fetchall()})
                found[term] = tuple(sets)
        else:
            for term, (anywhere, strong, _frequencies) in fts5_instances(language).items():
                found[term] = (anywhere, strong)
    return found


def fts5_instances(language: str) -> dict[str, tuple[set[int], set[int], dict[int, float]]]:
    """{term: (page ids, page ids in the strong sections, {page id: weighted frequency})} from
    the occurrences FTS5 holds (fts5vocab), weighted as bm25 weighs them."""
    table = f"methods_search_fts_{language}"
    weights = dict(zip(postings.TERM_COLUMNS, postings.WEIGHTS, strict=True))
    found = {}
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE VIRTUAL TABLE temp.vocabulary USING fts5vocab(main, {table}, 'instance')"
        )
        cursor.execute("SELECT term, doc, col FROM temp.vocabulary")
        for term, page_id, column in cursor.fetchall():
            anywhere, strong, frequencies = found.setdefault(term, (set(), set(), {}))
            anywhere.add(page_id)
            frequencies[page_id] = frequencies.get(page_id, 0.0) + weights[column]
            if column in ("title_terms", "names_terms", "summary_terms"):
                strong.add(page_id)
        cursor.execute("DROP TABLE temp.vocabulary")
    return found


def stored_rows(language: str) -> dict[str, postings.Posting]:
    terms = TermPostings.objects.filter(language=language).values_list("term", flat=True)
    return postings.fetch(language, terms)


def stored_terms(language: str) -> dict[str, tuple[set[int], set[int]]]:
    return {
        term: (set(page_ids(posting.anywhere)), set(page_ids(posting.strong)))
        for term, posting in stored_rows(language).items()
    }


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_stored_postings_agree_with_the_full_text_index(db, language):
    rows = stored_rows(language)
    assert len(rows) > 500  # the demo content's words
    assert stored_terms(language) == full_text_terms(language)
    for posting in rows.values():
        assert list(posting.pages) == list(page_ids(posting.anywhere))
        assert len(posting.frequencies) == len(posting.pages)
    if connection.vendor == "sqlite":
        # and the weighted frequencies are FTS5's occurrences, weighted as bm25 weighs them
        for term, (_anywhere, _strong, frequencies) in fts5_instances(language).items():
            stored = rows[term]
            assert {
                page: frequency / 2
                for page, frequency in zip(stored.pages, stored.frequencies, strict=True)
            } == frequencies, term


def test_postings_follow_publishing_editing_unpublishing_and_deleting(client, db, committed):
    def rows() -> dict:
        return {
            (row.language, row.term): (
                bytes(row.anywhere),
                bytes(row.strong),
                bytes(row.pages),
                bytes(row.frequencies),
            )
            for row in TermPostings.objects.all()
        }

    def as_rebuilt() -> dict:
        kept = rows()
        postings.rebuild()
        return kept

    with committed():
        page = MethodFactory(title="Kirahvikoulutus", slug="kirahvi", summary="Seepra ja kameli.")
    assert {"kirahvikoulutus", "seepra"} <= set(stored_terms("fi"))
    assert as_rebuilt() == rows()
    page.summary = "Virtahepo ja kameli."
    with committed():
        page.save_revision().publish()
    assert "seepra" not in stored_terms("fi")
    assert stored_terms("fi")["virtahepo"] == ({page.pk}, {page.pk})
    assert as_rebuilt() == rows()
    assert api_titles(client, "virtahepo") == ["Kirahvikoulutus"]
    with committed():
        page.unpublish()
    assert "virtahepo" not in stored_terms("fi")
    assert as_rebuilt() == rows()
    with committed():
        page.save_revision().publish()
    assert api_titles(client, "virtahepo") == ["Kirahvikoulutus"]
    with committed():
        page.delete()
    # the document went with the page; a page id is never used again, and a search only
    # matches the public pages of the content version, so the bits left behind find nothing
    assert api_titles(client, "virtahepo") == []
    response = client.get("/api/v1/methods/", {"lang": "fi", "q": "virtahepo kameli"})
    assert response.json()["count"] == 0


def test_a_rebuild_writes_the_postings_again(db):
    def rows():
        return {
            row.term: (
                bytes(row.anywhere),
                bytes(row.strong),
                bytes(row.pages),
                bytes(row.frequencies),
            )
            for row in TermPostings.objects.filter(language="sv")
        }

    before = rows()
    TermPostings.objects.all().delete()
    SearchDocument.objects.update(length=None)
    from search.indexing import rebuild

    rebuild()
    assert rows() == before and len(before) > 500
    assert not SearchDocument.objects.filter(length=None).exists()


def test_a_word_too_long_to_keep_is_indexed_without_it(client, db, committed):
    # a "word" of 250 letters (a pasted hash or a run of characters): the entry is published and
    # found by its other words; that word itself is not kept, so nothing finds it
    long_word = "k" * 250
    with committed():
        MethodFactory(title="Kirahvikoulutus", slug="kirahvi", summary=f"Seepra {long_word}.")
    assert api_titles(client, "seepra") == ["Kirahvikoulutus"]
    assert not TermPostings.objects.filter(term=long_word).exists()
    response = client.get("/api/v1/methods/", {"lang": "fi", "q": long_word[:200]})
    assert response.status_code in (200, 400)
    if response.status_code == 200:
        assert "Kirahvikoulutus" not in [item["title"] for item in response.json()["results"]]


def test_a_private_entry_and_a_draft_never_reach_the_postings(client, db, committed):
    from wagtail.models import PageViewRestriction

    with committed():
        page = MethodFactory(title="Kirahvikoulutus", slug="kirahvi", summary="Seepra.")
    assert page.pk in stored_terms("fi")["seepra"][0]
    # a draft: its new word is not stored, the published one stays
    page.summary = "Virtahepo."
    with committed():
        page.save_revision()
    assert "virtahepo" not in stored_terms("fi")
    assert page.pk in stored_terms("fi")["seepra"][0]
    # made private: every term of the page leaves the postings
    with committed():
        PageViewRestriction.objects.create(page=page, restriction_type="password", password="x")
    assert all(page.pk not in pages for pages, _strong in stored_terms("fi").values())
    assert api_titles(client, "seepra") == []
