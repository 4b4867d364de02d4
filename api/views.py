"""The v1 endpoints: entries (list and detail), taxonomies, the evidence scale, the change feed."""

import datetime
import re
import uuid
from dataclasses import replace

from django.db.models import Max
from django.http import QueryDict
from django.utils import translation
from django.utils.translation import gettext as _
from ninja import Query, Router

from methods.evidence import EvidenceLevel, level_code, level_from_code
from methods.implementations import language_label, language_names
from methods.models import EntryPage, Region
from methods.visibility import publicly_visible
from methods.vocabulary import FACET_FIELDS, FACETS
from partners.feed import change_payload, latest_sequences
from partners.models import Change, ChangeEvent
from search.service import SearchRequest, SearchResults, public_entries, search_entries
from search.suggestions import suggestions

from . import schemas, serializers, stored
from .errors import ApiError, bad_parameter
from .http import cached_json, json_body
from .limits import MAX_SEQUENCE, TIMESTAMP_PATTERN
from .preview import preview_response

router = Router(tags=["v1"])
MAX_REGION_ENTRIES = 1000

ERRORS = {
    400: schemas.Error,
    429: schemas.Error,
}


# --- Entries ------------------------------------------------------------------------------------


@router.get(
    "/methods/",
    operation_id="listEntries",
    response={200: schemas.EntryList, **ERRORS},
    summary="List, filter and search entries",
    description=(
        "Methods and service models in one language, filtered, searched and ordered, with facet "
        "counts. Every result is complete enough to render a list. With `fallback`, an entry "
        "not translated into `lang` is listed in the first fallback language that has it "
        "(marked with its own `lang` and the `requested_lang`), once per entry; filters, "
        "ordering, paging and facet counts apply to those results."
    ),
)
def list_entries(request, params: Query[schemas.ListParams]):
    return cached_json(request, lambda: _entry_list(request, params))


def known_parameters(request, params: type[schemas.Schema]) -> None:
    """A 400 naming the first query parameter this endpoint does not take, with the ones it does."""
    for name in request.GET:
        if name not in params.model_fields:
            raise bad_parameter(
                name,
                _("Unknown parameter: %(name)s.") % {"name": name},
                allowed=list(params.model_fields),
            )


def _entry_list(request, params: schemas.ListParams) -> str:
    """The list: the search service picks the page of entries (one per id: in lang, or in the
    first fallback that has it) and counts the facets; their stored summaries are the results."""
    known_parameters(request, schemas.ListParams)
    labels = serializers.facet_labels_for(params.lang, request.content_version)
    search = replace(_search_request(params, labels), fallback_languages=_fallbacks(params))
    if params.ids:
        return _batch(request, params, search, labels)
    results = _search(search, request.content_version)
    summaries = _summaries(request, results.ids, params.lang)
    request.content_language = _languages(summaries, params.lang) or params.lang
    answer = schemas.EntryList.model_validate(
        {
            "count": results.total,
            "next": _page_url(request, params.offset + params.limit)
            if params.offset + params.limit < results.total
            else None,
            "previous": _page_url(request, max(params.offset - params.limit, 0))
            if params.offset > 0
            else None,
            "results": [],
            "facets": _facets(results.facets, params.lang, labels),
            "synonyms": results.synonyms,
            "did_you_mean": results.suggestion or None,
            "browse": _facets(results.browse, params.lang, labels) if results.browse else None,
        }
    )
    return _with_results(answer, summaries)


class CountedFacets:
    """Facet counts kept in memory for one content version, by search without its page and
    ordering (on which they do not depend): paging through a list or reordering it counts the
    facets once."""

    def __init__(self, size: int = 256):
        self.size = size
        self.version, self.counts = None, {}

    def get(self, version: str, search: SearchRequest) -> dict | None:
        if version != self.version:
            self.version, self.counts = version, {}
        return self.counts.get(self._key(search))

    def keep(self, version: str, search: SearchRequest, facets: dict) -> None:
        if version == self.version:
            if len(self.counts) >= self.size:
                self.counts = {}
            self.counts[self._key(search)] = facets

    @staticmethod
    def _key(search: SearchRequest) -> SearchRequest:
        return replace(search, offset=0, limit=0, ordering="relevance", record=False)


