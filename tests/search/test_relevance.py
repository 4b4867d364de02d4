"""Relevance: the judged query set reaches its floors in every language on the database in use."""

import pytest

from search.evaluation import evaluate, service_ranking
from tests.search.judgements import JUDGEMENTS
from tests.search.professional_judgements import PROFESSIONAL_JUDGEMENTS

# Raise these as the matching improves; never lower them.
MRR_FLOOR = 0.95
RECALL_FLOOR = 0.95
PROFESSIONAL_MRR_FLOOR = 0.9
PROFESSIONAL_RECALL_FLOOR = 0.9


def test_the_judged_set_is_large_enough_in_every_language():
    languages = [language for language, _query, _relevant in JUDGEMENTS]
    assert len(JUDGEMENTS) >= 60
    assert all(languages.count(language) >= 20 for language in ("fi", "sv", "en"))


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_relevant_entries_come_first(db, language):
    figures = evaluate([row for row in JUDGEMENTS if row[0] == language], service_ranking)[language]
    assert figures.mrr >= MRR_FLOOR, figures.misses
    assert figures.recall >= RECALL_FLOOR, figures.misses


def test_the_professional_set_covers_every_kind_of_query_in_every_language():
    languages = [language for language, _query, _relevant in PROFESSIONAL_JUDGEMENTS]
    assert all(languages.count(language) >= 10 for language in ("fi", "sv", "en"))
    several_names = [row for row in PROFESSIONAL_JUDGEMENTS if len(row[1].split()) >= 3]
    assert {row[0] for row in several_names} == {"fi", "sv", "en"}


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_what_professionals_type_finds_what_they_mean(db, language):
    rows = [row for row in PROFESSIONAL_JUDGEMENTS if row[0] == language]
    figures = evaluate(rows, service_ranking)[language]
    assert figures.mrr >= PROFESSIONAL_MRR_FLOOR, figures.misses
    assert figures.recall >= PROFESSIONAL_RECALL_FLOOR, figures.misses
