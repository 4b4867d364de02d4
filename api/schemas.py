"""The shapes of the v1 API: its query parameters and its answers.

The response schemas are what serialises: `serializers` shapes model objects into their fields,
the schema validates that data and writes the JSON that is sent and cached, and the OpenAPI
document is generated from the same classes, so the document cannot drift from the answers.
"""

import datetime
from typing import Annotated, Literal

from ninja import Field, Schema
from pydantic import AfterValidator, BaseModel, ConfigDict

from methods.evidence import EvidenceLevel, level_code
from methods.models import AGE_LIMIT
from methods.vocabulary import Kind as EntryKind
from methods.vocabulary import language_codes
from partners.models import ChangeEvent
from search.service import ORDERINGS

from .limits import (
    CODE_LIST_PATTERN,
    DEFAULT_LIMIT,
    ID_LIST_PATTERN,
    MAX_LIMIT,
    MAX_OFFSET,
    MAX_QUERY_LENGTH,
    SINCE_PATTERN,
    TIMESTAMP_PATTERN,
)

Language = Literal[language_codes()]  # type: ignore[valid-type]
EVIDENCE_CODES = tuple(level_code(level) for level in EvidenceLevel.values)
EvidenceCode = Literal[EVIDENCE_CODES]  # type: ignore[valid-type]
Kind = Literal[tuple(EntryKind.values)]  # type: ignore[valid-type]
Ordering = Literal[ORDERINGS]  # type: ignore[valid-type]
Event = Literal[tuple(ChangeEvent.values)]  # type: ignore[valid-type]

CODES = (
    "Comma-separated codes from /api/v1/taxonomies/; an entry matches when it has any of them "
    "(OR within a facet, AND across facets)."
)


# --- Query parameters ---------------------------------------------------------------------------


class LanguageParams(Schema):
    lang: Language = Field("fi", description="Language of the answer.")


LANGUAGE_LIST_PATTERN = "^({0})(,({0}))*$".format("|".join(language_codes()))
FALLBACK = (
    "Comma-separated languages to serve an entry in, in this order, when it has no public "
    "translation into lang; such an entry carries its own lang and requested_lang. "
    "Without it, only lang."
)


class DetailParams(LanguageParams):
    fallback: str | None = Field(None, pattern=LANGUAGE_LIST_PATTERN, description=FALLBACK)


