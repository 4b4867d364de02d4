"""Export of the whole library: every facet, every region and every entry in every language, in a
stable order, so that two exports of the same content are byte for byte the same."""

import json
import uuid

from wagtail.documents import get_document_model
from wagtail.images import get_image_model

from ..evidence import level_code
from ..models import RICH_TEXT_FIELD_NAMES, EntryPage, Measure, Region
from ..visibility import publicly_visible
from ..vocabulary import FACET_FIELDS, Kind, facet_models
from .links import portable_links
from .schema import LANGUAGES, SCHEMA, SOURCE_LANGUAGE

FACETS = FACET_FIELDS
SHARED_INTEGER_FIELDS = (
    "sessions_min",
    "sessions_max",
    "session_length_minutes",
    "duration_weeks_min",
    "duration_weeks_max",
)
TRANSLATED_TEXT_FIELDS = ("licence", "owner_organisation")


def entry_models() -> dict[str, type[EntryPage]]:
    """{"method": MethodPage, "model": ModelPage}"""
    return {kind.value: kind.page_model for kind in Kind}


def export_library(*, public_only: bool = False) -> dict:
    """Every facet and every entry in every language, in a stable order.

    With `public_only`, only what methods.visibility lets the public see: the public
    translations of each entry (an entry whose source-language version is not public is left
    out, since the format requires it), its published content, and links and methods used only
    when they point to an exported translation (any other link keeps its text, without target).
    """
    groups = entry_groups(public_only=public_only)
    if public_only:
        groups = [group for group in groups if SOURCE_LANGUAGE in group]
    public = _PublicTargets(groups) if public_only else None
    return {
        "schema": SCHEMA,
        "taxonomies": {facet: _export_facet(model) for facet, model in facet_models().items()},
        "measures": export_measures(),
        "regions": [export_region(region) for region in Region.objects.order_by("code")],
        "entries": [export_entry(group, public=public) for group in groups],
    }


class _PublicTargets:
    """What a public export may point to: the exported (public) translations of entries, the
    only pages the format links to."""

    def __init__(self, groups: list[dict[str, EntryPage]]):
        self.entry_ids = {str(page.translation_key) for group in groups for page in group.values()}
        self.page_ids = {page.pk for group in groups for page in group.values()}

    def links(self, html: str) -> str:
        return portable_links(html, keep_page=lambda page: page.pk in self.page_ids)


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


def export_region(region: Region) -> dict:
    return {
        "code": region.code,
        "names": {language: getattr(region, f"name_{language}") for language in LANGUAGES},
        "language_status": region.language_status,
        "municipality_count": region.municipality_count,
        "bilingual_municipalities": region.bilingual_municipality_list,
        "swedish_only_municipalities": _names(region.swedish_only_municipalities),
    }


def _names(value: str) -> list[str]:
    return [name.strip() for name in value.split(";") if name.strip()]


def export_measures() -> list[dict]:
    """Every measure: its facts from the source-language row, its text in every language."""
    rows = list(Measure.objects.select_related("locale").prefetch_related("domains"))
    by_code: dict[str, dict[str, Measure]] = {}
    for row in rows:
        by_code.setdefault(row.code, {})[row.locale.language_code] = row
    measures = []
    for code in sorted(by_code):
        group = by_code[code]
        source = group.get(SOURCE_LANGUAGE) or next(iter(group.values()))
        measures.append(
            {
                "code": code,
                "abbreviation": source.abbreviation,
                "domains": [
                    domain.code
                    for domain in sorted(source.domains.all(), key=lambda d: (d.sort_order, d.code))
                ],
                "age_min": source.age_min,
                "age_max": source.age_max,
                "item_count": source.item_count,
                "minutes": source.minutes,
                "languages": source.languages_list,
                "free": source.free,
                "url": source.url,
                "references": source.references_list,
                "translations": {
                    lang: {
                        "name": group[lang].name,
                        "description": group[lang].description,
                        "respondents": group[lang].respondents,
                        "licence": group[lang].licence,
                    }
                    for lang in LANGUAGES
                    if lang in group
                },
            }
        )
    return measures


def entry_groups(*, public_only: bool = False) -> list[dict[str, EntryPage]]:
    """Entries grouped by stable id: [{language: specific page}], sorted by kind and source slug."""
    groups: dict[uuid.UUID, dict[str, EntryPage]] = {}
    for model in entry_models().values():
        pages = model.objects.select_related("locale")
        if public_only:
            pages = publicly_visible(pages)
        for page in pages:
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


