"""Rules that look across the fields of a record or across records, checked once the file has the
right shape: ranges, duplicate ids and slugs, an entry's size, the rules of an implementation (the
editor's and the report form's), what an older version of the format cannot hold, and the
publishing rules."""

from collections.abc import Iterator

from django.utils.translation import gettext as _

from ..evidence import EvidenceLevel, level_from_code
from ..implementations import implementation_problems
from ..publishing import publishing_problems
from .errors import Location, library_labels
from .schema import (
    MAX_ENTRY_CHARACTERS,
    SOURCE_LANGUAGE,
    VERSION_2_FIELDS,
    EntryRecord,
    ImplementationRecord,
    Library,
)

RANGES = (
    ("age_min", "age_max"),
    ("sessions_min", "sessions_max"),
    ("duration_weeks_min", "duration_weeks_max"),
)


def problems(library: Library, existing_kinds: dict[str, str]) -> Iterator[tuple[Location, str]]:
    """(location, message) for every rule the file breaks."""
    label = library_labels(library)
    if not library.is_current_version:
        yield from _newer_fields(library)
    ids: dict[str, int] = {}
    slugs: dict[tuple[str, str], int] = {}
    for index, record in enumerate(library.entries):
        at = ("entries", index)
        yield from ((at + where, message) for where, message in record_problems(record))
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


def record_problems(record: EntryRecord) -> Iterator[tuple[Location, str]]:
    for number, implementation in enumerate(record.implementations):
        for where, message in implementation_record_problems(implementation):
            yield ("implementations", number, *where), message
    for low, high in RANGES:
        low_value, high_value = getattr(record, low), getattr(record, high)
        if low_value is not None and high_value is not None and low_value > high_value:
            yield (
                (low,),
                _("{value} is greater than {other} {other_value}").format(
                    value=low_value, other=high, other_value=high_value
                ),
            )
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
        for problem in publishing(record, language)
    ]
    yield from dict.fromkeys(found)  # a rule on shared fields is broken once, not per language


def publishing(record: EntryRecord, language: str) -> Iterator[tuple[Location, str]]:
    """The rules an editor meets when publishing, in the same words (the rating's label → NR)."""
    evidence = record.evidence
    not_rated = f"“{EvidenceLevel.NOT_RATED.label}”"
    found = publishing_problems(
        summary=record.translations[language].summary,
        target_group_count=len(record.target_groups),
        evidence_level=level_from_code(evidence.level) if evidence.level else None,
        reference_count=len(evidence.references),
    )
    locations = {
        "summary": ("translations", language, "summary"),
        "evidence_level": ("evidence", "level"),
    }
    for name, text in found.items():
        yield (
            locations.get(name, (name,)),
            _("cannot be published: {reason}").format(reason=text.replace(not_rated, "NR")),
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