counted_facets = CountedFacets()


def _search(search: SearchRequest, version: str) -> SearchResults:
    """The page's entry ids and the facet counts (counted once per search and version)."""
    facets = counted_facets.get(version, search)
    results = search_entries(search, pages=False, with_facets=facets is None)
    if facets is None:
        counted_facets.keep(version, search, results.facets)
    else:
        results.facets = facets
    return results


def _summaries(request, page_ids: list[int], language: str) -> list[stored.Summary]:
    """The stored list summaries of these entries; those served in place of their translation
    into `language` carry it as `requested_lang`."""
    return [
        summary
        if summary.language == language
        else summary._replace(json=stored.requested(summary.json, language))
        for summary in stored.summaries(page_ids, _api_base(request))
    ]


def _with_results(answer: schemas.EntryList, summaries: list[stored.Summary]) -> str:
    """The list's JSON with the summaries (JSON the schema wrote when they were stored) as its
    results. `"results":[]` can only be the key itself: a quote inside a string is escaped."""
    body = answer.model_dump_json()
    results = '"results":[' + ",".join(summary.json for summary in summaries) + "]"
    return body.replace('"results":[]', results, 1)


def _languages(summaries: list[stored.Summary], requested: str) -> str:
    """The languages served (Content-Language), the requested one first."""
    served = dict.fromkeys(summary.language for summary in summaries)
    return ", ".join(sorted(served, key=lambda language: language != requested))


def _api_base(request) -> str:
    return request.build_absolute_uri("/").rstrip("/")


def _batch(request, params: schemas.ListParams, search: SearchRequest, labels: dict) -> str:
    """ids=: the entries with these ids in one answer, each in lang or its first fallback that
    has it, in the order of the ids unless an ordering or a text search says otherwise."""
    ids = tuple(dict.fromkeys(key.lower() for key in params.ids.split(",")))
    search = replace(search, entry_ids=ids, offset=0, limit=len(ids), record=False)
    results = search_entries(search, pages=False)
    summaries = _summaries(request, results.ids, params.lang)
    if params.ordering == "relevance" and not params.q:
        summaries.sort(key=lambda summary: ids.index(summary.id))
    served = {summary.id for summary in summaries}
    request.content_language = _languages(summaries, params.lang)
    answer = schemas.EntryList.model_validate(
        {
            "count": len(summaries),
            "next": None,
            "previous": None,
            "results": [],
            "facets": _facets(results.facets, params.lang, labels),
            "synonyms": results.synonyms,
            "did_you_mean": None,
            "browse": None,
            "missing": [key for key in ids if key not in served],
        }
    )
    return _with_results(answer, summaries)


def _fallbacks(params) -> tuple[str, ...]:
    """The fallback languages in order, without the requested one."""
    given = (params.fallback or "").split(",")
    return tuple(
        language for language in dict.fromkeys(given) if language and language != params.lang
    )


def _search_request(params: schemas.ListParams, known: dict) -> SearchRequest:
    codes = {
        spec.field: _codes(
            _joined(getattr(params, spec.parameter), getattr(params, spec.field)),
            spec.parameter,
            known[spec.field],
        )
        for spec in FACETS
    }
    if params.evidence_min and params.evidence_level:
        raise bad_parameter("evidence_level", _("Give evidence_min or evidence_level, not both."))
    evidence_min = params.evidence_min or params.evidence_level
    regions = _codes(_joined(params.region, params.regions), "region", known["regions"])
    service_languages = _codes(
        _joined(params.service_language, params.service_languages),
        "service_language",
        language_names(),
    )
    return SearchRequest(
        language=params.lang,
        query=params.q,
        age=params.age,
        evidence_min=level_from_code(evidence_min) if evidence_min else None,
        kind=params.kind,
        measure_free=params.measure_free,
        measure_language=params.measure_language,
        updated_since=parse_timestamp("updated_since", params.updated_since),
        ordering=params.ordering,
        offset=params.offset,
        limit=params.limit,
        record=True,  # a partner's or the search widget's search: counted in the query log
        regions=regions,
        service_languages=service_languages,
        **codes,
    )


