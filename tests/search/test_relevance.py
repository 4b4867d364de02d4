"""Relevance: the judged query set reaches its floors in every language on the database in use."""

import pytest

from search.evaluation import evaluate, service_ranking
from tests.search.judgements import JUDGEMENTS

# Raise these as the matching improves; never lower them.
MRR_FLOOR = 0.85
RECALL_FLOOR = 0.85


def test_the_judged_set_is_large_enough_in_every_language():
    languages = [language for language, _query, _relevant in JUDGEMENTS]
    assert len(JUDGEMENTS) >= 60
    assert all(languages.count(language) >= 20 for language in ("fi", "sv", "en"))


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_relevant_entries_come_first(db, language):
    figures = evaluate([row for row in JUDGEMENTS if row[0] == language], service_ranking)[language]
    assert figures.mrr >= MRR_FLOOR, figures.misses
    assert figures.recall >= RECALL_FLOOR, figures.misses
