"""Relevance measures over a judged query set: MRR@10 and recall@10 per language."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

CUTOFF = 10


@dataclass
class Figures:
    queries: int
    mrr: float
    recall: float
    misses: list[tuple[str, int | None]]  # (query, rank of the first relevant entry or None)


def evaluate(
    judgements: Iterable[tuple[str, str, tuple[str, ...]]],
    ranked_ids: Callable[[str, str], list[str]],
) -> dict[str, Figures]:
    """{language: Figures}; `ranked_ids(query, language)` returns entry ids, best first."""
    by_language: dict[str, list[tuple[float, float, str, int | None]]] = {}
    for language, query, relevant in judgements:
        ranking = ranked_ids(query, language)[:CUTOFF]
        ranks = [ranking.index(entry) + 1 for entry in relevant if entry in ranking]
        first = min(ranks) if ranks else None
        reciprocal = 1.0 / first if first else 0.0
        recall = len(ranks) / len(relevant)
        by_language.setdefault(language, []).append((reciprocal, recall, query, first))
    return {
        language: Figures(
            queries=len(rows),
            mrr=sum(row[0] for row in rows) / len(rows),
            recall=sum(row[1] for row in rows) / len(rows),
            misses=[(row[2], row[3]) for row in rows if row[3] != 1],
        )
        for language, rows in by_language.items()
    }


def service_ranking(query: str, language: str) -> list[str]:
    """Entry ids as the search service ranks them."""
    from .service import SearchRequest, search_entries

    results = search_entries(
        SearchRequest(language=language, query=query, limit=CUTOFF), with_facets=False
    )
    return [entry.entry_id for entry in results.entries]