def _joined(*values: str | None) -> str:
    """The codes of a parameter and of its facet key together."""
    return ",".join(filter(None, values))


def _codes(value: str, parameter: str, known) -> tuple[str, ...]:
    """Comma-separated codes, each one known, or a 400 naming the parameter."""
    values = tuple(dict.fromkeys(code for code in value.split(",") if code))
    unknown = [code for code in values if code not in known]
    if unknown:
        raise bad_parameter(
            parameter,
            _("Unknown %(parameter)s code: %(codes)s.")
            % {"parameter": parameter, "codes": ", ".join(unknown)},
            allowed=sorted(known),
        )
    return values


def parse_timestamp(parameter: str, value: str | None) -> datetime.datetime | None:
    """An ISO 8601 date or date and time (as TIMESTAMP_PATTERN says); naive values are UTC."""
    if value is None:
        return None
    try:
        if not re.fullmatch(TIMESTAMP_PATTERN, value):
            raise ValueError(value)
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            parsed = datetime.datetime.combine(datetime.date.fromisoformat(value), datetime.time())
        else:
            parsed = datetime.datetime.fromisoformat(value)
        if parsed.tzinfo is None:
            parsed = parsed.replace(tzinfo=datetime.UTC)
    except ValueError:
        raise bad_parameter(
            parameter, _("%(parameter)s is not an ISO 8601 date.") % {"parameter": parameter}
        ) from None
    try:
        return parsed.astimezone(datetime.UTC)
    except OverflowError:  # an offset takes it past year 1 or 9999: as early or late as can be
        limit = datetime.datetime.min if parsed.year == 1 else datetime.datetime.max
        return limit.replace(tzinfo=datetime.UTC)


def _page_url(request, offset: int) -> str:
    query: QueryDict = request.GET.copy()
    query["offset"] = str(offset)
    return request.build_absolute_uri(request.path + "?" + query.urlencode())


def _facets(counts: dict, language: str, labels: dict) -> dict:
    """The facet counts with their labels in `language` ({facet: {code: label}})."""
    with translation.override(language):
        return _facet_values(counts, labels)


def _facet_values(counts: dict, all_labels: dict) -> dict:
    facets = {}
    for facet in FACET_FIELDS:
        labels = all_labels[facet]
        facets[facet] = [
            {"code": code, "label": labels.get(code, code), "count": count}
            for code, count in counts.get(facet, {}).items()
        ]
    kinds = serializers.kind_labels()
    facets["kind"] = [
        {"code": kind, "label": kinds[kind], "count": count}
        for kind, count in counts.get("kind", {}).items()
    ]
    facets["evidence_level"] = [
        {
            "code": level_code(int(level)),
            "label": str(EvidenceLevel(int(level)).label),
            "count": count,
        }
        for level, count in counts.get("evidence_level", {}).items()
    ]
    names = all_labels["regions"]
    facets["regions"] = [
        {"code": code, "label": names.get(code, code), "count": count}
        for code, count in counts.get("regions", {}).items()
    ]
    facets["service_languages"] = [
        {"code": code, "label": language_label(code), "count": count}
        for code, count in counts.get("service_languages", {}).items()
    ]
    return facets


