"""The file format `lape-methods/2` as pydantic models: the shape of every value, its limits and the
rules one value must meet on its own. Rules that look across fields or records are in `rules.py`.

Validation is strict: an unknown field, a value of another type (a number given as text) and a
value the database would not store (over its column's length, a NUL character, a lone surrogate)
are errors, so a file that validates imports alike into SQLite and PostgreSQL.
"""

import datetime
import difflib
import json
import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Literal

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import URLValidator, validate_email
from django.db.backends.base.operations import BaseDatabaseOperations
from django.utils.text import slugify
from django.utils.translation import gettext as _
from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
    model_validator,
)
from wagtail.models import Page

from .. import models
from ..evidence import EffectDirection, EffectKind, Registry, StudyDesign, scale
from ..implementations import (
    DESCRIPTION_MAX_LENGTH,
    ImplementationStatus,
    OperatorKind,
    language_names,
)
from ..regions import LanguageStatus, Region
from ..richtext_policy import rich_text_problem
from ..vocabulary import Kind, language_codes, source_language
from .links import link_problem

SCHEMA = "lape-methods/2"
# Files of earlier versions still import: version 2 only added what version 1 lacks (studies,
# outcome domains and measures), each with a default.
READABLE_SCHEMAS = ("lape-methods/1", SCHEMA)
# What version 2 added to an entry, its evidence and its translations (where it is in use; its
# studies, outcome domains and justification); a version 1 file cannot hold it, and importing one
# leaves it as the database has it.
VERSION_2_FIELDS = ("regions", "implementations", "not_known_in_finland", "outcome_domains")
VERSION_2_EVIDENCE_FIELDS = ("studies",)
VERSION_2_TRANSLATION_FIELDS = ("evidence_justification",)
LANGUAGES = language_codes()
SOURCE_LANGUAGE = source_language()
KINDS = tuple(Kind.values)
LEVEL_CODES = tuple(definition.code for definition in scale())
BLOCK_TYPES = ("heading", "paragraph", "quote", "image", "document", "embed")

# --- Limits ------------------------------------------------------------------------------------
# Our own, far above any real entry (the demo's longest text is under 1,000 characters, its
# longest body 7 blocks), so that a mistaken or hostile file is refused before it costs memory.
MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_ENTRIES = 5_000
MAX_FACET_VALUES = 1_000  # per facet
MAX_RICH_TEXT = 100_000  # characters in one rich-text field or paragraph block
MAX_TEXT = 10_000  # characters in a text the database does not limit (citation, heading, quote)
MAX_URL = 2_000  # characters in an embed's address (a URL field of the database holds 200)
MAX_BLOCKS = 500  # body blocks in one translation
MAX_ITEMS = 200  # references, registry ratings, alternative names, codes or methods in one list
MAX_ENTRY_CHARACTERS = 1_000_000  # all text of one entry, every language together
MAX_MEASURES = 1_000
MAX_SAMPLE = 10_000_000  # participants in one study


def db_max_length(model, field_name: str) -> int:
    """The column's length as the model declares it: the same limit on every database."""
    return model._meta.get_field(field_name).max_length


# A PositiveSmallIntegerField holds 0–32767 on every database Django supports.
SMALL_INTEGER_MAX = BaseDatabaseOperations.integer_field_ranges["PositiveSmallIntegerField"][1]


@dataclass
class Known:
    """What the database and the file hold, for checks that look beyond one value."""

    codes: dict[str, set[str]]  # facet → codes
    link_targets: set[str]  # "{entry id}/{language}" of every page in the database or the file
    method_ids: set[str]
    image_exists: Callable[[str], bool]
    document_exists: Callable[[str], bool]
    measure_codes: set[str] = frozenset()
    region_codes: set[str] = frozenset()


def known(info: ValidationInfo) -> Known:
    return info.context


# --- Errors --------------------------------------------------------------------------------------


def problem(message: str) -> ValueError:
    """An error whose message is ours, already in the language of the import (pydantic reports
    it as a "value_error" that carries it)."""
    return ValueError(message)


def shown(value) -> str:
    """A value as an error message quotes it: short, and printable even with lone surrogates."""
    if isinstance(value, str):
        text = repr(value if len(value) <= 60 else value[:57] + "…")
    elif isinstance(value, list):
        return _("a list")
    elif isinstance(value, dict):
        return _("an object")
    else:
        text = json.dumps(value)
    return text


