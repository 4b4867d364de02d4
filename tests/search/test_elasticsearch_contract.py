"""Contract with a live Elasticsearch 9 / OpenSearch 3: the judged query set on that backend.

Runs only when ELASTICSEARCH_URL is set; otherwise every test here is skipped with that reason.
"""

import os

import pytest
from django.core.management import call_command

from search.evaluation import evaluate, service_ranking
from tests.search.judgements import JUDGEMENTS
from tests.search.test_relevance import MRR_FLOOR, RECALL_FLOOR

pytestmark = pytest.mark.skipif(
    not os.environ.get("ELASTICSEARCH_URL"),
    reason="ELASTICSEARCH_URL is not set: no Elasticsearch/OpenSearch cluster to test against",
)


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_relevant_entries_come_first_on_elasticsearch(db, settings, language):
    settings.ELASTICSEARCH_URL = os.environ["ELASTICSEARCH_URL"]
    settings.ELASTICSEARCH_INDEX_PREFIX = "lape_contract_"
    call_command("rebuild_search", stdout=open(os.devnull, "w"), stderr=open(os.devnull, "w"))
    rows = [row for row in JUDGEMENTS if row[0] == language]
    figures = evaluate(rows, service_ranking)[language]
    print(f"Elasticsearch {language}: MRR@10 {figures.mrr:.3f}, recall@10 {figures.recall:.3f}")
    assert figures.mrr >= MRR_FLOOR, figures.misses
    assert figures.recall >= RECALL_FLOOR, figures.misses