@router.get(
    "/methods/{entry}/",
    operation_id="getEntry",
    response={200: schemas.EntryDetail, 404: schemas.Error, **ERRORS},
    summary="One entry in full",
    description=(
        "An entry by its id (UUID, the same in every language) or its slug in any language. "
        "404 not_found when there is no such public entry; 404 not_translated, with the "
        "languages it exists in, when it has no public translation into `lang`; with "
        "`fallback`, the entry in the first of those languages it has, marked with its own "
        "`lang` and the `requested_lang` (and `Content-Language`)."
    ),
)
def entry_detail(request, entry: str, params: Query[schemas.DetailParams]):
    def build():
        known_parameters(request, schemas.DetailParams)
        body = stored.detail(entry, params.lang, _api_base(request))
        if body is not None:  # one read
            request.content_language = params.lang
            return body
        try:
            page, language = find_entry(entry, params.lang), params.lang
        except ApiError as error:
            available = error.body.get("languages") or []
            language = next((code for code in _fallbacks(params) if code in available), None)
            if language is None:
                raise
            page = find_entry(entry, language)
        body = stored.details(page, _api_base(request))
        if language != params.lang:
            body = stored.requested(body, params.lang)
        request.content_language = language
        return body

    return cached_json(request, build)


def find_entry(key: str, language: str) -> EntryPage:
    """The public entry with this id or slug in `language`, or an ApiError 404 that says why."""
    if not key or len(key) > 255 or re.search(r"[\x00-\x1f\x7f]", key):
        keys = []
    else:
        try:
            keys = [uuid.UUID(key)]
        except ValueError:
            found = public_entries(language).filter(slug=key).first()
            if found:
                return found
            keys = list(
                publicly_visible(EntryPage.objects.filter(slug=key)).values_list(
                    "translation_key", flat=True
                )
            )
    if keys:
        found = public_entries(language).filter(translation_key__in=keys).first()
        if found:
            return found
        others = list(
            publicly_visible(EntryPage.objects.filter(translation_key__in=keys[:1]))
            .select_related("locale")
            .order_by("locale__language_code")
        )
        if others:
            languages = [page.locale.language_code for page in others]
            raise ApiError(
                404,
                "not_translated",
                _("This entry has not been translated into %(lang)s.") % {"lang": language},
                languages=languages,
            )
    raise ApiError(404, "not_found", _("No public entry has this id or slug."))


@router.get(
    "/preview/",
    operation_id="getPreview",
    response={200: schemas.EntryPreview, 403: schemas.Error, 404: schemas.Error, **ERRORS},
    url_name="entry_preview",
    summary="A draft entry, for a partner front end's preview",
    description=(
        "One revision of one entry (draft included) in the shape of the full entry, marked "
        "`preview: true`: the revision that was the latest when the page editor's \"Preview in a "
        'partner front end" issued the token. The token expires (403 token_expired) and can be '
        "revoked in the admin (403 token_revoked); 403 token_invalid for a token that is not "
        "ours, 404 not_found when its page was deleted. Never cached."
    ),
)
def entry_preview(request, params: Query[schemas.PreviewParams]):
    known_parameters(request, schemas.PreviewParams)
    return preview_response(request, params.token)


@router.get(
    "/autocomplete/",
    response={200: schemas.Suggestions, **ERRORS},
    operation_id="autocomplete",
    summary="Suggestions for a search box",
    description=(
        "Titles, alternative names and abbreviations (in any language) whose words start like "
        "what was typed; a word of five letters or more may have a typo. Answered from memory."
    ),
)
def autocomplete(request, params: Query[schemas.AutocompleteParams]):
    known_parameters(request, schemas.AutocompleteParams)
    found = suggestions(params.q, params.lang, request)
    for suggestion in found:
        suggestion["id"] = str(suggestion["id"])
        suggestion["url"] = serializers.absolute_page_url(suggestion["url"])
    body = schemas.Suggestions.model_validate({"suggestions": found}).model_dump_json()
    return json_body(body)


# --- Taxonomies and evidence levels -------------------------------------------------------------