def unknown_field(name: str, fields: list[str]) -> ValueError:
    name = shown(name).strip("'\"")
    match = difflib.get_close_matches(name, fields, n=1)
    if match:
        return problem(
            _("unknown field {name}; did you mean {suggestion}?").format(
                name=name, suggestion=match[0]
            )
        )
    return problem(
        _("unknown field {name}; the fields are: {fields}").format(
            name=name, fields=", ".join(fields)
        )
    )


# --- Values --------------------------------------------------------------------------------------


def _no_nul(value: str) -> str:
    if "\x00" in value:
        raise problem(_("contains a NUL character, which the database cannot store"))
    return value


def _required(value: str) -> str:
    if not value.strip():
        raise problem(_("is required"))
    return value


def text(max_length: int, *, required: bool = False):
    """Text of at most `max_length` characters with nothing a database refuses."""
    checks = [AfterValidator(_no_nul)] + ([AfterValidator(_required)] if required else [])
    return Annotated[str, Field(max_length=max_length), *checks]


def one_of(allowed: tuple[str, ...]):
    def check(value: str) -> str:
        if value not in allowed:
            raise problem(
                _("{value} is not one of: {allowed}").format(
                    value=shown(value), allowed=", ".join(allowed)
                )
            )
        return value

    return Annotated[str, AfterValidator(check)]


def in_range(low: int, high: int):
    def check(value: int) -> int:
        if not low <= value <= high:
            raise problem(
                _("{value} is outside {low}–{high}").format(value=value, low=low, high=high)
            )
        return value

    return Annotated[int, AfterValidator(check)]


_url_validator = URLValidator(schemes=["http", "https"])


def http_url(max_length: int, *, required: bool = False):
    """An http:// or https:// address; nothing else (no javascript:, data: or file:)."""

    def check(value: str) -> str:
        if value:
            try:
                _url_validator(value)
            except DjangoValidationError:
                raise problem(
                    _("{value} is not an http:// or https:// address").format(value=shown(value))
                ) from None
        return value

    return Annotated[text(max_length, required=required), AfterValidator(check)]


def _email(value: str) -> str:
    if value:
        try:
            validate_email(value)
        except DjangoValidationError:
            raise problem(_("{value} is not an email address").format(value=shown(value))) from None
    return value


_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _date(value: str) -> str:
    try:
        if not _ISO_DATE.fullmatch(value):
            raise ValueError(value)
        datetime.date.fromisoformat(value)
    except ValueError:
        raise problem(_("{value} is not a date (YYYY-MM-DD)").format(value=shown(value))) from None
    return value


def _uuid(value: str) -> str:
    try:
        return str(uuid.UUID(value))
    except ValueError:
        raise problem(_("{value} is not a UUID").format(value=shown(value))) from None


def _language(value: str) -> str:
    if value not in LANGUAGES:
        raise problem(
            _("unknown language {language}; allowed: {allowed}").format(
                language=shown(value), allowed=", ".join(LANGUAGES)
            )
        )
    return value


def _slug(value: str) -> str:
    if not value or slugify(value, allow_unicode=True) != value:
        raise problem(_("{value} is not a valid slug").format(value=shown(value)))
    return value


def _facet_code(value: str) -> str:
    if not value or slugify(value) != value:
        raise problem(_("{value} is not a lowercase slug").format(value=shown(value)))
    return value


_ISO_639_1 = re.compile(r"[a-z]{2}")


def _language_code(value: str) -> str:
    if not _ISO_639_1.fullmatch(value):
        raise problem(_("{value} is not an ISO 639-1 code").format(value=shown(value)))
    return value


def _single_line(value: str) -> str:
    if "\n" in value or "\r" in value:
        raise problem(_("must be a single line"))
    return value


def _rich_text(value: str, info: ValidationInfo) -> str:
    if message := rich_text_problem(value) or link_problem(value, known(info)):
        raise problem(message)
    return value


def _image(value: str, info: ValidationInfo) -> str:
    if not known(info).image_exists(value):
        raise problem(_("no image with the file {name}").format(name=shown(value)))
    return value


def _document(value: str, info: ValidationInfo) -> str:
    if not known(info).document_exists(value):
        raise problem(_("no document with the file {name}").format(name=shown(value)))
    return value


def _method_ids(values: list[str], info: ValidationInfo) -> list[str]:
    for value in values:
        if value not in known(info).method_ids:
            raise problem(_("{id} is not the id of a method").format(id=shown(value)[1:-1]))
    return values


