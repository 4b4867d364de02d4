"""Export and import of the whole library as JSON (schema "lape-methods/1", see the README).

Import validates the whole file before it writes anything and then writes in one transaction,
so a bad file leaves the database exactly as it was.
"""

import datetime
import json
import re
import sys
import uuid
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import override as translation_override
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Locale

from .evidence import Registry, level_code, level_from_code
from .models import (
    AGE_LIMIT,
    RICH_TEXT_FIELD_NAMES,
    SUMMARY_MAX_LENGTH,
    DeliveryFormat,
    EntryPage,
    MethodPage,
    ModelMethod,
    ModelPage,
    Reference,
    RegistryRating,
    ServiceArea,
    TargetGroup,
    Topic,
)
from .publishing import publishing_problems
from .richtext_policy import rich_text_problem

SCHEMA = "lape-methods/1"
LANGUAGES = ("fi", "sv", "en")
SOURCE_LANGUAGE = "fi"
ENTRY_MODELS = {"method": MethodPage, "model": ModelPage}
FACET_MODELS = {
    "target_groups": TargetGroup,
    "service_areas": ServiceArea,
    "topics": Topic,
    "delivery_formats": DeliveryFormat,
}
FACETS = tuple(FACET_MODELS)

SHARED_INTEGER_FIELDS = (
    "sessions_min",
    "sessions_max",
    "session_length_minutes",
    "duration_weeks_min",
    "duration_weeks_max",
)
TRANSLATED_HTML_FIELDS = RICH_TEXT_FIELD_NAMES
TRANSLATED_TEXT_FIELDS = ("licence", "owner_organisation")
BODY_BLOCK_TYPES = ("heading", "paragraph", "quote", "image", "document", "embed")
LANGUAGE_CODE_RE = re.compile(r"^[a-z]{2}$")
# Internal links in rich text carry database ids; the file carries stable references instead:
# <a linktype="page" entry="{translation_key}/{language}"> and <a linktype="document" file="{name}">.
LINK_TAG_RE = re.compile(r"<a\b([^>]*)>")
ATTRIBUTE_RE = re.compile(r'(\w[\w-]*)="([^"]*)"')


class ExchangeError(Exception):
    """Bad input, with a message that names the file, the record and the field."""


# --- Export -----------------------------------------------------------------------------------


def export_library() -> dict:
    """Every facet and every entry in every language, in a stable order."""
    return {
        "schema": SCHEMA,
        "taxonomies": {facet: _export_facet(model) for facet, model in FACET_MODELS.items()},
        "entries": [_export_entry(group) for group in _entry_groups()],
    }


def dumps(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=False) + "\n"


def _export_facet(model) -> list[dict]:
    values: dict[str, dict] = {}
    for row in model.objects.select_related("locale").order_by("sort_order", "code"):
        value = values.setdefault(row.code, {"code": row.code, "labels": {}})
        value["labels"][row.locale.language_code] = row.name
    for value in values.values():
        value["labels"] = {
            lang: value["labels"][lang] for lang in LANGUAGES if lang in value["labels"]
        }
    return list(values.values())


def _entry_groups() -> list[dict[str, EntryPage]]:
    """Entries grouped by stable id: [{language: specific page}], sorted by kind and source slug."""
    groups: dict[uuid.UUID, dict[str, EntryPage]] = {}
    for model in ENTRY_MODELS.values():
        for page in model.objects.select_related("locale"):
            groups.setdefault(page.translation_key, {})[page.locale.language_code] = page
    return sorted(
        groups.values(),
        key=lambda group: (
            next(iter(group.values())).kind,
            (group.get(SOURCE_LANGUAGE) or next(iter(group.values()))).slug,
        ),
    )


def _current_content(page: EntryPage) -> EntryPage:
    """A live page's published content; a draft's latest saved content."""
    if page.live:
        return page
    return page.get_latest_revision_as_object() if page.latest_revision_id else page