@router.get(
    "/taxonomies/",
    operation_id="listTaxonomies",
    response={200: schemas.Taxonomies, **ERRORS},
    summary="Every facet's values",
    description="The values of every facet, with the query parameter that filters by it.",
)
def taxonomies(request, params: Query[schemas.LanguageParams]):
    def build():
        known_parameters(request, schemas.LanguageParams)
        return serializers.taxonomies(serializers.Context(request, params.lang))

    return cached_json(request, build)


@router.get(
    "/evidence-levels/",
    operation_id="listEvidenceLevels",
    response={200: schemas.EvidenceLevels, **ERRORS},
    summary="The evidence scale",
    description="The levels of the evidence rating, strongest first, with their definitions.",
)
def evidence_levels(request, params: Query[schemas.LanguageParams]):
    def build():
        known_parameters(request, schemas.LanguageParams)
        return serializers.evidence_levels(params.lang)

    return cached_json(request, build)


# --- Regions ------------------------------------------------------------------------------------


def _region_counts(language: str, **filters) -> dict[str, int]:
    return search_entries(SearchRequest(language=language, limit=0, **filters)).facets["regions"]


@router.get(
    "/regions/",
    response={200: schemas.RegionList, **ERRORS},
    operation_id="listRegions",
    summary="The wellbeing services counties",
    description=(
        "The 21 wellbeing services counties, the City of Helsinki and Åland (Statistics "
        "Finland's codes), with the number of public entries in use in each now and how many "
        "of them in Swedish. Use a code as region= in /api/v1/methods/."
    ),
)
def regions(request, params: Query[schemas.LanguageParams]):
    def build():
        known_parameters(request, schemas.LanguageParams)
        context = serializers.Context(request, params.lang)
        return serializers.regions(
            Region.objects.all(),
            context,
            _region_counts(params.lang),
            _region_counts(params.lang, service_languages=("sv",)),
        )

    return cached_json(request, build)


@router.get(
    "/regions/{code}/",
    response={200: schemas.RegionDetail, 404: schemas.Error, **ERRORS},
    operation_id="getRegion",
    summary="The entries in use in one county",
    description=(
        "The public entries in use in the county now (nationwide ones included), by title, "
        "with their implementations there; service_language= keeps those offered in it."
    ),
)
def region_detail(request, code: str, params: Query[schemas.RegionParams]):
    def build():
        known_parameters(request, schemas.RegionParams)
        region = Region.objects.filter(code=code).first()
        if region is None:
            raise ApiError(404, "not_found", _("No region has this code."))
        languages = ()
        if params.service_language:
            languages = _codes(params.service_language, "service_language", language_names())
        context = serializers.Context(request, params.lang)
        results = search_entries(
            SearchRequest(
                language=params.lang,
                regions=(region.code,),
                service_languages=languages,
                ordering="title",
                limit=MAX_REGION_ENTRIES,
            )
        )
        return serializers.region_detail(
            region,
            results.entries,
            context,
            _region_counts(params.lang),
            _region_counts(params.lang, service_languages=("sv",)),
        )

    return cached_json(request, build)


# --- Measures ------------------------------------------------------------------------------------


@router.get(
    "/measures/",
    operation_id="listMeasures",
    response={200: schemas.MeasureList, **ERRORS},
    summary="Measures (instruments)",
    description=(
        "The measures a team can use to follow a method's effect locally: what each measures, "
        "who answers, ages, items, languages available in Finland, licence and cost, and the "
        "public entries whose studies used it. `domain` filters by outcome domain."
    ),
)
def measure_list(request, params: Query[schemas.MeasureParams]):
    def build():
        known_parameters(request, schemas.MeasureParams)
        context = serializers.Context(request, params.lang)
        domains = tuple(dict.fromkeys(c for c in (params.domain or "").split(",") if c))
        known = context.labels["outcome_domains"]
        unknown = [code for code in domains if code not in known]
        if unknown:
            raise bad_parameter(
                "domain",
                _("Unknown %(parameter)s code: %(codes)s.")
                % {"parameter": "domain", "codes": ", ".join(unknown)},
                allowed=sorted(known),
            )
        results = serializers.measures(context, domains)
        return schemas.MeasureList.model_validate({"count": len(results), "results": results})

    return cached_json(request, build)


