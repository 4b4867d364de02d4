"""The one search service: every surface (API, site, widget) asks it for entries.

It takes a `SearchRequest` (language, optional text, facet filters, ordering, paging) and returns
`SearchResults` with the page of entries, the total, highlighted snippets and facet counts. Only
public entries (see methods.visibility) are ever considered.
"""

import datetime
import functools
import itertools
from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db.models import QuerySet
from django.utils import timezone

from methods.content_version import current_version
from methods.implementations import CURRENT_STATUSES, Implementation
from methods.models import EntryPage, Measure, Region
from methods.visibility import publicly_visible
from methods.vocabulary import (
    FACET_FIELDS,
    FACETS,
    Kind,
    entry_facet_codes,
    language_codes,
    source_language,
)

from . import matching
from .analysis import words
from .bitmaps import bitmap
from .lexicon import keep_out_of_collection, lexicon
from .querylog import record_query

ORDERINGS = ("relevance", "title", "-updated_at", "-evidence")


@dataclass(frozen=True)
class SearchRequest:
    language: str
    query: str = ""
    target_groups: tuple[str, ...] = ()
    service_areas: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()
    delivery_formats: tuple[str, ...] = ()
    outcome_domains: tuple[str, ...] = ()
    # entries with a measure for (one of the chosen of) their outcome domains: free, and/or
    # available in this language
    measure_free: bool = False
    measure_language: str | None = None
    age: int | None = None
    evidence_min: int | None = None
    kind: str | None = None
    # where it is in use now (county codes; nationwide use counts for every county) and in which
    # languages; both at once means one implementation in that county in that language
    regions: tuple[str, ...] = ()
    service_languages: tuple[str, ...] = ()
    updated_since: datetime.datetime | None = None
    ordering: str = "relevance"
    # entry ids (translation keys, as text): only these entries, e.g. the cards of one page
    entry_ids: tuple[str, ...] = ()
    # languages, in order, to take an entry in when it has no public translation into `language`
    fallback_languages: tuple[str, ...] = ()
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
    # the page's entries by page id, in order (also when search_entries(…, pages=False))
    ids: list[int] = field(default_factory=list)
    # {entry pk: {field: HTML snippet with <mark>…</mark> around the matched words}}
    highlights: dict[int, dict[str, str]] = field(default_factory=dict)
    # {facet: {code: count}} for the facets, plus "kind", "evidence_level", "regions" and
    # "service_languages"
    facets: dict[str, dict[str, int]] = field(default_factory=dict)
    # what the query also looked for, from the synonym vocabulary and the facet labels
    synonyms: list[str] = field(default_factory=list)
    # when nothing matched: the closest spelling of the query that the index knows ("" if none),
    # and the facet counts of the entries the filters allow, to browse instead
    suggestion: str = ""
    browse: dict[str, dict[str, int]] = field(default_factory=dict)


def public_entries(language: str) -> QuerySet:
    """Every public entry in one language."""
    return publicly_visible(EntryPage.objects.filter(locale__language_code=language))


def search_entries(
    request: SearchRequest, *, with_facets: bool = True, pages: bool = True
) -> SearchResults:
    """Run one search: match the text, filter, count facets, order and cut one page (of entry
    pages, or only of their ids with pages=False)."""
    if request.ordering not in ORDERINGS:
        raise ValueError(f"ordering must be one of {', '.join(ORDERINGS)}")
    version = current_version()
    catalogue = _catalogue(request.language, version)
    if request.fallback_languages:
        catalogue = _with_fallbacks(catalogue, request, version)
    scores: dict[int, float] | None = None
    analysed = None
    if request.query.strip():
        analysed = matching.analyse(request.query, request.language, version)
        scores = matching.match(request.query, request.language, version)
        if request.fallback_languages:  # page ids differ between languages
            scores = dict(scores)
            for language in request.fallback_languages:
                scores.update(matching.match(request.query, language, version))
        candidates = [pk for pk in scores if pk in catalogue.rows]
    else:
        candidates = list(catalogue.rows)
    if request.entry_ids:
        wanted = set(request.entry_ids)
        candidates = [pk for pk in candidates if catalogue.rows[pk].entry_id in wanted]

    failures = _Failures(catalogue, request)
    matched = [pk for pk in candidates if not failures.of(pk)]
    ids = _order(matched, catalogue, request, scores)[
        request.offset : request.offset + request.limit
    ]
    entries = []
    if pages and ids:
        by_id = {page.pk: page for page in EntryPage.objects.filter(pk__in=ids)}
        entries = [by_id[pk] for pk in ids if pk in by_id]
    highlights = matching.highlight(request.query, entries, version) if scores is not None else {}
    facets = _facet_counts(candidates, catalogue, failures) if with_facets else {}
    results = SearchResults(
        total=len(matched),
        entries=entries,
        ids=ids,
        highlights=highlights,
        facets=facets,
        synonyms=analysed.synonyms if analysed else [],
    )
    if analysed is not None and not matched:
        results.suggestion = closest_spelling(request.query, request.language, version)
        results.browse = _facet_counts(list(catalogue.rows), catalogue, failures)
    if request.record and scores is not None and request.offset == 0:
        record_query(request.language, request.query, len(matched))
    return results