def _export_entry(group: dict[str, EntryPage]) -> dict:
    pages = {lang: _current_content(page) for lang, page in group.items()}
    source = pages.get(SOURCE_LANGUAGE) or next(iter(pages.values()))
    record = {
        "id": str(source.translation_key),
        "kind": source.kind,
        "age_min": source.age_min,
        "age_max": source.age_max,
    }
    for facet in FACETS:
        record[facet] = [row.code for row in getattr(source, facet).all()]
    for field in SHARED_INTEGER_FIELDS:
        record[field] = getattr(source, field)
    record["training_available_in_finland"] = source.training_available_in_finland
    record["material_languages"] = source.material_languages_list
    record["owner_website"] = source.owner_website
    record["contact_email"] = source.contact_email
    record["evidence"] = {
        "level": level_code(source.evidence_level) if source.evidence_level is not None else None,
        "no_effect_found": source.evidence_no_effect,
        "harmful_effects_found": source.evidence_harmful,
        "last_reviewed": _date(source.evidence_last_reviewed),
        "references": [
            {"citation": ref.citation, "year": ref.year, "doi": ref.doi, "url": ref.url}
            for ref in source.references.all()
        ],
        "registry_ratings": [
            {
                "registry": rating.registry,
                "label": rating.label,
                "rated_on": _date(rating.rated_on),
                "url": rating.url,
            }
            for rating in source.registry_ratings.all()
        ],
    }
    record["uses_methods"] = (
        [str(link.method.translation_key) for link in source.method_links.all()]
        if source.kind == "model"
        else []
    )
    record["translations"] = {
        lang: _export_translation(group[lang], pages[lang]) for lang in LANGUAGES if lang in pages
    }
    return record


def _export_translation(page: EntryPage, content: EntryPage) -> dict:
    translation = {
        "slug": content.slug,
        "title": content.title,
        "live": page.live,
        "summary": content.summary,
        "alternative_names": content.alternative_names_list,
    }
    for field in TRANSLATED_HTML_FIELDS[:-1]:
        translation[field] = portable_links(getattr(content, field))
    for field in TRANSLATED_TEXT_FIELDS:
        translation[field] = getattr(content, field)
    translation["evidence_rationale"] = portable_links(content.evidence_rationale)
    translation["body"] = [_export_block(block) for block in content.body.raw_data]
    return translation


def _rewrite_links(html: str, rewrite) -> str:
    def replace(match):
        attributes = dict(ATTRIBUTE_RE.findall(match.group(1)))
        new = rewrite(attributes)
        if new is None:
            return match.group(0)
        return "<a" + "".join(f' {name}="{value}"' for name, value in new.items()) + ">"

    return LINK_TAG_RE.sub(replace, html or "")


def portable_links(html: str) -> str:
    """Database ids in internal links → stable references (entry id and language, file name)."""
    from wagtail.models import Page

    def rewrite(attributes):
        linktype, pk = attributes.get("linktype"), attributes.get("id")
        if linktype == "page" and pk:
            page = Page.objects.filter(pk=pk).select_related("locale").first()
            if page is None:
                return {}
            return {
                "linktype": "page",
                "entry": f"{page.translation_key}/{page.locale.language_code}",
            }
        if linktype == "document" and pk:
            document = get_document_model().objects.filter(pk=pk).first()
            return {"linktype": "document", "file": document.file.name} if document else {}
        return None

    return _rewrite_links(html, rewrite)


class UnresolvedLink(Exception):
    """A link to an entry that the import has not written yet."""


def database_links(html: str, *, lenient: bool = False) -> str:
    """Inverse of portable_links(); raises UnresolvedLink for an entry not in the database yet
    (or, when `lenient`, leaves such a link without a target for a second pass to fill in)."""
    from wagtail.models import Page

    def rewrite(attributes):
        linktype = attributes.get("linktype")
        if linktype == "page" and "entry" in attributes:
            key, _, language = attributes["entry"].partition("/")
            page = Page.objects.filter(translation_key=key, locale__language_code=language).first()
            if page is None:
                if lenient:
                    return {"linktype": "page", "entry": attributes["entry"]}
                raise UnresolvedLink(attributes["entry"])
            return {"linktype": "page", "id": str(page.pk)}
        if linktype == "document" and "file" in attributes:
            document = get_document_model().objects.get(file=attributes["file"])
            return {"linktype": "document", "id": str(document.pk)}
        return None

    return _rewrite_links(html, rewrite)


def _export_block(block: dict) -> dict:
    block_type, value = block["type"], block["value"]
    if block_type == "image":
        image = get_image_model().objects.filter(pk=value.get("image")).first()
        value = {"image": image.file.name if image else None, "caption": value.get("caption", "")}
    elif block_type == "document":
        document = get_document_model().objects.filter(pk=value.get("document")).first()
        value = {
            "document": document.file.name if document else None,
            "title": value.get("title", ""),
        }
    elif block_type == "paragraph":
        value = portable_links(value)
    return {"type": block_type, "value": value}