@router.get(
    "/measures/{code}/",
    operation_id="getMeasure",
    response={200: schemas.Measure, 404: schemas.Error, **ERRORS},
    summary="One measure",
    description="A measure by its code, with the public entries whose studies used it.",
    url_name="measure_detail",
)
def measure_detail(request, code: str, params: Query[schemas.LanguageParams]):
    def build():
        known_parameters(request, schemas.LanguageParams)
        found = serializers.measures(serializers.Context(request, params.lang), code=code)
        if not found:
            raise ApiError(404, "not_found", _("No measure with this code."))
        return schemas.Measure.model_validate(found[0])

    return cached_json(request, build)


# --- Change feed --------------------------------------------------------------------------------


@router.get(
    "/changes/",
    operation_id="listChanges",
    response={200: schemas.ChangeFeed, **ERRORS},
    summary="Change feed",
    description=(
        "Publish, unpublish and delete events of public entries, oldest first. Without since "
        "(or with since=0) the feed starts with every entry public now, in every language, as "
        "a publish event. A mirror stores `cursor` and asks again with since=cursor; an entry in "
        "a language belongs in the mirror exactly when its last event is publish."
    ),
)
def changes(request, params: Query[schemas.ChangeParams]):
    return cached_json(request, lambda: _change_feed(request, params))


def _replay(params: schemas.ChangeParams, last: int) -> tuple[list[Change], bool]:
    """The feed from the beginning: every entry public now, in every language, as its last
    event (a publish), in sequence order up to `last`. What came before that event is left out:
    a mirror that starts empty needs only the current state."""
    public = set(
        publicly_visible(EntryPage.objects.all()).values_list(
            "translation_key", "locale__language_code"
        )
    )
    events = Change.objects.filter(
        sequence__in=latest_sequences(event=ChangeEvent.PUBLISH, sequence__lte=last)
    )
    if params.lang:
        events = events.filter(lang=params.lang)
    page = []
    for change in events.order_by("sequence").iterator(chunk_size=500):
        if (change.entry_id, change.lang) in public:
            page.append(change)
            if len(page) > params.limit:
                return page[: params.limit], True
    return page, False


def _change_feed(request, params: schemas.ChangeParams) -> schemas.ChangeFeed:
    known_parameters(request, schemas.ChangeParams)
    since = params.since or "0"
    if since.isdigit():  # beyond any sequence there is: no events
        since = str(min(int(since), MAX_SEQUENCE))
    last = Change.objects.aggregate(last=Max("sequence"))["last"] or 0
    if since.isdigit() and int(since) == 0:
        page, has_more = _replay(params, last)
    else:
        events = Change.objects.all()
        if since.isdigit():
            events = events.filter(sequence__gt=int(since))
        else:
            events = events.filter(occurred_at__gte=parse_timestamp("since", since))
        if params.lang:
            events = events.filter(lang=params.lang)
        page = list(events.order_by("sequence")[: params.limit + 1])
        has_more = len(page) > params.limit
        page = page[: params.limit]
    if has_more:
        cursor = page[-1].sequence
    else:  # everything up to the last event has been answered (other languages filtered out)
        cursor = max([last, *(change.sequence for change in page[-1:])])
        cursor = max(cursor, int(since)) if since.isdigit() else cursor
    base = request.build_absolute_uri("/").rstrip("/")
    next_url = None
    if has_more:
        query = request.GET.copy()
        query["since"] = str(cursor)
        next_url = request.build_absolute_uri(request.path + "?" + query.urlencode())
    return schemas.ChangeFeed.model_validate(
        {
            "events": [change_payload(change, base) for change in page],
            "cursor": cursor,
            "has_more": has_more,
            "next": next_url,
        }
    )
