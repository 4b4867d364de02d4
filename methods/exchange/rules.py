"""Rules that look across the fields of a record or across records, checked once the file has the
right shape: ranges, duplicate ids and slugs, an entry's size, the rules of an implementation (the
editor's and the report form's), what an older version of the format cannot hold, and the
publishing rules."""

import datetime
from collections.abc import Iterator

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _

from ..blocks import outcome_problems
from ..evidence import EvidenceLevel, level_from_code
from ..implementations import implementation_problems
from ..models import check_age_range
from ..publishing import publishing_problems, study_facts
from .errors import Location, library_labels
from .schema import (
    MAX_ENTRY_CHARACTERS,
    SCHEMA,
    SOURCE_LANGUAGE,
    VERSION_2_EVIDENCE_FIELDS,
    VERSION_2_FIELDS,
    VERSION_2_TRANSLATION_FIELDS,
    EntryRecord,
    ImplementationRecord,
    Library,
)

RANGES = (
    ("age_min", "age_max"),
    ("sessions_min", "sessions_max"),
    ("duration_weeks_min", "duration_weeks_max"),
)


def problems(
    library: Library,
    existing_kinds: dict[str, str],
    published_ratings: dict[str, tuple] | None = None,
    study_owners: dict[str, str] | None = None,
) -> Iterator[tuple[Location, str]]:
    """(location, message) for every rule the file breaks.

    `published_ratings` is {entry id: (level, last reviewed)} of public entries, whose rating a
    file may change only with a new review date; `study_owners` is {study id: entry id}.
    """
    label = library_labels(library)
    # A file of an earlier version has no studies: its ratings are checked by that version's rules.
    with_studies = library.schema_name == SCHEMA
    published_ratings = published_ratings or {}
    study_owners = dict(study_owners or {})
    yield from measure_problems(library)
    if library.schema_name != SCHEMA:
        yield from _newer_fields(library)
    ids: dict[str, int] = {}
    slugs: dict[tuple[str, str], int] = {}
    for index, record in enumerate(library.entries):
        at = ("entries", index)
        published = published_ratings.get(record.id)
        yield from (
            (at + where, message)
            for where, message in record_problems(record, published, with_studies=with_studies)
        )
        for number, study in enumerate(record.evidence.studies):
            owner = study_owners.setdefault(study.id, record.id)
            if owner != record.id:
                yield (
                    (*at, "evidence", "studies", number, "id"),
                    _("the study {id} belongs to another entry ({entry})").format(
                        id=study.id, entry=owner
                    ),
                )
        kind = existing_kinds.get(record.id)
        if kind and kind != record.kind:
            yield (
                (*at, "kind"),
                _("the entry {id} exists as a {kind} and cannot become a {new_kind}").format(
                    id=record.id, kind=kind, new_kind=record.kind
                ),
            )
        if record.id in ids:
            yield (
                (*at, "id"),
                _("{id} is already used by {record}").format(
                    id=record.id, record=label(ids[record.id])
                ),
            )
        ids.setdefault(record.id, index)
        for language, translation in record.translations.items():
            key = (language, translation.slug)
            if key in slugs:
                yield (
                    (*at, "translations", language, "slug"),
                    _("{slug} is already used by {record}").format(
                        slug=repr(translation.slug), record=label(slugs[key])
                    ),
                )
            slugs.setdefault(key, index)


def _newer_fields(library: Library) -> Iterator[tuple[Location, str]]:
    """A file of an older version holds only what that version knew."""
    message = _("is not part of {schema}").format(schema=library.schema_name)
    if "regions" in library.model_fields_set:
        yield ("regions",), message
    for index, record in enumerate(library.entries):
        for name in VERSION_2_FIELDS:
            if name in record.model_fields_set:
                yield ("entries", index, name), message
        for name in VERSION_2_EVIDENCE_FIELDS:
            if name in record.evidence.model_fields_set:
                yield ("entries", index, "evidence", name), message
        for lang, translation in record.translations.items():
            for name in VERSION_2_TRANSLATION_FIELDS:
                if name in translation.model_fields_set:
                    yield ("entries", index, "translations", lang, name), message


def implementation_record_problems(
    implementation: ImplementationRecord,
) -> Iterator[tuple[Location, str]]:
    """The rules the editor's form and the report form apply, named as the file names them."""
    found = implementation_problems(
        operator_kind=implementation.operator_kind,
        region_code=implementation.region,
        organisation=implementation.organisation.get(SOURCE_LANGUAGE, ""),
        status=implementation.status,
        since_year=implementation.since_year,
        end_year=implementation.end_year,
        service_languages=", ".join(implementation.service_languages),
    )
    for name, message in found.items():
        where = (name, SOURCE_LANGUAGE) if name == "organisation" else (name,)
        yield where, message