def _date(value):
    return value.isoformat() if value else None


# --- Validation -------------------------------------------------------------------------------


@dataclass
class Where:
    """Where in the input a value sits, for error messages."""

    file: str
    record: str = ""

    def error(self, field: str, message: str) -> ExchangeError:
        parts = [self.file]
        if self.record:
            parts.append(self.record)
        parts.append(f"field {field}: {message}")
        return ExchangeError(", ".join(parts))


def load_file(path: str | Path) -> dict:
    """Read and parse a JSON file, naming the file and position on failure."""
    path = Path(path)
    name = path.name
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ExchangeError(f"{path}: no such file") from None
    except UnicodeDecodeError as error:
        raise ExchangeError(
            f"{name}: not UTF-8 text ({error.reason} at byte {error.start})"
        ) from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise ExchangeError(
            f"{name}: not valid JSON: {error.msg} at line {error.lineno} column {error.colno}"
        ) from None


def validate(data, file_name: str) -> dict:
    """Check the whole document; return it unchanged or raise ExchangeError for the first problem."""
    top = Where(file_name)
    if not isinstance(data, dict):
        raise top.error("(top level)", "expected a JSON object")
    if data.get("schema") != SCHEMA:
        raise top.error("schema", f"expected {SCHEMA!r}, got {data.get('schema')!r}")
    taxonomies = data.get("taxonomies", {})
    if not isinstance(taxonomies, dict):
        raise top.error("taxonomies", "expected an object keyed by facet")
    known_codes = {facet: set(_existing_codes(facet)) for facet in FACETS}
    for facet, values in taxonomies.items():
        if facet not in FACETS:
            raise top.error("taxonomies", f"unknown facet {facet!r}; allowed: {', '.join(FACETS)}")
        if not isinstance(values, list):
            raise top.error(f"taxonomies.{facet}", "expected a list")
        for index, value in enumerate(values, start=1):
            where = Where(file_name, f"taxonomies.{facet} value {index}")
            _validate_facet_value(value, where)
            known_codes[facet].add(value["code"])

    entries = data.get("entries")
    if not isinstance(entries, list):
        raise top.error("entries", "expected a list")
    from wagtail.models import Page

    linkable = {str(record.get("id")) for record in entries if isinstance(record, dict)}
    linkable |= {str(key) for key in Page.objects.values_list("translation_key", flat=True)}
    ids = {}
    for index, record in enumerate(entries, start=1):
        label = f"record {index}"
        if isinstance(record, dict):
            slug = (record.get("translations") or {}).get(SOURCE_LANGUAGE, {})
            slug = slug.get("slug") if isinstance(slug, dict) else None
            label += f" ({slug or record.get('id')})"
        where = Where(file_name, label)
        entry_id = _validate_entry(record, where, known_codes, linkable)
        if entry_id in ids:
            raise where.error("id", f"{entry_id} is already used by {ids[entry_id]}")
        ids[entry_id] = label

    method_ids = {record["id"] for record in entries if record["kind"] == "method"} | {
        str(key) for key in MethodPage.objects.values_list("translation_key", flat=True)
    }
    slugs: dict[tuple[str, str], str] = {}
    for index, record in enumerate(entries, start=1):
        where = Where(
            file_name, f"record {index} ({record['translations'][SOURCE_LANGUAGE]['slug']})"
        )
        for method_id in record.get("uses_methods", []):
            if method_id not in method_ids:
                raise where.error("uses_methods", f"{method_id} is not the id of a method")
        for lang, translation in record["translations"].items():
            key = (lang, translation["slug"])
            if key in slugs:
                raise where.error(
                    f"translations.{lang}.slug",
                    f"{translation['slug']!r} is already used by {slugs[key]}",
                )
            slugs[key] = where.record
    return data


def _existing_codes(facet: str) -> list[str]:
    return list(FACET_MODELS[facet].objects.values_list("code", flat=True).distinct())


