"""bm25 from the stored postings gives the scores SQLite's FTS5 bm25() gives on the same
expression, for every judged query: the ranking did not change when it moved out of FTS5."""

import math

import pytest
from django.db import connection

from methods.content_version import current_version
from search import engine
from search.lexicon import lexicon
from search.postings import WEIGHTS
from tests.search.judgements import JUDGEMENTS
from tests.search.professional_judgements import PROFESSIONAL_JUDGEMENTS

QUERIES = sorted({(language, query) for language, query, _ in JUDGEMENTS + PROFESSIONAL_JUDGEMENTS})


def fts5_bm25(query: engine.Query, pks: list[int]) -> dict[int, float]:
    table = f"methods_search_fts_{query.language}"
    weights = ", ".join(str(weight) for weight in WEIGHTS)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT rowid, bm25({table}, {weights}) FROM {table} WHERE {table} MATCH %s "
            f"AND +rowid IN ({', '.join(['%s'] * len(pks))})",
            [engine.boolean_expression(query.clauses, " OR ", " AND ", '"'), *pks],
        )
        return {page_id: -score for page_id, score in cursor.fetchall()}


@pytest.mark.parametrize(("language", "text"), QUERIES)
def test_bm25_from_the_postings_is_fts5_bm25(db, language, text):
    if connection.vendor != "sqlite":
        pytest.skip("PostgreSQL ranks with ts_rank; FTS5 is SQLite's")
    version = current_version()
    query = engine.analyse_query(text, language, version)
    known = lexicon(language, version)
    found = engine._matches(query, version, known.documents())
    pks = sorted(engine._best_candidates(found, {}, 1, 1000))
    assert pks, text
    ours = engine._bm25(query, pks, found.postings, engine._lengths.get(language, version))
    theirs = fts5_bm25(query, pks)
    assert ours.keys() == theirs.keys()
    for pk, score in theirs.items():
        assert math.isclose(ours[pk], score, rel_tol=1e-12, abs_tol=1e-15), (pk, ours[pk], score)
