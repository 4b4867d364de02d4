"""Errors of the exchange format, each naming the file, the record (with its slug) and the field:
`methods.json, record 1 (kiva-koulu), field age_min: 19 is greater than age_max 12`.

pydantic's error locations become that form, and its error types become our own (translatable)
messages, so that a message never mixes pydantic's wording with ours.
"""

import json
from collections.abc import Callable, Iterable

import pydantic
from django.utils.translation import gettext as _

from .schema import BLOCK_TYPES, SOURCE_LANGUAGE, shown

Location = tuple[str | int, ...]
Labels = Callable[[int], str]
MAX_REPORTED = 20


class ExchangeError(Exception):
    """Bad input, with a message that names the file, the record and the field."""


def record_label(index: int, label: str = "") -> str:
    """ "record 3 (kiva-koulu)": the number counts from 1; the label is the source slug or the id."""
    if label:
        return _("record {number} ({label})").format(number=index + 1, label=shown(label)[1:-1])
    return _("record {number}").format(number=index + 1)


def raw_labels(data) -> Labels:
    """Labels of the records of a file that may not have the right shape."""

    def label(index: int) -> str:
        entries = data.get("entries") if isinstance(data, dict) else None
        record = entries[index] if isinstance(entries, list) and index < len(entries) else None
        if not isinstance(record, dict):
            return record_label(index)
        translations = record.get("translations")
        source = translations.get(SOURCE_LANGUAGE) if isinstance(translations, dict) else None
        slug = source.get("slug") if isinstance(source, dict) else None
        if isinstance(slug, str) and slug:
            return record_label(index, slug)
        entry_id = record.get("id")
        return record_label(index, entry_id if isinstance(entry_id, str) else "")

    return label


def library_labels(library) -> Labels:
    """Labels of the records of a validated library."""
    return lambda index: record_label(
        index, library.entries[index].translations[SOURCE_LANGUAGE].slug
    )


def field_path(location: Location) -> str:
    """("translations", "fi", "body", 0, "paragraph", "value") → "translations.fi.body[1].value"."""
    path = ""
    previous = None
    for part in location:
        if isinstance(part, int):
            path += f"[{part + 1}]"
        elif part == "[key]":
            path = path.rpartition(".")[0]  # an error in a key is an error of the object
        elif isinstance(previous, int) and part in BLOCK_TYPES:
            pass  # the union's tag that pydantic adds after a block's index
        else:
            path += f".{part}" if path else str(part)
        previous = part
    return path


def located(file_name: str, labels: Labels, location: Location, message: str) -> str:
    parts = [file_name]
    rest = location
    if len(location) >= 2 and location[0] == "entries" and isinstance(location[1], int):
        parts.append(labels(location[1]))
        rest = location[2:]
    elif len(location) >= 2 and location[0] == "measures" and isinstance(location[1], int):
        parts.append(_("measure {number}").format(number=location[1] + 1))
        rest = location[2:]
    elif len(location) >= 3 and location[0] == "taxonomies" and isinstance(location[2], int):
        parts.append(
            _("taxonomies.{facet} value {number}").format(facet=location[1], number=location[2] + 1)
        )
        rest = location[3:]
    path = field_path(rest)
    if path:
        return (
            ", ".join(parts)
            + ", "
            + _("field {field}: {message}").format(field=path, message=message)
        )
    return ", ".join(parts) + ": " + message


def exchange_error(
    file_name: str, labels: Labels, problems: Iterable[tuple[Location, str]]
) -> ExchangeError:
    """One error for a list of (location, message), at most MAX_REPORTED of them, one per line."""
    problems = list(problems)
    lines = [
        located(file_name, labels, where, message) for where, message in problems[:MAX_REPORTED]
    ]
    if len(problems) > MAX_REPORTED:
        lines.append(
            _("{file}: and {count} more problems").format(
                file=file_name, count=len(problems) - MAX_REPORTED
            )
        )
    return ExchangeError("\n".join(lines))


def from_validation_error(file_name: str, data, error: pydantic.ValidationError) -> ExchangeError:
    return exchange_error(
        file_name,
        raw_labels(data),
        ((details["loc"], message(details)) for details in error.errors(include_url=False)),
    )


def _expected(name: str) -> str:
    return {
        "int_type": _("a whole number"),
        "float_type": _("a number"),
        "string_type": _("text"),
        "bool_type": _("true or false"),
        "list_type": _("a list"),
        "dict_type": _("an object"),
        "model_type": _("an object"),
        "model_attributes_type": _("an object"),
    }.get(name, "")


def _as_json(value) -> str:
    """A value of the wrong type as the file wrote it: "three", 3.5, null."""
    if isinstance(value, str):
        text = json.dumps(value if len(value) <= 60 else value[:57] + "…", ensure_ascii=False)
        return text.encode("utf-8", "backslashreplace").decode("utf-8")
    return shown(value)


def message(details) -> str:
    """Our message for one of pydantic's errors."""
    kind, context, value = details["type"], details.get("ctx") or {}, details.get("input")
    if kind == "value_error":
        return str(context["error"])
    if kind == "missing":
        return _("is required")
    if expected := _expected(kind):
        if kind == "model_type" and not isinstance(value, dict) and details["loc"] == ():
            expected = _("a JSON object")
        return _("expected {expected}, got {value}").format(
            expected=expected, value=_as_json(value)
        )
    if kind == "string_too_long":
        return _("is {length} characters; at most {max_length} allowed").format(
            length=len(value), max_length=context["max_length"]
        )
    if kind == "too_long":
        return _("has {count} items; at most {max_length} allowed").format(
            count=len(value), max_length=context["max_length"]
        )
    if kind == "string_unicode":
        return _("is not valid Unicode text: it holds a lone surrogate")
    if kind in ("union_tag_invalid", "union_tag_not_found"):
        return _("type must be one of: {types}").format(types=", ".join(BLOCK_TYPES))
    if kind == "literal_error":
        return _("{value} is not one of: {allowed}").format(
            value=shown(value), allowed=context.get("expected", "")
        )
    return _("is not a valid value")
