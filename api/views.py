"""The v1 endpoints: entries (list and detail), taxonomies, the evidence scale, the change feed."""

import datetime
import re
import uuid

from django.db.models import Max
from django.http import QueryDict
from django.utils.translation import gettext as _
from ninja import Query, Router

from methods.evidence import EvidenceLevel, level_code, level_from_code
from methods.models import EntryPage
from methods.visibility import publicly_visible
from methods.vocabulary import FACET_FIELDS, FACETS
from partners.feed import change_payload
from partners.models import Change
from search.service import SearchRequest, public_entries, search_entries

from . import schemas, serializers
from .errors import ApiError, bad_parameter
from .http import cached_json
from .limits import MAX_SEQUENCE, TIMESTAMP_PATTERN
from .preview import preview_response

router = Router(tags=["v1"])

ERRORS = {
    400: schemas.Error,
    429: schemas.Error,
}


# --- Entries ------------------------------------------------------------------------------------


@router.get(
    "/methods/",
    response={200: schemas.EntryList, **ERRORS},
    summary="List, filter and search entries",
    description=(
        "Methods and service models in one language, filtered, searched and ordered, with facet "
        "counts. Every result is complete enough to render a list."
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


def _entry_list(request, params: schemas.ListParams) -> schemas.EntryList:
    known_parameters(request, schemas.ListParams)
    context = serializers.Context(request, params.lang)
    results = search_entries(_search_request(params, context.labels))
    return schemas.EntryList.model_validate(
        {
            "count": results.total,
            "next": _page_url(request, params.offset + params.limit)
            if params.offset + params.limit < results.total
            else None,
            "previous": _page_url(request, max(params.offset - params.limit, 0))
            if params.offset > 0
            else None,
            "results": serializers.entry_summaries(results.entries, context),
            "facets": _facets(results.facets, context),
            "synonyms": results.synonyms,
            "did_you_mean": results.suggestion or None,
            "browse": _facets(results.browse, context) if results.browse else None,
        }
    )


def _search_request(params: schemas.ListParams, known: dict) -> SearchRequest:
    codes = {}
    for spec in FACETS:
        facet, parameter = spec.field, spec.parameter
        given = ",".join(filter(None, (getattr(params, parameter), getattr(params, facet))))
        values = tuple(dict.fromkeys(c for c in given.split(",") if c))
        unknown = [code for code in values if code not in known[facet]]
        if unknown:
            raise bad_parameter(
                parameter,
                _("Unknown %(parameter)s code: %(codes)s.")
                % {"parameter": parameter, "codes": ", ".join(unknown)},
                allowed=sorted(known[facet]),
            )
        codes[facet] = values
    if params.evidence_min and params.evidence_level:
        raise bad_parameter("evidence_level", _("Give evidence_min or evidence_level, not both."))
    evidence_min = params.evidence_min or params.evidence_level
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
        **codes,
    )


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


def _facets(counts: dict, context: serializers.Context) -> dict:
    facets = {}
    for facet in FACET_FIELDS:
        labels = context.labels[facet]
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
    return facets


@router.get(
    "/methods/{entry}/",
    response={200: schemas.EntryDetail, 404: schemas.Error, **ERRORS},
    summary="One entry in full",
    description=(
        "An entry by its id (UUID, the same in every language) or its slug in any language. "
        "404 not_found when there is no such public entry; 404 not_translated, with the "
        "languages it exists in, when it has no public translation into `lang`."
    ),
)
def entry_detail(request, entry: str, params: Query[schemas.LanguageParams]):
    def build():
        known_parameters(request, schemas.LanguageParams)
        page = find_entry(entry, params.lang)
        return serializers.entry_detail(page, serializers.Context(request, params.lang))

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


# --- Taxonomies and evidence levels -------------------------------------------------------------


@router.get(
    "/taxonomies/",
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
    response={200: schemas.EvidenceLevels, **ERRORS},
    summary="The evidence scale",
    description="The levels of the evidence rating, strongest first, with their definitions.",
)
def evidence_levels(request, params: Query[schemas.LanguageParams]):
    def build():
        known_parameters(request, schemas.LanguageParams)
        return serializers.evidence_levels(params.lang)

    return cached_json(request, build)


# --- Measures ------------------------------------------------------------------------------------


@router.get(
    "/measures/",
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
    response={200: schemas.ChangeFeed, **ERRORS},
    summary="Change feed",
    description=(
        "Publish, unpublish and delete events of public entries, oldest first. A mirror stores "
        "`cursor` and asks again with since=cursor; an entry in a language belongs in the mirror "
        "exactly when its last event is publish."
    ),
)
def changes(request, params: Query[schemas.ChangeParams]):
    return cached_json(request, lambda: _change_feed(request, params))


def _change_feed(request, params: schemas.ChangeParams) -> schemas.ChangeFeed:
    known_parameters(request, schemas.ChangeParams)
    since = params.since or ""
    events = Change.objects.all()
    after = 0
    if since.isdigit():
        after = min(int(since), MAX_SEQUENCE)  # beyond any sequence there is: no events
        events = events.filter(sequence__gt=after)
    elif since:
        events = events.filter(occurred_at__gte=parse_timestamp("since", since))
    if params.lang:
        events = events.filter(lang=params.lang)
    page = list(events.order_by("sequence")[: params.limit + 1])
    has_more = len(page) > params.limit
    page = page[: params.limit]
    if page:
        cursor = page[-1].sequence
    elif since.isdigit():
        cursor = after
    else:
        cursor = Change.objects.aggregate(last=Max("sequence"))["last"] or 0
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
