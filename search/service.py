"""The one search service: every surface (API, site, widget) asks it for entries.

It takes a `SearchRequest` (language, optional text, facet filters, ordering, paging) and returns
`SearchResults` with the page of entries, the total, highlighted snippets and facet counts. Only
public entries (see methods.visibility) are ever considered.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet

from methods.models import FACET_MODELS, EntryPage, MethodPage, ModelPage
from methods.visibility import publicly_visible

from . import matching
from .querylog import record_query

FACETS = tuple(FACET_MODELS)
ORDERINGS = ("relevance", "title", "-updated_at", "-evidence")
KINDS = {"method": MethodPage, "model": ModelPage}


@dataclass(frozen=True)
class SearchRequest:
    language: str
    query: str = ""
    target_groups: tuple[str, ...] = ()
    service_areas: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()
    delivery_formats: tuple[str, ...] = ()
    age: int | None = None
    evidence_min: int | None = None
    kind: str | None = None
    updated_since: datetime.datetime | None = None
    ordering: str = "relevance"
    offset: int = 0
    limit: int = 20
    # True when a person typed the query (site, widget, API): it is counted in the query log
    record: bool = False

    def facet_codes(self, facet: str) -> tuple[str, ...]:
        return getattr(self, facet)


@dataclass
class SearchResults:
    total: int
    entries: list[EntryPage]
    # {entry pk: {field: HTML snippet with <mark>…</mark> around the matched words}}
    highlights: dict[int, dict[str, str]] = field(default_factory=dict)
    # {facet: {code: count}} for the four facets, plus "kind" and "evidence_level"
    facets: dict[str, dict[str, int]] = field(default_factory=dict)


def public_entries(language: str) -> QuerySet:
    """Every public entry in one language."""
    return publicly_visible(EntryPage.objects.filter(locale__language_code=language))


def search_entries(request: SearchRequest, *, with_facets: bool = True) -> SearchResults:
    """Run one search: filter, match the text, count facets, order and cut one page."""
    if request.ordering not in ORDERINGS:
        raise ValueError(f"ordering must be one of {', '.join(ORDERINGS)}")
    base = public_entries(request.language)
    scores: dict[int, float] | None = None
    if request.query.strip():
        scores = matching.match(request.query, request.language, base)
        base = base.filter(pk__in=matching.id_subquery(scores))

    filtered = _apply_filters(base, request)
    total = filtered.count()
    entries = _order_and_slice(filtered, request, scores)
    highlights = matching.highlight(request.query, entries) if scores is not None else {}
    facets = _facet_counts(base, request) if with_facets else {}
    if request.record and scores is not None and request.offset == 0:
        record_query(request.language, request.query, total)
    return SearchResults(total=total, entries=entries, highlights=highlights, facets=facets)


def _apply_filters(queryset: QuerySet, request: SearchRequest, *, skip: str = "") -> QuerySet:
    for facet in FACETS:
        codes = request.facet_codes(facet)
        if codes and facet != skip:
            queryset = queryset.filter(
                pk__in=EntryPage.objects.filter(**{f"{facet}__code__in": codes}).values("pk")
            )
    if request.age is not None:
        queryset = queryset.filter(
            Q(age_min__isnull=True) | Q(age_min__lte=request.age),
            Q(age_max__isnull=True) | Q(age_max__gte=request.age),
        ).exclude(age_min__isnull=True, age_max__isnull=True)
    if request.evidence_min is not None and skip != "evidence_level":
        queryset = queryset.filter(evidence_level__gte=request.evidence_min)
    if request.kind and skip != "kind":
        queryset = queryset.filter(content_type__model=KINDS[request.kind]._meta.model_name)
    if request.updated_since is not None:
        queryset = queryset.filter(last_published_at__gte=request.updated_since)
    return queryset


def _order_and_slice(queryset: QuerySet, request: SearchRequest, scores) -> list[EntryPage]:
    window = slice(request.offset, request.offset + request.limit)
    if request.ordering == "relevance" and scores is not None:
        ranked = sorted(
            queryset.values_list("pk", "title"),
            key=lambda row: (-scores[row[0]], row[1].casefold()),
        )
        ids = [pk for pk, _title in ranked[window]]
        by_id = {page.pk: page for page in queryset.filter(pk__in=ids)}
        return [by_id[pk] for pk in ids]
    order = {
        "relevance": ("title", "pk"),
        "title": ("title", "pk"),
        "-updated_at": ("-last_published_at", "pk"),
        "-evidence": ("-evidence_level", "title", "pk"),
    }[request.ordering]
    return list(queryset.order_by(*order)[window])


def _facet_counts(base: QuerySet, request: SearchRequest) -> dict[str, dict[str, int]]:
    """For each facet, the result count each value would give with the other filters applied."""
    counts: dict[str, dict[str, int]] = {}
    for facet, model in FACET_MODELS.items():
        scope = _apply_filters(base, request, skip=facet)
        codes = (
            model.objects.filter(locale__language_code=request.language)
            .order_by("sort_order", "code")
            .values_list("code", flat=True)
        )
        counts[facet] = dict.fromkeys(codes, 0)
        rows = (
            EntryPage.objects.filter(pk__in=scope.values("pk"))
            .order_by()
            .values(f"{facet}__code")
            .annotate(n=Count("pk", distinct=True))
        )
        for row in rows:
            code = row[f"{facet}__code"]
            if code is not None:
                counts[facet][code] = row["n"]
    kind_scope = _apply_filters(base, request, skip="kind")
    counts["kind"] = {
        kind: kind_scope.filter(content_type__model=model._meta.model_name).count()
        for kind, model in KINDS.items()
    }
    level_scope = _apply_filters(base, request, skip="evidence_level")
    by_level = dict(
        level_scope.exclude(evidence_level__isnull=True)
        .order_by()
        .values_list("evidence_level")
        .annotate(n=Count("pk"))
        .values_list("evidence_level", "n")
    )
    # "at least level N": what choosing evidence_min=N would give
    counts["evidence_level"] = {
        str(level): sum(n for value, n in by_level.items() if value >= level)
        for level in (5, 4, 3, 2, 1)
    }
    return counts