def _validate_facet_value(value, where: Where) -> None:
    if not isinstance(value, dict):
        raise where.error("(value)", "expected an object with code and labels")
    code = value.get("code")
    if not isinstance(code, str) or not code or slugify(code) != code:
        raise where.error("code", f"{code!r} is not a lowercase slug")
    labels = value.get("labels")
    if not isinstance(labels, dict) or not isinstance(labels.get(SOURCE_LANGUAGE), str):
        raise where.error("labels", f"a {SOURCE_LANGUAGE!r} label is required")
    for lang, label in labels.items():
        if lang not in LANGUAGES:
            raise where.error(
                "labels", f"unknown language {lang!r}; allowed: {', '.join(LANGUAGES)}"
            )
        if not isinstance(label, str) or not label.strip():
            raise where.error(f"labels.{lang}", "must be a non-empty string")


def _require(record: dict, field: str, types, where: Where, *, nullable=False):
    if field not in record:
        raise where.error(field, "is required")
    value = record[field]
    if value is None and nullable:
        return None
    if not isinstance(value, types) or (isinstance(value, bool) and bool not in _as_tuple(types)):
        raise where.error(field, f"expected {_type_names(types)}, got {json.dumps(value)[:60]}")
    return value


def _as_tuple(types):
    return types if isinstance(types, tuple) else (types,)


def _type_names(types) -> str:
    names = {
        str: "text",
        int: "a whole number",
        bool: "true or false",
        list: "a list",
        dict: "an object",
    }
    return " or ".join(names.get(t, t.__name__) for t in _as_tuple(types))


def _validate_entry(
    record, where: Where, known_codes: dict[str, set[str]], linkable: set[str]
) -> str:
    if not isinstance(record, dict):
        raise where.error("(record)", "expected an object")
    entry_id = _require(record, "id", str, where)
    try:
        uuid.UUID(entry_id)
    except ValueError:
        raise where.error("id", f"{entry_id!r} is not a UUID") from None
    kind = _require(record, "kind", str, where)
    if kind not in ENTRY_MODELS:
        raise where.error("kind", f"{kind!r} is not one of: {', '.join(ENTRY_MODELS)}")

    ages = {}
    for field in ("age_min", "age_max"):
        ages[field] = _require(record, field, int, where, nullable=True)
        if ages[field] is not None and not 0 <= ages[field] <= AGE_LIMIT:
            raise where.error(field, f"{ages[field]} is outside 0–{AGE_LIMIT}")
    if ages["age_min"] is not None and ages["age_max"] is not None:
        if ages["age_min"] > ages["age_max"]:
            raise where.error(
                "age_min", f"{ages['age_min']} is greater than age_max {ages['age_max']}"
            )
    for field in SHARED_INTEGER_FIELDS:
        value = _require(record, field, int, where, nullable=True)
        if value is not None and not 0 <= value <= 32767:
            raise where.error(field, f"{value} is out of range")
    for low, high in (
        ("sessions_min", "sessions_max"),
        ("duration_weeks_min", "duration_weeks_max"),
    ):
        if record[low] is not None and record[high] is not None and record[low] > record[high]:
            raise where.error(low, f"{record[low]} is greater than {high} {record[high]}")

    for facet in FACETS:
        codes = _require(record, facet, list, where)
        for code in codes:
            if not isinstance(code, str) or code not in known_codes[facet]:
                allowed = ", ".join(sorted(known_codes[facet])) or "(none defined)"
                raise where.error(facet, f"unknown code {code!r}; known codes: {allowed}")
        if len(set(codes)) != len(codes):
            raise where.error(facet, "lists a code twice")

    _require(record, "training_available_in_finland", bool, where, nullable=True)
    for code in _require(record, "material_languages", list, where):
        if not isinstance(code, str) or not LANGUAGE_CODE_RE.match(code):
            raise where.error("material_languages", f"{code!r} is not an ISO 639-1 code")
    for field in ("owner_website", "contact_email"):
        _require(record, field, str, where)
    if record["owner_website"] and not record["owner_website"].startswith(("http://", "https://")):
        raise where.error("owner_website", "must start with http:// or https://")
    if record["contact_email"] and "@" not in record["contact_email"]:
        raise where.error("contact_email", f"{record['contact_email']!r} is not an email address")

    evidence = _require(record, "evidence", dict, where)
    level = evidence.get("level")
    if level is not None:
        try:
            level_from_code(level if isinstance(level, str) else repr(level))
        except ValueError:
            raise where.error(
                "evidence.level", f"{level!r} is not one of: 5, 4, 3, 2, 1, NR"
            ) from None
    for flag in ("no_effect_found", "harmful_effects_found"):
        if not isinstance(evidence.get(flag, False), bool):
            raise where.error(f"evidence.{flag}", "expected true or false")
    _validate_date(evidence.get("last_reviewed"), where, "evidence.last_reviewed")
    references = evidence.get("references", [])
    if not isinstance(references, list):
        raise where.error("evidence.references", "expected a list")
    for number, reference in enumerate(references, start=1):
        field = f"evidence.references[{number}]"
        if not isinstance(reference, dict) or not str(reference.get("citation", "")).strip():
            raise where.error(f"{field}.citation", "is required")
        year = reference.get("year")
        if year is not None and (not isinstance(year, int) or not 1800 <= year <= 2100):
            raise where.error(f"{field}.year", f"{year!r} is not a year")
        url = reference.get("url") or ""
        if url and not url.startswith(("http://", "https://")):
            raise where.error(f"{field}.url", "must start with http:// or https://")
    ratings = evidence.get("registry_ratings", [])
    if not isinstance(ratings, list):
        raise where.error("evidence.registry_ratings", "expected a list")
    for number, rating in enumerate(ratings, start=1):
        field = f"evidence.registry_ratings[{number}]"
        if not isinstance(rating, dict):
            raise where.error(field, "expected an object")
        if rating.get("registry") not in Registry.values:
            raise where.error(
                f"{field}.registry",
                f"{rating.get('registry')!r} is not one of: {', '.join(Registry.values)}",
            )
        if not str(rating.get("label", "")).strip():
            raise where.error(f"{field}.label", "is required")
        _validate_date(rating.get("rated_on"), where, f"{field}.rated_on")

    uses_methods = record.get("uses_methods", [])
    if not isinstance(uses_methods, list):
        raise where.error("uses_methods", "expected a list of method ids")
    if uses_methods and kind != "model":
        raise where.error("uses_methods", "only a model lists the methods it uses")

    translations = _require(record, "translations", dict, where)
    if SOURCE_LANGUAGE not in translations:
        raise where.error(
            "translations",
            f"has no {SOURCE_LANGUAGE!r} source; a translation cannot be imported without its source",
        )
    for lang, translation in translations.items():
        if lang not in LANGUAGES:
            raise where.error(
                "translations", f"unknown language {lang!r}; allowed: {', '.join(LANGUAGES)}"
            )
        _validate_translation(translation, record, where, f"translations.{lang}", linkable)
    return entry_id