class ListParams(LanguageParams):
    ids: str | None = Field(
        None,
        pattern=ID_LIST_PATTERN,
        description="Comma-separated entry ids (at most 100): only these entries, in this order "
        "unless `ordering` or `q` says otherwise, all in one answer (a page of cards makes one "
        "request). Ids with no public entry are listed in `missing`.",
    )
    fallback: str | None = Field(
        None,
        pattern=LANGUAGE_LIST_PATTERN,
        description=FALLBACK + " One result per entry: in lang when it has it, else in the "
        "first of these languages that has it; filters and facet counts apply to those.",
    )
    q: str = Field(
        "", max_length=MAX_QUERY_LENGTH, description="Full-text search in the chosen language."
    )
    target_group: str | None = Field(None, pattern=CODE_LIST_PATTERN, description=CODES)
    service_area: str | None = Field(None, pattern=CODE_LIST_PATTERN, description=CODES)
    topic: str | None = Field(None, pattern=CODE_LIST_PATTERN, description=CODES)
    delivery_format: str | None = Field(None, pattern=CODE_LIST_PATTERN, description=CODES)
    outcome: str | None = Field(
        None,
        pattern=CODE_LIST_PATTERN,
        description="Outcome domains the entry aims to change (codes from /api/v1/taxonomies/).",
    )
    # The keys of `facets` filter too, so that a filter can be built from a facet alone.
    target_groups: str | None = Field(
        None, pattern=CODE_LIST_PATTERN, description="The same as target_group (its facet key)."
    )
    service_areas: str | None = Field(
        None, pattern=CODE_LIST_PATTERN, description="The same as service_area (its facet key)."
    )
    topics: str | None = Field(
        None, pattern=CODE_LIST_PATTERN, description="The same as topic (its facet key)."
    )
    delivery_formats: str | None = Field(
        None,
        pattern=CODE_LIST_PATTERN,
        description="The same as delivery_format (its facet key).",
    )
    outcome_domains: str | None = Field(
        None, pattern=CODE_LIST_PATTERN, description="The same as outcome (its facet key)."
    )
    measure_free: bool = Field(
        False,
        description="Only entries with a free measure for their outcome domains (for the chosen "
        "`outcome`, when given).",
    )
    measure_language: Language | None = Field(
        None,
        description="Only entries with a measure available in Finland in this language for their "
        "outcome domains (for the chosen `outcome`, when given).",
    )
    age: int | None = Field(
        None, ge=0, le=AGE_LIMIT, description="Entries whose age range covers this age (years)."
    )
    evidence_min: EvidenceCode | None = Field(
        None, description="Entries rated at least this level (NR: any rating)."
    )
    evidence_level: EvidenceCode | None = Field(
        None, description="The same as evidence_min (its facet key)."
    )
    kind: Kind | None = Field(None, description="Only methods or only service models.")
    region: str | None = Field(
        None,
        pattern=CODE_LIST_PATTERN,
        description="County codes from /api/v1/regions/ (e.g. 17): entries in use there now "
        "(piloting or in use); nationwide use counts for every county.",
    )
    service_language: str | None = Field(
        None,
        pattern=CODE_LIST_PATTERN,
        description="ISO 639-1 codes (e.g. sv): entries offered in that language; with region, "
        "in that language in that county.",
    )
    regions: str | None = Field(
        None, pattern=CODE_LIST_PATTERN, description="The same as region (its facet key)."
    )
    service_languages: str | None = Field(
        None,
        pattern=CODE_LIST_PATTERN,
        description="The same as service_language (its facet key).",
    )
    updated_since: str | None = Field(
        None,
        pattern=TIMESTAMP_PATTERN,
        description="Entries published at or after this ISO 8601 date or date and time "
        "(e.g. 2025-01-31 or 2025-01-31T12:00:00Z; UTC unless an offset is given).",
    )
    ordering: Ordering = Field(
        "relevance",
        description="relevance (with q; otherwise by title), title, -updated_at, -evidence.",
    )
    limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description="Page size.")
    offset: int = Field(0, ge=0, le=MAX_OFFSET, description="Number of results to skip.")


class AutocompleteParams(LanguageParams):
    q: str = Field("", description="What has been typed so far.")


class PreviewParams(Schema):
    token: str = Field(min_length=1, description="The preview token from the page editor's link.")


class ChangeParams(Schema):
    since: str | None = Field(
        None,
        pattern=SINCE_PATTERN,
        description=(
            "A sequence number (events after it) or an ISO 8601 date and time (events at or "
            "after it). 0 or none: from the beginning, which is every entry public now, in "
            "every language, as a publish event (its latest), then the changes after it."
        ),
    )
    lang: Language | None = Field(None, description="Only events in this language.")
    limit: int = Field(100, ge=1, le=1000, description="Events per answer.")


# --- Responses ----------------------------------------------------------------------------------


class Answer(BaseModel):
    """A part of an answer. Plain pydantic: the data is shaped before it is validated, so ninja's
    attribute getter (for ORM objects) would only add cost. A key the schema does not name is an
    error, not an extra field."""

    model_config = ConfigDict(extra="forbid")


def _utc(value: datetime.datetime) -> datetime.datetime:
    return value.astimezone(datetime.UTC)


Timestamp = Annotated[datetime.datetime, AfterValidator(_utc)]
"""RFC 3339 in UTC, written with Z: 2025-01-31T12:00:00.123456Z."""


class Error(Answer):
    error: str = Field(description="Machine-readable reason, e.g. invalid_parameter, not_found.")
    message: str = Field(
        description="For people: English, or Finnish or Swedish when lang or Accept-Language "
        "asks for them."
    )
    parameter: str | None = Field(None, description="The query parameter at fault.")
    allowed: list[str] | str | None = Field(None, description="What the parameter accepts.")
    languages: list[Language] | None = Field(
        None, description="not_translated: the languages the entry exists in."
    )


class Value(Answer):
    code: str
    label: str


class CountedValue(Value):
    count: int