def closest_spelling(query: str, language: str, version: tuple | None = None) -> str:
    """The query with each word the index does not know replaced by the closest one it knows;
    "" when every word is known or none is close."""
    known = lexicon(language, version)
    typed = words(matching.clean_query(query))
    closest = [known.closest(word) or word for word in typed]
    return " ".join(closest) if closest != typed else ""


# --- The catalogue: every public entry of one language as plain values -------------------------
#
# Filters, facet counts and ordering run over this table in memory. It is rebuilt (a handful of
# queries) when the public content changes: every publish, unpublish, move, delete, view
# restriction, facet, synonym and index change bumps the content version, and each search checks
# that version with one query, so every app server sees a change at once.


@dataclass
class _Row:
    kind: str
    evidence_level: int | None
    age_min: int | None
    age_max: int | None
    sort_title: str
    published_at: datetime.datetime | None
    entry_id: str


@dataclass(frozen=True)
class _Use:
    """A current implementation: its county (None: nationwide) and its languages."""

    region: str | None
    languages: frozenset[str]

    def matches(self, regions: frozenset[str], languages: frozenset[str]) -> bool:
        return (not regions or self.region is None or self.region in regions) and (
            not languages or bool(self.languages & languages)
        )


@dataclass
class _Catalogue:
    rows: dict[int, _Row]
    codes: dict[str, dict[int, frozenset[str]]]  # {facet: {pk: codes}}
    facet_values: dict[str, list[str]]  # {facet: codes in display order}
    uses: dict[int, tuple[_Use, ...]] = field(default_factory=dict)
    region_codes: tuple[str, ...] = ()
    service_languages: tuple[str, ...] = ()

    @functools.cached_property
    def with_value(self) -> dict[str, dict]:
        """{facet, "kind" or "evidence_level": {value: bitmap of the entries that have it}},
        for counting (search.bitmaps)."""
        found: dict[str, dict] = {name: defaultdict(list) for name in (*FACET_FIELDS, "kind")}
        found["evidence_level"] = defaultdict(list)
        for facet, by_pk in self.codes.items():
            for pk, codes in by_pk.items():
                for code in codes:
                    found[facet][code].append(pk)
        for pk, row in self.rows.items():
            found["kind"][row.kind].append(pk)
            found["evidence_level"][row.evidence_level].append(pk)
        return {
            name: {value: bitmap(pks) for value, pks in by_value.items()}
            for name, by_value in found.items()
        }

    def covers(self, pk: int, regions: frozenset[str], languages: frozenset[str]) -> bool:
        return any(use.matches(regions, languages) for use in self.uses.get(pk, ()))


_catalogues: dict[str, tuple[tuple, _Catalogue]] = {}
NO_CODES: frozenset[str] = frozenset()


def _catalogue(language: str, version: tuple) -> _Catalogue:
    cached = _catalogues.get(language)
    if cached is not None and cached[0] == version:
        return cached[1]
    catalogue = _build_catalogue(language)
    _catalogues[language] = (version, catalogue)
    keep_out_of_collection()
    return catalogue


def _build_catalogue(language: str) -> _Catalogue:
    base = public_entries(language)
    kinds = {ContentType.objects.get_for_model(kind.page_model).pk: kind for kind in Kind}
    rows = {
        pk: _Row(
            kinds[content_type_id],
            level,
            age_min,
            age_max,
            title.casefold(),
            published,
            str(key),
        )
        for pk, content_type_id, level, age_min, age_max, title, published, key in base.values_list(
            "pk",
            "content_type_id",
            "evidence_level",
            "age_min",
            "age_max",
            "title",
            "last_published_at",
            "translation_key",
        )
    }
    codes: dict[str, dict[int, frozenset[str]]] = {facet: {} for facet in FACET_FIELDS}
    for pk, by_facet in entry_facet_codes(base.values("pk")).items():
        for facet, values in by_facet.items():
            if values:
                codes[facet][pk] = frozenset(values)
    facet_values = {
        spec.field: list(
            spec.model.objects.filter(locale__language_code=language)
            .order_by("sort_order", "code")
            .values_list("code", flat=True)
        )
        for spec in FACETS
    }
    uses: dict[int, list[_Use]] = {}
    found_languages: set[str] = set()
    for pk, region, languages in Implementation.objects.filter(
        page__in=base.values("pk"), status__in=CURRENT_STATUSES
    ).values_list("page_id", "region__code", "service_languages"):
        codes_of_use = frozenset(code.strip() for code in languages.split(",") if code.strip())
        found_languages |= codes_of_use
        uses.setdefault(pk, []).append(_Use(region, codes_of_use))
    # the library's own languages first, then the others found, by code
    own = language_codes()
    service_languages = own + tuple(sorted(found_languages - set(own)))
    return _Catalogue(
        rows,
        codes,
        facet_values,
        uses={pk: tuple(found) for pk, found in uses.items()},
        region_codes=tuple(Region.objects.order_by("code").values_list("code", flat=True)),
        service_languages=service_languages,
    )