def _validate_links(html: str, where: Where, field: str, entry_ids: set[str]) -> None:
    for match in LINK_TAG_RE.finditer(html or ""):
        attributes = dict(ATTRIBUTE_RE.findall(match.group(1)))
        if attributes.get("linktype") == "page" and "entry" in attributes:
            key, _, language = attributes["entry"].partition("/")
            if key not in entry_ids or language not in LANGUAGES:
                raise where.error(field, f"links to {attributes['entry']!r}, which is not an entry")
        elif attributes.get("linktype") == "page":
            raise where.error(field, 'a page link needs entry="{id}/{language}"')
        elif attributes.get("linktype") == "document":
            name = attributes.get("file")
            if not name or not get_document_model().objects.filter(file=name).exists():
                raise where.error(field, f"links to a document that does not exist: {name!r}")


def _validate_translation(
    translation, record: dict, where: Where, prefix: str, entry_ids: set[str]
) -> None:
    if not isinstance(translation, dict):
        raise where.error(prefix, "expected an object")

    def field(name):
        return f"{prefix}.{name}"

    title = translation.get("title")
    if not isinstance(title, str) or not title.strip():
        raise where.error(field("title"), "is required")
    slug = translation.get("slug")
    if not isinstance(slug, str) or not slug or slugify(slug, allow_unicode=True) != slug:
        raise where.error(field("slug"), f"{slug!r} is not a valid slug")
    if not isinstance(translation.get("live", False), bool):
        raise where.error(field("live"), "expected true or false")
    summary = translation.get("summary", "")
    if not isinstance(summary, str):
        raise where.error(field("summary"), "expected text")
    if len(summary) > SUMMARY_MAX_LENGTH:
        raise where.error(
            field("summary"), f"is {len(summary)} characters; at most {SUMMARY_MAX_LENGTH} allowed"
        )
    names = translation.get("alternative_names", [])
    if not isinstance(names, list) or not all(isinstance(n, str) and "\n" not in n for n in names):
        raise where.error(field("alternative_names"), "expected a list of single-line names")
    for name in (*TRANSLATED_HTML_FIELDS, *TRANSLATED_TEXT_FIELDS):
        if not isinstance(translation.get(name, ""), str):
            raise where.error(field(name), "expected text")
    for name in TRANSLATED_HTML_FIELDS:
        if problem := rich_text_problem(translation.get(name, "")):
            raise where.error(field(name), problem)
        _validate_links(translation.get(name, ""), where, field(name), entry_ids)
    body = translation.get("body", [])
    if not isinstance(body, list):
        raise where.error(field("body"), "expected a list of blocks")
    for number, block in enumerate(body, start=1):
        block_field = field(f"body[{number}]")
        if not isinstance(block, dict) or block.get("type") not in BODY_BLOCK_TYPES:
            raise where.error(block_field, f"type must be one of: {', '.join(BODY_BLOCK_TYPES)}")
        _validate_block(block, where, block_field)
        if block["type"] == "paragraph":
            _validate_links(block["value"], where, f"{block_field}.value", entry_ids)
    if translation.get("live", False):
        evidence = record["evidence"]
        with translation_override("en"):  # the importer reports in English throughout
            problems = publishing_problems(
                summary=summary,
                target_group_count=len(record["target_groups"]),
                evidence_level=level_from_code(evidence["level"])
                if evidence.get("level")
                else None,
                reference_count=len(evidence.get("references", [])),
            )
        problems = {
            name: message.replace("“Not rated”", "NR") for name, message in problems.items()
        }
        for name, message in problems.items():
            target = {"summary": field("summary"), "evidence_level": "evidence.level"}.get(
                name, name
            )
            raise where.error(target, f"cannot be published: {message}")