class Evidence(Answer):
    level: EvidenceCode | None
    label: str | None
    flags: list[Value]


class Translation(Answer):
    lang: Language
    title: str
    url: str | None
    api_url: str
    up_to_date: bool = Field(
        description="False when the source (Finnish) entry has changed since this translation was "
        "last synced from it; the source itself is always up to date."
    )


class EntrySummary(Answer):
    id: str = Field(description="Stable id shared by every translation (UUID).")
    lang: Language
    kind: Kind
    slug: str
    title: str
    alternative_names: list[str]
    summary: str
    age_min: int | None
    age_max: int | None
    target_groups: list[Value]
    service_areas: list[Value]
    topics: list[Value]
    delivery_formats: list[Value]
    outcome_domains: list[Value] = Field(description="The outcomes the entry aims to change.")
    evidence: Evidence
    updated_at: Timestamp | None = Field(description="When the entry was last published.")
    url: str | None = Field(description="The public page.")
    api_url: str
    translations: list[Translation] = Field(
        description="The entry's public translations into the other languages."
    )
    requested_lang: Language | None = Field(
        None,
        description="When `fallback` served the entry in another language than the one asked "
        "for: the language asked for (`lang` is the one served).",
    )


class Facets(Answer):
    target_groups: list[CountedValue]
    service_areas: list[CountedValue]
    topics: list[CountedValue]
    delivery_formats: list[CountedValue]
    outcome_domains: list[CountedValue]
    kind: list[CountedValue]
    evidence_level: list[CountedValue] = Field(
        description="What evidence_min=code would give (at least that level)."
    )
    regions: list[CountedValue] = Field(description="What region=code would give.")
    service_languages: list[CountedValue] = Field(
        description="What service_language=code would give."
    )


class EntryList(Answer):
    count: int
    next: str | None
    previous: str | None
    results: list[EntrySummary]
    facets: Facets = Field(
        description="For every facet, every value with the number of results it would give "
        "with the other filters applied."
    )
    synonyms: list[str] = Field(
        default_factory=list,
        description="What a text search also looked for: synonyms from the editors' vocabulary "
        "and facet labels.",
    )
    did_you_mean: str | None = Field(
        default=None,
        description="When a text search found nothing: the closest spelling the index knows.",
    )
    browse: Facets | None = Field(
        default=None,
        description="When a text search found nothing: the facet counts without the text, "
        "to browse instead.",
    )
    missing: list[str] | None = Field(
        default=None,
        description="With ids=: the ids that have no public entry in lang (nor in a fallback) "
        "matching the other filters.",
    )


class Rendition(Answer):
    url: str
    width: int
    height: int


class Image(Answer):
    id: int
    title: str
    alt: str
    width: int
    height: int
    renditions: dict[Literal["small", "medium", "large"], Rendition]


class Document(Answer):
    id: int
    title: str
    url: str
    file_extension: str


class HeadingValue(Answer):
    text: str


class ParagraphValue(Answer):
    html: str = Field(description="HTML; internal links carry public URLs and data-api-url.")


class ImageValue(Answer):
    image: Image | None
    caption: str


class DocumentValue(Answer):
    document: Document | None
    title: str


class QuoteValue(Answer):
    quote: str
    attribution: str


class EmbedValue(Answer):
    url: str | None


class HeadingBlock(Answer):
    type: Literal["heading"]
    id: str | None
    value: HeadingValue


class ParagraphBlock(Answer):
    type: Literal["paragraph"]
    id: str | None
    value: ParagraphValue


class ImageBlock(Answer):
    type: Literal["image"]
    id: str | None
    value: ImageValue


class DocumentBlock(Answer):
    type: Literal["document"]
    id: str | None
    value: DocumentValue


class QuoteBlock(Answer):
    type: Literal["quote"]
    id: str | None
    value: QuoteValue


class EmbedBlock(Answer):
    type: Literal["embed"]
    id: str | None
    value: EmbedValue


Block = Annotated[
    HeadingBlock | ParagraphBlock | ImageBlock | DocumentBlock | QuoteBlock | EmbedBlock,
    Field(discriminator="type"),
]