def facet_codes(facet: str):
    """The codes an entry lists for one facet: each known, none twice."""

    def check(codes: list[str], info: ValidationInfo) -> list[str]:
        allowed = known(info).codes[facet]
        for code in codes:
            if code not in allowed:
                listed = ", ".join(sorted(allowed)[:30]) or _("(none defined)")
                raise problem(
                    _("unknown code {code}; known codes: {codes}").format(
                        code=shown(code), codes=listed
                    )
                )
        if len(set(codes)) != len(codes):
            raise problem(_("lists a code twice"))
        return codes

    return Annotated[list[str], Field(max_length=MAX_ITEMS), AfterValidator(check)]


def _fits_column(model, field_name: str):
    """A list stored joined with ", " in one column must fit that column."""
    max_length = db_max_length(model, field_name)

    def check(values: list[str]) -> list[str]:
        length = len(", ".join(values))
        if length > max_length:
            raise problem(
                _("is {length} characters as stored; at most {max_length} allowed").format(
                    length=length, max_length=max_length
                )
            )
        return values

    return AfterValidator(check)


def _names(names: list[str]) -> list[str]:
    return [name.strip() for name in names if name.strip()]


RichText = Annotated[text(MAX_RICH_TEXT), AfterValidator(_rich_text)]
Date = Annotated[str, AfterValidator(_date)]
Language = Annotated[str, AfterValidator(_language)]
SmallInteger = in_range(0, SMALL_INTEGER_MAX)
Age = in_range(0, models.AGE_LIMIT)


# --- Records -------------------------------------------------------------------------------------


class Strict(BaseModel):
    """Refuses what it does not know: an unknown field, a value of another type."""

    model_config = ConfigDict(strict=True, extra="forbid")

    @model_validator(mode="before")
    @classmethod
    def _known_fields_only(cls, data):
        if isinstance(data, dict):
            fields = [field.alias or name for name, field in cls.model_fields.items()]
            for name in data:
                if name not in fields:
                    raise unknown_field(name, fields)
        return data


class FacetValue(Strict):
    code: Annotated[
        text(db_max_length(models.Facet, "code"), required=True), AfterValidator(_facet_code)
    ]
    labels: dict[Language, text(db_max_length(models.Facet, "name"), required=True)]

    @field_validator("labels")
    @classmethod
    def _source_label(cls, labels):
        if SOURCE_LANGUAGE not in labels:
            raise problem(_("a {language} label is required").format(language=SOURCE_LANGUAGE))
        return labels


def _codes_once(values: list[FacetValue]) -> list[FacetValue]:
    first: dict[str, int] = {}
    for number, value in enumerate(values, start=1):
        if value.code in first:
            raise problem(
                _("the code {code} is given twice, in values {first} and {second}").format(
                    code=shown(value.code), first=first[value.code], second=number
                )
            )
        first[value.code] = number
    return values


FacetValues = Annotated[
    list[FacetValue], Field(max_length=MAX_FACET_VALUES), AfterValidator(_codes_once)
]


class Taxonomies(Strict):
    target_groups: FacetValues = []
    service_areas: FacetValues = []
    topics: FacetValues = []
    delivery_formats: FacetValues = []
    outcome_domains: FacetValues = []


class Reference(Strict):
    citation: text(MAX_TEXT, required=True)
    year: in_range(1800, 2100) | None = None
    doi: text(db_max_length(models.Reference, "doi")) = ""
    url: http_url(db_max_length(models.Reference, "url")) = ""


class RegistryRating(Strict):
    registry: one_of(tuple(Registry.values))
    label: text(db_max_length(models.RegistryRating, "label"), required=True)
    rated_on: Date | None = None
    url: http_url(db_max_length(models.RegistryRating, "url")) = ""


def _measure_code(value: str, info: ValidationInfo) -> str:
    if value and value not in known(info).measure_codes:
        listed = ", ".join(sorted(known(info).measure_codes)[:30]) or _("(none defined)")
        raise problem(
            _("unknown measure {code}; known measures: {codes}").format(
                code=shown(value), codes=listed
            )
        )
    return value


def _domain_code(value: str, info: ValidationInfo) -> str:
    allowed = known(info).codes["outcome_domains"]
    if value not in allowed:
        listed = ", ".join(sorted(allowed)[:30]) or _("(none defined)")
        raise problem(
            _("unknown code {code}; known codes: {codes}").format(code=shown(value), codes=listed)
        )
    return value