def _validate_block(block: dict, where: Where, field: str) -> None:
    block_type, value = block["type"], block.get("value")
    if block_type in ("heading", "paragraph", "embed"):
        if not isinstance(value, str) or not value.strip():
            raise where.error(f"{field}.value", "expected non-empty text")
        if block_type == "paragraph" and (problem := rich_text_problem(value)):
            raise where.error(f"{field}.value", problem)
    elif block_type == "quote":
        if not isinstance(value, dict) or not str(value.get("quote", "")).strip():
            raise where.error(f"{field}.value.quote", "is required")
    elif block_type == "image":
        name = value.get("image") if isinstance(value, dict) else None
        if not name or not get_image_model().objects.filter(file=name).exists():
            raise where.error(f"{field}.value.image", f"no image with the file {name!r}")
    elif block_type == "document":
        name = value.get("document") if isinstance(value, dict) else None
        if not name or not get_document_model().objects.filter(file=name).exists():
            raise where.error(f"{field}.value.document", f"no document with the file {name!r}")


def _validate_date(value, where: Where, field: str) -> None:
    if value is None:
        return
    try:
        datetime.date.fromisoformat(value)
    except (TypeError, ValueError):
        raise where.error(field, f"{value!r} is not a date (YYYY-MM-DD)") from None


# --- Import -----------------------------------------------------------------------------------


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    facets_created: int = 0


def import_library(data: dict, file_name: str, progress=None) -> ImportResult:
    """Validate everything, then create or update facets and entries in one transaction."""
    from home.tree import ensure_site_tree

    validate(data, file_name)
    result = ImportResult()
    with transaction.atomic():
        locales = {lang: Locale.objects.get(language_code=lang) for lang in LANGUAGES}
        indexes = ensure_site_tree()
        for facet, values in data.get("taxonomies", {}).items():
            result.facets_created += _import_facet(FACET_MODELS[facet], values, locales)
        existing = {
            str(group.get(SOURCE_LANGUAGE, next(iter(group.values()))).translation_key): group
            for group in _entry_groups()
        }
        entries = data["entries"]
        ordered = sorted(entries, key=lambda record: record["kind"] != "method")
        second_pass = []
        for number, record in enumerate(ordered, start=1):
            if progress:
                progress(number, len(ordered), record["translations"][SOURCE_LANGUAGE]["slug"])
            group = existing.get(record["id"])
            if group and _export_entry(group) == _normalised(record):
                result.unchanged += 1
                continue
            if not _write_entry(record, group or {}, locales, indexes):
                second_pass.append(record)
            if group:
                result.updated += 1
            else:
                result.created += 1
        for record in second_pass:
            group = {
                page.locale.language_code: page
                for model in ENTRY_MODELS.values()
                for page in model.objects.filter(translation_key=record["id"]).select_related(
                    "locale"
                )
            }
            _write_entry(record, group, locales, indexes, first_pass=False)
    return result