class RatingChange(Answer):
    previous_level: EvidenceCode | None
    new_level: EvidenceCode | None
    changed_at: Timestamp = Field(description="The publication that changed it.")
    rationale: str = Field(description="HTML: the rationale given with the change.")


class FullEvidence(Evidence):
    definition: str | None
    criteria: str | None = Field(description="What the scale asks of the studies at this level.")
    supported_level: EvidenceCode = Field(
        description="The highest level whose criteria the listed studies meet."
    )
    justification: str = Field(
        description="Why the level is above supported_level, when it is; otherwise empty."
    )
    rationale: str = Field(description="HTML.")
    last_reviewed: datetime.date | None
    rating_history: list[RatingChange] = Field(description="Earlier ratings, newest first.")


class Delivery(Answer):
    sessions_min: int | None
    sessions_max: int | None
    session_length_minutes: int | None
    duration_weeks_min: int | None
    duration_weeks_max: int | None
    description: str = Field(description="HTML.")


class EntryLink(Answer):
    id: str
    kind: Kind
    slug: str
    title: str
    url: str | None
    api_url: str


class Reference(Answer):
    citation: str
    year: int | None
    doi: str
    url: str


class MeasureLink(Answer):
    code: str
    abbreviation: str
    name: str
    api_url: str


class StudyOutcome(Answer):
    domain: Value
    measure: MeasureLink | None
    timepoint_months: int | None = Field(
        description="When it was measured: months after the end of the intervention (0: at the end)."
    )
    direction: Value | None = Field(
        description="improved, no-difference or worse, compared with the comparison group; "
        "null when not recorded."
    )
    effect_size: float | None
    effect_kind: Value | None = Field(
        description="cohens-d, hedges-g, smd, odds-ratio, risk-ratio."
    )
    ci_low: float | None = Field(description="Lower end of the 95 % confidence interval.")
    ci_high: float | None


class Study(Answer):
    id: str = Field(description="Stable id of the study (UUID), the same in every language.")
    citation: str
    authors: str
    year: int
    title: str
    journal: str
    doi: str
    url: str
    design: Value
    country: Value | None
    setting: str
    sample_size: int | None
    participants: str
    comparison: str
    follow_up_months: int | None = Field(
        description="The longest follow-up after the end of the intervention."
    )
    independent: bool | None = Field(description="Carried out independently of the developers.")
    findings: str
    outcomes: list[StudyOutcome]


class RegistryRating(Answer):
    registry: str
    registry_name: str
    label: str
    rated_on: datetime.date | None
    url: str


class RegionRef(Answer):
    code: str = Field(
        description="Statistics Finland's code: 01–21 counties, 90 Helsinki, 91 Åland."
    )
    name: str
    api_url: str


class Implementation(Answer):
    id: str = Field(description="Stable id of the implementation, the same in every language.")
    operator_kind: Literal["county", "municipality", "ngo", "parish", "nationwide"]
    operator_label: str
    organisation: str
    region: RegionRef | None = Field(description="None when nationwide.")
    service_area: Value | None
    status: Literal["piloting", "in-use", "ended"]
    status_label: str
    since_year: int | None
    end_year: int | None
    service_languages: list[str] = Field(description="ISO 639-1 codes; empty: not recorded.")
    contact_url: str
    contact_email: str = Field(description="A service's shared mailbox.")
    source: str
    last_confirmed: datetime.date | None
    description: str


class EntryDetail(EntrySummary):
    evidence: FullEvidence
    first_published_at: Timestamp | None
    aims: str = Field(description="HTML.")
    target_group_description: str = Field(description="HTML.")
    delivery: Delivery
    delivered_by: str = Field(description="HTML.")
    training: str = Field(description="HTML.")
    training_available_in_finland: bool | None
    material_languages: list[str]
    cost: str = Field(description="HTML.")
    licence: str
    owner_organisation: str
    owner_website: str
    contact_email: str
    body: list[Block]
    uses_methods: list[EntryLink] = Field(description="Service models: the methods they use.")
    used_by_models: list[EntryLink] = Field(description="Methods: the models that use them.")
    references: list[Reference]
    registry_ratings: list[RegistryRating]
    implementations: list[Implementation] = Field(
        description="Where it is used: counties, municipalities, NGOs, parishes or nationwide."
    )
    not_known_in_finland: bool = Field(
        description="True when no source shows it in use anywhere in Finland."
    )
    studies: list[Study]