_COUNTRY = re.compile(r"[A-Z]{2}")


def _country(value: str) -> str:
    if value and not _COUNTRY.fullmatch(value):
        raise problem(_("{value} is not a two-letter country code").format(value=shown(value)))
    return value


class Outcome(Strict):
    """One outcome a study measured. Rules across its fields (an effect size needs its kind) are
    in rules.py, so that they name the field at fault."""

    domain: Annotated[str, AfterValidator(_domain_code)]
    measure: Annotated[str, AfterValidator(_measure_code)] = ""
    timepoint_months: SmallInteger | None = None
    direction: one_of(tuple(EffectDirection.values) + ("",)) = ""
    effect_size: float | None = None
    effect_kind: one_of(tuple(EffectKind.values)) | None = None
    ci_low: float | None = None
    ci_high: float | None = None


class StudyText(Strict):
    setting: text(db_max_length(models.Study, "setting")) = ""
    participants: text(db_max_length(models.Study, "participants")) = ""
    comparison: text(db_max_length(models.Study, "comparison")) = ""
    findings: text(MAX_TEXT) = ""


class Study(Strict):
    """One study: the facts are shared, its descriptions translated."""

    id: Annotated[str, AfterValidator(_uuid)]
    authors: text(db_max_length(models.Study, "authors")) = ""
    year: in_range(1800, 2100)
    title: text(MAX_TEXT) = ""
    journal: text(db_max_length(models.Study, "journal")) = ""
    doi: text(db_max_length(models.Study, "doi")) = ""
    url: http_url(db_max_length(models.Study, "url")) = ""
    design: one_of(tuple(StudyDesign.values))
    country: Annotated[str, AfterValidator(_country)] = ""
    sample_size: in_range(0, MAX_SAMPLE) | None = None
    follow_up_months: SmallInteger | None = None
    independent: bool | None = None
    outcomes: Annotated[list[Outcome], Field(max_length=MAX_ITEMS)] = []
    translations: dict[Language, StudyText] = {}


class Evidence(Strict):
    level: one_of(LEVEL_CODES) | None = None
    no_effect_found: bool = False
    harmful_effects_found: bool = False
    last_reviewed: Date | None = None
    references: Annotated[list[Reference], Field(max_length=MAX_ITEMS)] = []
    registry_ratings: Annotated[list[RegistryRating], Field(max_length=MAX_ITEMS)] = []
    studies: Annotated[list[Study], Field(max_length=MAX_ITEMS)] = []


class HeadingBlock(Strict):
    type: Literal["heading"]
    value: text(MAX_TEXT, required=True)


class ParagraphBlock(Strict):
    type: Literal["paragraph"]
    value: Annotated[RichText, AfterValidator(_required)]


class Quote(Strict):
    quote: text(MAX_TEXT, required=True)
    attribution: text(MAX_TEXT) = ""


class QuoteBlock(Strict):
    type: Literal["quote"]
    value: Quote


class Image(Strict):
    image: Annotated[str, AfterValidator(_image)]
    caption: text(MAX_TEXT) = ""


class ImageBlock(Strict):
    type: Literal["image"]
    value: Image


class Document(Strict):
    document: Annotated[str, AfterValidator(_document)]
    title: text(MAX_TEXT) = ""


class DocumentBlock(Strict):
    type: Literal["document"]
    value: Document


class EmbedBlock(Strict):
    type: Literal["embed"]
    value: http_url(MAX_URL, required=True)


Block = Annotated[
    HeadingBlock | ParagraphBlock | QuoteBlock | ImageBlock | DocumentBlock | EmbedBlock,
    Field(discriminator="type"),
]


class Translation(Strict):
    """The text of an entry in one language (its fields in the order an export writes them)."""

    slug: Annotated[text(db_max_length(Page, "slug")), AfterValidator(_slug)]
    title: text(db_max_length(Page, "title"), required=True)
    live: bool = False
    summary: text(models.SUMMARY_MAX_LENGTH) = ""
    alternative_names: Annotated[
        list[Annotated[text(db_max_length(Page, "title")), AfterValidator(_single_line)]],
        Field(max_length=MAX_ITEMS),
        AfterValidator(_names),
    ] = []
    aims: RichText = ""
    target_group_description: RichText = ""
    delivery_description: RichText = ""
    delivered_by: RichText = ""
    training: RichText = ""
    cost: RichText = ""
    licence: text(db_max_length(models.EntryPage, "licence")) = ""
    owner_organisation: text(db_max_length(models.EntryPage, "owner_organisation")) = ""
    evidence_rationale: RichText = ""
    evidence_justification: text(MAX_TEXT) = ""
    body: Annotated[list[Block], Field(max_length=MAX_BLOCKS)] = []