def _import_facet(model, values: list[dict], locales) -> int:
    created = 0
    for position, value in enumerate(values):
        source = model.objects.filter(code=value["code"], locale=locales[SOURCE_LANGUAGE]).first()
        key = source.translation_key if source else uuid.uuid4()
        for lang, label in value["labels"].items():
            row = model.objects.filter(code=value["code"], locale=locales[lang]).first()
            if row is None:
                model.objects.create(
                    code=value["code"],
                    name=label,
                    sort_order=position,
                    locale=locales[lang],
                    translation_key=key,
                )
                created += 1
            elif row.name != label or row.sort_order != position:
                row.name, row.sort_order = label, position
                row.save()
    return created


def _normalised(record: dict) -> dict:
    """The record as export_library() would write it, to tell whether an import changes anything."""
    data = json.loads(json.dumps(record))
    data.setdefault("uses_methods", [])
    evidence = data["evidence"]
    evidence.setdefault("no_effect_found", False)
    evidence.setdefault("harmful_effects_found", False)
    evidence.setdefault("last_reviewed", None)
    evidence["references"] = [
        {
            "citation": r["citation"],
            "year": r.get("year"),
            "doi": r.get("doi", ""),
            "url": r.get("url", ""),
        }
        for r in evidence.get("references", [])
    ]
    evidence["registry_ratings"] = [
        {
            "registry": r["registry"],
            "label": r["label"],
            "rated_on": r.get("rated_on"),
            "url": r.get("url", ""),
        }
        for r in evidence.get("registry_ratings", [])
    ]
    facet_order = {
        facet: {
            code: index
            for index, code in enumerate(
                model.objects.filter(locale__language_code=SOURCE_LANGUAGE)
                .order_by("sort_order", "code")
                .values_list("code", flat=True)
            )
        }
        for facet, model in FACET_MODELS.items()
    }
    for facet in FACETS:
        data[facet] = sorted(data[facet], key=lambda code: facet_order[facet].get(code, 0))
    translations = {}
    for lang in LANGUAGES:
        if lang not in data["translations"]:
            continue
        source = data["translations"][lang]
        translation = {
            "slug": source["slug"],
            "title": source["title"],
            "live": source.get("live", False),
            "summary": source.get("summary", ""),
            "alternative_names": [
                n.strip() for n in source.get("alternative_names", []) if n.strip()
            ],
        }
        for name in (*TRANSLATED_HTML_FIELDS[:-1], *TRANSLATED_TEXT_FIELDS, "evidence_rationale"):
            translation[name] = source.get(name, "")
        translation["body"] = [
            {"type": b["type"], "value": b["value"]} for b in source.get("body", [])
        ]
        translations[lang] = translation
    data["translations"] = translations
    ordered_keys = [
        "id", "kind", "age_min", "age_max", *FACETS, *SHARED_INTEGER_FIELDS,
        "training_available_in_finland", "material_languages", "owner_website", "contact_email",
        "evidence", "uses_methods", "translations",
    ]  # fmt: skip
    return {key: data[key] for key in ordered_keys}