def measure_problems(library: Library) -> Iterator[tuple[Location, str]]:
    codes: dict[str, int] = {}
    for index, measure in enumerate(library.measures):
        try:
            check_age_range(measure.age_min, measure.age_max)
        except DjangoValidationError:
            yield (
                ("measures", index, "age_min"),
                _("{value} is greater than {other} {other_value}").format(
                    value=measure.age_min, other="age_max", other_value=measure.age_max
                ),
            )
        if measure.code in codes:
            yield (
                ("measures", index, "code"),
                _("the code {code} is given twice, in values {first} and {second}").format(
                    code=repr(measure.code), first=codes[measure.code] + 1, second=index + 1
                ),
            )
        codes.setdefault(measure.code, index)


def study_problems(record: EntryRecord) -> Iterator[tuple[Location, str]]:
    for number, study in enumerate(record.evidence.studies):
        for position, outcome in enumerate(study.outcomes):
            for field, message in outcome_problems(outcome.model_dump()).items():
                yield ("evidence", "studies", number, "outcomes", position, field), message


def record_problems(
    record: EntryRecord, published_rating: tuple | None = None, *, with_studies: bool = True
) -> Iterator[tuple[Location, str]]:
    for low, high in RANGES:
        low_value, high_value = getattr(record, low), getattr(record, high)
        if low_value is not None and high_value is not None and low_value > high_value:
            yield (
                (low,),
                _("{value} is greater than {other} {other_value}").format(
                    value=low_value, other=high, other_value=high_value
                ),
            )
    yield from study_problems(record)
    for number, implementation in enumerate(record.implementations):
        for where, message in implementation_record_problems(implementation):
            yield ("implementations", number, *where), message
    if record.uses_methods and record.kind != "model":
        yield ("uses_methods",), _("only a model lists the methods it uses")
    size = entry_characters(record)
    if size > MAX_ENTRY_CHARACTERS:
        yield (
            (),
            _("has {length} characters of text; at most {max_length} allowed in one entry").format(
                length=size, max_length=MAX_ENTRY_CHARACTERS
            ),
        )
    found = [
        problem
        for language, translation in record.translations.items()
        if translation.live
        for problem in publishing(record, language, published_rating, with_studies=with_studies)
    ]
    yield from dict.fromkeys(found)  # a rule on shared fields is broken once, not per language


def publishing(
    record: EntryRecord,
    language: str,
    published_rating: tuple | None = None,
    *,
    with_studies: bool = True,
) -> Iterator[tuple[Location, str]]:
    """The rules an editor meets when publishing, in the same words (the rating's label → NR).

    `with_studies` False: the rules of a format without studies (no rationale, study support or
    re-review rules)."""
    evidence = record.evidence
    not_rated = f"“{EvidenceLevel.NOT_RATED.label}”"
    translation = record.translations[language]
    if not with_studies:
        found = publishing_problems(
            summary=translation.summary,
            target_group_count=len(record.target_groups),
            evidence_level=level_from_code(evidence.level) if evidence.level else None,
            reference_count=len(evidence.references),
            evidence_rules=False,
        )
    else:
        found = _publishing_problems(record, translation, published_rating)
    locations = {
        "summary": ("translations", language, "summary"),
        "evidence_level": ("evidence", "level"),
        "evidence_rationale": ("translations", language, "evidence_rationale"),
        "evidence_justification": ("translations", language, "evidence_justification"),
        "evidence_last_reviewed": ("evidence", "last_reviewed"),
    }
    for name, text in found.items():
        yield (
            locations.get(name, (name,)),
            _("cannot be published: {reason}").format(reason=text.replace(not_rated, "NR")),
        )


def _publishing_problems(record: EntryRecord, translation, published_rating) -> dict[str, str]:
    evidence = record.evidence
    return publishing_problems(
        summary=translation.summary,
        target_group_count=len(record.target_groups),
        evidence_level=level_from_code(evidence.level) if evidence.level else None,
        reference_count=len(evidence.references) + len(evidence.studies),
        rationale=translation.evidence_rationale,
        studies=[
            study_facts(
                study.design,
                study.follow_up_months,
                study.independent,
                [outcome.model_dump() for outcome in study.outcomes],
            )
            for study in evidence.studies
        ],
        justification=translation.evidence_justification,
        last_reviewed=(
            datetime.date.fromisoformat(evidence.last_reviewed) if evidence.last_reviewed else None
        ),
        published_rating=published_rating,
    )


def entry_characters(record: EntryRecord) -> int:
    """All text of one entry: every string of every translation, block values included."""
    total = 0
    stack: list = [translation.model_dump() for translation in record.translations.values()]
    while stack:
        value = stack.pop()
        if isinstance(value, str):
            total += len(value)
        elif isinstance(value, dict):
            stack.extend(value.values())
        elif isinstance(value, list):
            stack.extend(value)
    return total