_combined: dict[tuple[str, ...], tuple[tuple, _Catalogue]] = {}


def _with_fallbacks(catalogue: _Catalogue, request: SearchRequest, version: tuple) -> _Catalogue:
    """The catalogue of `request.language` with, for every entry that has no public translation
    into it, its row in the first fallback language that has one: one row per entry."""
    languages = (request.language, *request.fallback_languages)
    cached = _combined.get(languages)
    if cached is not None and cached[0] == version:
        return cached[1]
    rows = dict(catalogue.rows)
    codes = {facet: dict(by_pk) for facet, by_pk in catalogue.codes.items()}
    uses = dict(catalogue.uses)
    service_languages = list(catalogue.service_languages)
    for language in request.fallback_languages:
        other = _catalogue(language, version)
        present = {row.entry_id for row in rows.values()}
        for pk, row in other.rows.items():
            if row.entry_id in present:
                continue
            rows[pk] = row
            for facet, by_pk in other.codes.items():
                if pk in by_pk:
                    codes[facet][pk] = by_pk[pk]
            if pk in other.uses:
                uses[pk] = other.uses[pk]
        service_languages += [c for c in other.service_languages if c not in service_languages]
    combined = _Catalogue(
        rows,
        codes,
        catalogue.facet_values,
        uses=uses,
        region_codes=catalogue.region_codes,
        service_languages=tuple(service_languages),
    )
    _combined[languages] = (version, combined)
    return combined


class _Failures:
    """Which of the request's filters an entry fails. An entry counts towards a facet's values
    when it fails no filter, or only that facet's own (OR within a facet, AND across facets)."""

    def __init__(self, catalogue: _Catalogue, request: SearchRequest):
        self.catalogue = catalogue
        self.request = request
        self.facet_filters = [
            (facet, frozenset(request.facet_codes(facet)))
            for facet in FACET_FIELDS
            if request.facet_codes(facet)
        ]
        self.measurable = None
        if request.measure_free or request.measure_language:
            self.measurable = measured_domains(
                free=request.measure_free, language=request.measure_language
            )
            self.wanted_outcomes = frozenset(request.outcome_domains)
        since = request.updated_since
        if since is not None and timezone.is_naive(since):
            since = timezone.make_aware(since, datetime.UTC)
        self.updated_since = since
        self.regions = frozenset(request.regions)
        self.languages = frozenset(request.service_languages)
        # whether any entry can fail at all
        self.filtering = bool(
            self.facet_filters
            or request.age is not None
            or request.evidence_min is not None
            or request.kind
            or self.measurable is not None
            or since is not None
            or self.regions
            or self.languages
        )

    def of(self, pk: int) -> list[str]:
        if not self.filtering:
            return []
        row = self.catalogue.rows[pk]
        request = self.request
        failed = [
            facet
            for facet, wanted in self.facet_filters
            if not (self.catalogue.codes[facet].get(pk, NO_CODES) & wanted)
        ]
        if request.age is not None and (
            (row.age_min is None and row.age_max is None)
            or (row.age_min is not None and row.age_min > request.age)
            or (row.age_max is not None and row.age_max < request.age)
        ):
            failed.append("age")
        if request.evidence_min is not None and (
            row.evidence_level is None or row.evidence_level < request.evidence_min
        ):
            failed.append("evidence_level")
        if request.kind and row.kind != request.kind:
            failed.append("kind")
        if self.measurable is not None:
            outcomes = self.catalogue.codes["outcome_domains"].get(pk, NO_CODES)
            if self.wanted_outcomes:
                outcomes = outcomes & self.wanted_outcomes
            if not outcomes & self.measurable:
                failed.append("measure")
        if self.updated_since is not None and (
            row.published_at is None or row.published_at < self.updated_since
        ):
            failed.append("updated_since")
        if (self.regions or self.languages) and not self.catalogue.covers(
            pk, self.regions, self.languages
        ):
            failed.extend(self._use_failures(pk))
        return failed

    def _use_failures(self, pk: int) -> list[str]:
        """Which of region and language to let go of for the entry to match."""
        if not self.regions:
            return ["service_languages"]
        if not self.languages:
            return ["regions"]
        if self.catalogue.covers(pk, self.regions, frozenset()):
            return ["service_languages"]
        if self.catalogue.covers(pk, frozenset(), self.languages):
            return ["regions"]
        return ["regions", "service_languages"]