def _write_entry(
    record: dict, group: dict[str, EntryPage], locales, indexes, *, first_pass=True
) -> bool:
    """Create or update every translation of one entry. Returns False when some internal link
    points at an entry written later in the same import, so the caller writes it once more."""
    model = ENTRY_MODELS[record["kind"]]
    deferred = False

    def links(html: str) -> str:
        nonlocal deferred
        try:
            return database_links(html)
        except UnresolvedLink:
            if not first_pass:
                raise
            deferred = True
            return database_links(html, lenient=True)

    key = uuid.UUID(record["id"])
    facets = {
        facet: list(
            FACET_MODELS[facet].objects.filter(
                code__in=record[facet], locale=locales[SOURCE_LANGUAGE]
            )
        )
        for facet in FACETS
    }
    evidence = record["evidence"]
    for lang in LANGUAGES:
        translation = record["translations"].get(lang)
        if translation is None:
            continue
        page = group.get(lang)
        if page is not None and not isinstance(page, model):
            raise ExchangeError(
                f"record {record['id']}: it exists as a {page.kind} and cannot become a {record['kind']}"
            )
        is_new = page is None
        if is_new:
            page = model(locale=locales[lang], translation_key=key)
        page.title = translation["title"]
        page.slug = translation["slug"]
        page.summary = translation.get("summary", "")
        page.alternative_names = "\n".join(translation.get("alternative_names", []))
        for name in TRANSLATED_HTML_FIELDS:
            setattr(page, name, links(translation.get(name, "")))
        for name in TRANSLATED_TEXT_FIELDS:
            setattr(page, name, translation.get(name, ""))
        page.body = _import_body(translation.get("body", []), links)
        page.age_min, page.age_max = record["age_min"], record["age_max"]
        for field in SHARED_INTEGER_FIELDS:
            setattr(page, field, record[field])
        page.training_available_in_finland = record["training_available_in_finland"]
        page.material_languages = ", ".join(record["material_languages"])
        page.owner_website = record["owner_website"]
        page.contact_email = record["contact_email"]
        level = evidence.get("level")
        page.evidence_level = level_from_code(level) if level is not None else None
        page.evidence_no_effect = evidence.get("no_effect_found", False)
        page.evidence_harmful = evidence.get("harmful_effects_found", False)
        last_reviewed = evidence.get("last_reviewed")
        page.evidence_last_reviewed = (
            datetime.date.fromisoformat(last_reviewed) if last_reviewed else None
        )
        for facet, values in facets.items():
            setattr(page, facet, values)
        page.references = [
            Reference(
                citation=ref["citation"],
                year=ref.get("year"),
                doi=ref.get("doi", ""),
                url=ref.get("url", ""),
                sort_order=position,
            )
            for position, ref in enumerate(evidence.get("references", []))
        ]
        page.registry_ratings = [
            RegistryRating(
                registry=rating["registry"],
                label=rating["label"],
                rated_on=datetime.date.fromisoformat(rating["rated_on"])
                if rating.get("rated_on")
                else None,
                url=rating.get("url", ""),
                sort_order=position,
            )
            for position, rating in enumerate(evidence.get("registry_ratings", []))
        ]
        if record["kind"] == "model":
            methods = {
                str(method.translation_key): method
                for method in MethodPage.objects.filter(
                    locale=locales[SOURCE_LANGUAGE],
                    translation_key__in=record.get("uses_methods", []),
                )
            }
            page.method_links = [
                ModelMethod(method=methods[method_id], sort_order=position)
                for position, method_id in enumerate(record.get("uses_methods", []))
                if method_id in methods
            ]
        live = translation.get("live", False)
        if is_new:
            page.live = False
            indexes[lang].add_child(instance=page)
        else:
            if page.live and not live:
                page.unpublish()
            if not page.live:
                page.save()  # as Wagtail's editor does: a draft's row holds its latest content
        revision = page.save_revision(clean=True)
        if live:
            revision.publish()
        group[lang] = page
    return not deferred


def _import_body(blocks: list[dict], links) -> list[tuple[str, object]]:
    stream = []
    for block in blocks:
        block_type, value = block["type"], block["value"]
        if block_type == "image":
            image = get_image_model().objects.get(file=value["image"])
            value = {"image": image, "caption": value.get("caption", "")}
        elif block_type == "document":
            document = get_document_model().objects.get(file=value["document"])
            value = {"document": document, "title": value.get("title", "")}
        elif block_type == "embed":
            from wagtail.embeds.blocks import EmbedValue

            value = EmbedValue(value)
        elif block_type == "paragraph":
            from wagtail.rich_text import RichText

            value = RichText(links(value))
        stream.append((block_type, value))
    return stream


def terminal_progress(stream=None):
    """A progress callback that redraws one line on a terminal and stays silent otherwise."""
    stream = stream or sys.stderr
    if not stream.isatty():
        return None

    def show(number: int, total: int, label: str) -> None:
        width = 30
        filled = width * number // total
        stream.write(
            f"\r[{'#' * filled}{'.' * (width - filled)}] {number}/{total} {label[:40]:<40}"
        )
        if number == total:
            stream.write("\n")
        stream.flush()

    return show