def export_entry(group: dict[str, EntryPage], *, public: "_PublicTargets | None" = None) -> dict:
    """One entry in every language, as the file holds it (see schema.EntryRecord); with `public`,
    links and methods used only where they point to public content."""
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
        "studies": _export_studies(pages, source),
    }
    record["uses_methods"] = (
        [str(link.method.translation_key) for link in source.method_links.all()]
        if source.kind == "model"
        else []
    )
    record["not_known_in_finland"] = source.not_known_in_finland
    record["implementations"] = _export_implementations(source, pages)
    links = portable_links
    if public is not None:
        record["uses_methods"] = [key for key in record["uses_methods"] if key in public.entry_ids]
        links = public.links
    record["translations"] = {
        lang: _export_translation(group[lang], pages[lang], links)
        for lang in LANGUAGES
        if lang in pages
    }
    return record


def _export_implementations(source: EntryPage, pages: dict[str, EntryPage]) -> list[dict]:
    """Facts from the source language; organisation and description from every language."""
    translated = {
        lang: {str(item.translation_key): item for item in page.implementations.all()}
        for lang, page in pages.items()
    }
    found = []
    for item in source.implementations.all():
        key = str(item.translation_key)
        versions = {
            lang: translated[lang][key] for lang in LANGUAGES if key in translated.get(lang, {})
        }
        found.append(
            {
                "id": key,
                "operator_kind": item.operator_kind,
                "region": item.region.code if item.region_id else None,
                "service_area": item.service_area.code if item.service_area_id else None,
                "status": item.status,
                "since_year": item.since_year,
                "end_year": item.end_year,
                "service_languages": item.service_language_list,
                "contact_url": item.contact_url,
                "contact_email": item.contact_email,
                "source": item.source,
                "last_confirmed": _date(item.last_confirmed),
                "organisation": {lang: use.organisation for lang, use in versions.items()},
                "description": {lang: use.description for lang, use in versions.items()},
            }
        )
    return found


STUDY_TEXT_FIELDS = ("setting", "participants", "comparison", "findings")
OUTCOME_FIELDS = (
    "domain",
    "measure",
    "timepoint_months",
    "direction",
    "effect_size",
    "effect_kind",
    "ci_low",
    "ci_high",
)


def _export_studies(pages: dict[str, EntryPage], source: EntryPage) -> list[dict]:
    texts: dict[str, dict[str, dict]] = {}
    for lang in LANGUAGES:
        if lang in pages:
            for study in pages[lang].studies.all():
                texts.setdefault(str(study.translation_key), {})[lang] = {
                    field: getattr(study, field) for field in STUDY_TEXT_FIELDS
                }
    return [
        {
            "id": str(study.translation_key),
            "authors": study.authors,
            "year": study.year,
            "title": study.title,
            "journal": study.journal,
            "doi": study.doi,
            "url": study.url,
            "design": study.design,
            "country": study.country,
            "sample_size": study.sample_size,
            "follow_up_months": study.follow_up_months,
            "independent": study.independent,
            "outcomes": [
                {field: outcome.get(field) for field in OUTCOME_FIELDS}
                for outcome in (block["value"] for block in study.outcomes.raw_data)
            ],
            "translations": texts.get(str(study.translation_key), {}),
        }
        for study in source.studies.all()
    ]


def _export_translation(page: EntryPage, content: EntryPage, links=portable_links) -> dict:
    translation = {
        "slug": content.slug,
        "title": content.title,
        "live": page.live,
        "summary": content.summary,
        "alternative_names": content.alternative_names_list,
    }
    for field in RICH_TEXT_FIELD_NAMES[:-1]:
        translation[field] = links(getattr(content, field))
    for field in TRANSLATED_TEXT_FIELDS:
        translation[field] = getattr(content, field)
    translation["evidence_rationale"] = links(content.evidence_rationale)
    translation["evidence_justification"] = content.evidence_justification
    translation["body"] = [_export_block(block, links) for block in content.body.raw_data]
    return translation


def _export_block(block: dict, links=portable_links) -> dict:
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
        value = links(value)
    return {"type": block_type, "value": value}


def _date(value):
    return value.isoformat() if value else None