def _region_code(value: str, info: ValidationInfo) -> str:
    allowed = known(info).region_codes
    if value not in allowed:
        raise problem(
            _("unknown county code {code}; known codes: {codes}").format(
                code=shown(value), codes=", ".join(sorted(allowed)) or _("(none defined)")
            )
        )
    return value


def _service_area(value: str, info: ValidationInfo) -> str:
    allowed = known(info).codes["service_areas"]
    if value not in allowed:
        raise problem(
            _("unknown code {code}; known codes: {codes}").format(
                code=shown(value), codes=", ".join(sorted(allowed)[:30]) or _("(none defined)")
            )
        )
    return value


def _service_language(value: str) -> str:
    if value not in language_names():
        raise problem(
            _("unknown language code {code}; use ISO 639-1 codes such as fi, sv, en, se").format(
                code=shown(value)
            )
        )
    return value


def _once(values: list[str]) -> list[str]:
    if len(set(values)) != len(values):
        raise problem(_("lists a code twice"))
    return values


def _region_names(names: list[str]) -> list[str]:
    for name in names:
        if ";" in name:
            raise problem(_("{name} holds a semicolon").format(name=shown(name)))
    return names


Municipalities = Annotated[
    list[Annotated[text(120, required=True), AfterValidator(_single_line)]],
    Field(max_length=MAX_ITEMS),
    AfterValidator(_region_names),
]


class RegionRecord(Strict):
    """A wellbeing services county, the City of Helsinki or Åland (Statistics Finland's code)."""

    code: Annotated[str, Field(pattern=r"^[0-9]{2}$")]
    names: dict[Language, text(db_max_length(Region, "name_fi"), required=True)]
    language_status: one_of(tuple(LanguageStatus.values))
    municipality_count: in_range(0, 1000)
    bilingual_municipalities: Municipalities = []
    swedish_only_municipalities: Municipalities = []

    @field_validator("names")
    @classmethod
    def _every_name(cls, names):
        missing = [language for language in LANGUAGES if language not in names]
        if missing:
            raise problem(
                _("a name in {languages} is required").format(languages=", ".join(missing))
            )
        return names


def _region_codes_once(values: list[RegionRecord]) -> list[RegionRecord]:
    first: dict[str, int] = {}
    for number, value in enumerate(values, start=1):
        if value.code in first:
            raise problem(
                _("the code {code} is given twice, in values {first} and {second}").format(
                    code=shown(value.code), first=first[value.code], second=number
                )
            )
        first[value.code] = number
    return values


ImplementationText = dict[Language, text(DESCRIPTION_MAX_LENGTH)]


class ImplementationRecord(Strict):
    """Where the entry is in use: facts shared by every translation, organisation and description
    per language."""

    id: Annotated[str, AfterValidator(_uuid)]
    operator_kind: one_of(tuple(OperatorKind.values))
    region: Annotated[str, AfterValidator(_region_code)] | None = None
    service_area: Annotated[str, AfterValidator(_service_area)] | None = None
    status: one_of(tuple(ImplementationStatus.values))
    since_year: SmallInteger | None = None
    end_year: SmallInteger | None = None
    service_languages: Annotated[
        list[Annotated[str, AfterValidator(_service_language)]],
        Field(max_length=MAX_ITEMS),
        AfterValidator(_once),
        _fits_column(models.Implementation, "service_languages"),
    ] = []
    contact_url: http_url(db_max_length(models.Implementation, "contact_url")) = ""
    contact_email: Annotated[
        text(db_max_length(models.Implementation, "contact_email")), AfterValidator(_email)
    ] = ""
    source: text(db_max_length(models.Implementation, "source"), required=True)
    last_confirmed: Date
    organisation: dict[Language, text(db_max_length(models.Implementation, "organisation"))] = {}
    description: ImplementationText = {}