def measured_domains(*, free: bool, language: str | None) -> frozenset[str]:
    """The outcome domains that have a measure that is free (when asked) and available in
    `language` (when given)."""
    measures = Measure.objects.filter(locale__language_code=source_language())
    if free:
        measures = measures.filter(free=True)
    codes = set()
    for languages, domain in measures.values_list("languages", "domains__code"):
        if domain and (language is None or language in {c.strip() for c in languages.split(",")}):
            codes.add(domain)
    return frozenset(codes)


def _order(matched: list[int], catalogue: _Catalogue, request: SearchRequest, scores) -> list[int]:
    rows = catalogue.rows
    if request.ordering == "relevance" and scores is not None:
        return sorted(matched, key=lambda pk: (-scores[pk], rows[pk].sort_title, pk))
    if request.ordering == "-updated_at":
        oldest = datetime.datetime.min.replace(tzinfo=datetime.UTC)
        return sorted(
            matched,
            key=lambda pk: (rows[pk].published_at or oldest, -pk),
            reverse=True,
        )
    if request.ordering == "-evidence":
        return sorted(
            matched,
            key=lambda pk: (
                -(rows[pk].evidence_level if rows[pk].evidence_level is not None else -1),
                rows[pk].sort_title,
                pk,
            ),
        )
    return sorted(matched, key=lambda pk: (rows[pk].sort_title, pk))


def _facet_counts(
    candidates, catalogue: _Catalogue, failures: _Failures
) -> dict[str, dict[str, int]]:
    """For each facet, the result count each value would give with the other filters applied."""
    # the entries that fail no filter count everywhere; those failing one filter count only
    # towards that filter's own values; counties and languages are counted apart (_count_uses)
    use_counted: list[int] = []
    if failures.filtering:
        passing, failing_only = [], defaultdict(list)
        for pk in candidates:
            failed = failures.of(pk)
            if not failed:
                passing.append(pk)
            elif len(failed) == 1:
                failing_only[failed[0]].append(pk)
            if failed and all(name in _USE_FACETS for name in failed):
                use_counted.append(pk)
    else:
        passing, failing_only = candidates, {}

    passing_bits = bitmap(passing)
    failing_bits = {name: bitmap(pks) for name, pks in failing_only.items()}

    def counted(name: str) -> int:
        return passing_bits | failing_bits.get(name, 0)

    def count(name: str) -> dict:
        chosen = counted(name)
        return {
            value: (chosen & bits).bit_count() for value, bits in catalogue.with_value[name].items()
        }

    counts: dict[str, dict[str, int]] = {}
    for facet in FACET_FIELDS:
        found = count(facet)
        counts[facet] = {code: found.get(code, 0) for code in catalogue.facet_values[facet]}
        # codes without a row of their own in this language
        counts[facet].update((code, n) for code, n in found.items() if n)
    kinds = count("kind")
    counts["kind"] = {kind: kinds.get(kind, 0) for kind in Kind.values}
    by_level = count("evidence_level")
    counts["regions"] = dict.fromkeys(catalogue.region_codes, 0)
    counts["service_languages"] = dict.fromkeys(catalogue.service_languages, 0)
    for pk in itertools.chain(passing, use_counted):
        if pk in catalogue.uses:
            _count_uses(pk, catalogue, failures, counts)
    # "at least level N": what choosing evidence_min=N would give
    counts["evidence_level"] = {
        str(level): sum(n for value, n in by_level.items() if value is not None and value >= level)
        for level in (5, 4, 3, 2, 1)
    }
    return counts


_USE_FACETS = ("regions", "service_languages")


def _count_uses(pk: int, catalogue: _Catalogue, failures: _Failures, counts) -> None:
    """Counts of the counties and languages choosing each would give, the other filters kept.

    Each is counted exactly (not through the one-failure rule) because the two filters apply to
    the same implementation: an entry counts for Swedish in a county only when one
    implementation there is in Swedish."""
    regions: set[str] = set()
    languages: set[str] = set()
    for use in catalogue.uses.get(pk, ()):
        if use.matches(frozenset(), failures.languages):
            regions.update(catalogue.region_codes if use.region is None else (use.region,))
        if use.matches(failures.regions, frozenset()):
            languages.update(use.languages)
    for code in regions:
        counts["regions"][code] = counts["regions"].get(code, 0) + 1
    for code in languages:
        counts["service_languages"][code] = counts["service_languages"].get(code, 0) + 1