class EntryPreview(EntryDetail):
    """An entry in full as its latest revision (draft included) has it: the detail's shape, marked."""

    preview: Literal[True] = Field(
        description="Always true: this is the latest saved revision, which may not be public."
    )
    live: bool = Field(description="Whether the entry is published (its public version).")


class Facet(Answer):
    name: str
    parameter: str = Field(description="The query parameter of /api/v1/methods/ it filters.")
    label: str
    values: list[Value]


class Taxonomies(Answer):
    lang: Language
    facets: list[Facet]


class Level(Answer):
    code: EvidenceCode
    label: str
    definition: str
    criteria: str = Field(description="What the listed studies must show for this level.")


class EvidenceLevels(Answer):
    lang: Language
    levels: list[Level] = Field(description="Strongest first.")
    flags: list[Value]


class Suggestion(Answer):
    id: str = Field(description="The entry's id.")
    title: str = Field(description="The entry's title in the requested language.")
    match: str = Field(
        description="The name that matched: the title, an alternative name or "
        "an abbreviation, in any language."
    )
    url: str = Field(description="The public page.")


class Suggestions(Answer):
    suggestions: list[Suggestion] = Field(description="Best first; at most ten.")


class MeasureParams(LanguageParams):
    domain: str | None = Field(
        None,
        pattern=CODE_LIST_PATTERN,
        description="Outcome domain codes (from /api/v1/taxonomies/); a measure matches when it "
        "covers any of them.",
    )


class Measure(Answer):
    code: str = Field(description="Stable id, the same in every language.")
    lang: Language
    abbreviation: str
    name: str
    description: str = Field(description="What it measures.")
    domains: list[Value]
    respondents: str
    age_min: int | None
    age_max: int | None
    item_count: int | None
    minutes: int | None = Field(description="Time to complete.")
    languages: list[str] = Field(description="Languages available in Finland (ISO 639-1).")
    free: bool | None = Field(description="Free to use; null when not known.")
    licence: str = Field(description="Terms of use and from whom a licence is bought.")
    url: str
    references: list[str]
    url_on_site: str | None = Field(description="Its page on the public site.")
    api_url: str
    used_by: list[EntryLink] = Field(
        description="Public entries in this language whose studies used the measure."
    )


class MeasureList(Answer):
    count: int
    results: list[Measure]


class Change(Answer):
    sequence: int = Field(description="Increases with every event; use it as the cursor.")
    event: Event
    id: str
    lang: Language
    kind: Kind
    slug: str
    title: str
    occurred_at: Timestamp
    url: str | None = Field(description="The public page (publish events).")
    api_url: str | None = Field(description="The entry in this API (publish events).")


class ChangeFeed(Answer):
    events: list[Change]
    cursor: int = Field(description="Pass as since= to get the events after these.")
    has_more: bool
    next: str | None


class RegionParams(LanguageParams):
    service_language: str | None = Field(
        None, pattern=r"^[a-z]{2}$", description="Only entries offered in this language there."
    )


class Region(Answer):
    code: str = Field(
        description="Statistics Finland's code: 01–21 counties, 90 Helsinki, 91 Åland."
    )
    name: str
    names: dict[Language, str]
    language_status: Literal["fi", "fi-sv", "sv"] = Field(
        description="fi Finnish-speaking, fi-sv bilingual, sv Swedish-speaking (Åland)."
    )
    municipality_count: int
    entries_in_use: int = Field(description="Public entries in use there now, nationwide included.")
    entries_in_swedish: int = Field(description="Of those, offered in Swedish there.")
    url: str | None = Field(description="The county's page on the site.")
    api_url: str


class RegionList(Answer):
    lang: Language
    credit: str = Field(description="Where the list of regions comes from (CC BY 4.0).")
    regions: list[Region]


class RegionEntry(EntryLink):
    service_languages: list[str] = Field(description="Languages offered there (ISO 639-1).")
    implementations: list[Implementation]


class RegionDetail(Answer):
    lang: Language
    region: Region
    count: int
    entries: list[RegionEntry]
    credit: str