def _implementation_ids_once(values: list[ImplementationRecord]) -> list[ImplementationRecord]:
    first: dict[str, int] = {}
    for number, value in enumerate(values, start=1):
        if value.id in first:
            raise problem(
                _("the id {id} is given twice, in implementations {first} and {second}").format(
                    id=value.id, first=first[value.id], second=number
                )
            )
        first[value.id] = number
    return values


def _has_source(translations: dict[str, Translation]) -> dict[str, Translation]:
    if SOURCE_LANGUAGE not in translations:
        raise problem(
            _(
                "has no {language} source; a translation cannot be imported without its source"
            ).format(language=repr(SOURCE_LANGUAGE))
        )
    return translations


class EntryRecord(Strict):
    """One entry in every language: shared fields at the top, translated text per language."""

    id: Annotated[str, AfterValidator(_uuid)]
    kind: one_of(KINDS)
    age_min: Age | None
    age_max: Age | None
    target_groups: facet_codes("target_groups")
    service_areas: facet_codes("service_areas")
    topics: facet_codes("topics")
    delivery_formats: facet_codes("delivery_formats")
    outcome_domains: facet_codes("outcome_domains") = []
    sessions_min: SmallInteger | None
    sessions_max: SmallInteger | None
    session_length_minutes: SmallInteger | None
    duration_weeks_min: SmallInteger | None
    duration_weeks_max: SmallInteger | None
    training_available_in_finland: bool | None
    material_languages: Annotated[
        list[Annotated[str, AfterValidator(_language_code)]],
        Field(max_length=MAX_ITEMS),
        _fits_column(models.EntryPage, "material_languages"),
    ]
    owner_website: http_url(db_max_length(models.EntryPage, "owner_website"))
    contact_email: Annotated[
        text(db_max_length(models.EntryPage, "contact_email")), AfterValidator(_email)
    ]
    evidence: Evidence
    uses_methods: Annotated[
        list[str], Field(max_length=MAX_ITEMS), AfterValidator(_method_ids)
    ] = []
    not_known_in_finland: bool = False
    implementations: Annotated[
        list[ImplementationRecord],
        Field(max_length=MAX_ITEMS),
        AfterValidator(_implementation_ids_once),
    ] = []
    translations: Annotated[dict[Language, Translation], AfterValidator(_has_source)]


class MeasureText(Strict):
    name: text(db_max_length(models.Measure, "name"), required=True)
    description: text(MAX_TEXT) = ""
    respondents: text(db_max_length(models.Measure, "respondents")) = ""
    licence: text(db_max_length(models.Measure, "licence")) = ""


class Measure(Strict):
    """One measure (instrument): facts shared, name and descriptions per language."""

    code: Annotated[
        text(db_max_length(models.Measure, "code"), required=True), AfterValidator(_facet_code)
    ]
    abbreviation: text(db_max_length(models.Measure, "abbreviation"), required=True)
    domains: facet_codes("outcome_domains") = []
    age_min: in_range(0, models.MEASURE_AGE_LIMIT) | None = None
    age_max: in_range(0, models.MEASURE_AGE_LIMIT) | None = None
    item_count: SmallInteger | None = None
    minutes: SmallInteger | None = None
    languages: Annotated[
        list[Annotated[str, AfterValidator(_language_code)]],
        Field(max_length=MAX_ITEMS),
        _fits_column(models.Measure, "languages"),
    ] = []
    free: bool | None = None
    url: http_url(db_max_length(models.Measure, "url")) = ""
    references: Annotated[list[text(MAX_TEXT, required=True)], Field(max_length=MAX_ITEMS)] = []
    translations: Annotated[dict[Language, MeasureText], AfterValidator(_has_source)]


class Library(Strict):
    """The whole file."""

    schema_name: Annotated[str, Field(alias="schema")]
    taxonomies: Taxonomies = Field(default_factory=Taxonomies)
    measures: Annotated[list[Measure], Field(max_length=MAX_MEASURES)] = []
    regions: Annotated[
        list[RegionRecord], Field(max_length=MAX_FACET_VALUES), AfterValidator(_region_codes_once)
    ] = []
    entries: Annotated[list[EntryRecord], Field(max_length=MAX_ENTRIES)]

    @field_validator("schema_name")
    @classmethod
    def _this_schema(cls, value):
        if value not in READABLE_SCHEMAS:
            raise problem(
                _("expected {expected}, got {value}").format(
                    expected=" or ".join(repr(name) for name in READABLE_SCHEMAS),
                    value=shown(value),
                )
            )
        return value
