"""Import of a file written by export_library(): the whole file is checked first, then written in
one transaction, so a bad file leaves the database exactly as it was. A file of an older version
of the format imports too; what that version did not hold (regions, implementations) is left as
the database has it.

The importer does not know the site's page tree: its caller says under which page each language's
new entries go (`parents`).
"""

import datetime
import functools
import json
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pydantic
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import override
from wagtail.documents import get_document_model
from wagtail.embeds.blocks import EmbedValue
from wagtail.images import get_image_model
from wagtail.models import Locale, Page
from wagtail.rich_text import RichText

from ..evidence import level_from_code
from ..models import (
    RICH_TEXT_FIELD_NAMES,
    EntryPage,
    Implementation,
    Measure,
    MethodPage,
    ModelMethod,
    OutcomeDomain,
    Reference,
    Region,
    RegistryRating,
    ServiceArea,
    Study,
)
from ..vocabulary import facet_models
from . import rules
from .errors import ExchangeError, exchange_error, from_validation_error, library_labels
from .export import (
    SHARED_INTEGER_FIELDS,
    TRANSLATED_TEXT_FIELDS,
    entry_groups,
    entry_models,
    export_entry,
)
from .links import UnresolvedLink, database_links
from .schema import (
    LANGUAGES,
    MAX_FILE_BYTES,
    SOURCE_LANGUAGE,
    VERSION_2_EVIDENCE_FIELDS,
    VERSION_2_FIELDS,
    VERSION_2_TRANSLATION_FIELDS,
    EntryRecord,
    FacetValue,
    ImplementationRecord,
    Known,
    Library,
    RegionRecord,
    StudyText,
    Translation,
)
from .schema import Measure as MeasureRecord

Parents = Callable[[str], Page]


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    facets_created: int = 0
    regions_changed: int = 0


def load_file(path: str | Path, *, language: str = "en"):
    """Read and parse a JSON file of at most MAX_FILE_BYTES, naming the file on failure."""
    path = Path(path)
    name = path.name
    with override(language):
        try:
            size = path.stat().st_size
            if size > MAX_FILE_BYTES:
                raise ExchangeError(
                    _("{file}: is {size} MB; at most {limit} MB allowed").format(
                        file=name, size=round(size / 2**20, 1), limit=MAX_FILE_BYTES // 2**20
                    )
                )
            raw = path.read_bytes()
        except FileNotFoundError:
            raise ExchangeError(_("{file}: no such file").format(file=path)) from None
        except OSError as error:
            raise ExchangeError(
                _("{file}: cannot be read ({reason})").format(file=path, reason=error.strerror)
            ) from None
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as error:
            raise ExchangeError(
                _("{file}: not UTF-8 text ({reason} at byte {position})").format(
                    file=name, reason=error.reason, position=error.start
                )
            ) from None
        del raw
        try:
            return json.loads(text)
        except json.JSONDecodeError as error:
            raise ExchangeError(
                _("{file}: not valid JSON: {reason} at line {line} column {column}").format(
                    file=name, reason=error.msg, line=error.lineno, column=error.colno
                )
            ) from None
        except (ValueError, RecursionError) as error:  # a 5,000-digit number, 10,000 nested lists
            raise ExchangeError(
                _("{file}: not valid JSON: {reason}").format(file=name, reason=error)
            ) from None


def validate(data, file_name: str, *, language: str = "en") -> Library:
    """Check the whole document; return it as a Library or raise ExchangeError naming every
    problem (file, record, field), in `language`."""
    with override(language):
        known = _known(data)
        try:
            library = Library.model_validate(data, context=known)
        except pydantic.ValidationError as error:
            raise from_validation_error(file_name, data, error) from None
        problems = list(
            rules.problems(library, _existing_kinds(), _published_ratings(), _study_owners())
        )
        if problems:
            raise exchange_error(file_name, library_labels(library), problems)
    return library


def _known(data) -> Known:
    """What the database holds, and what the file adds (read leniently: its shape is checked after)."""
    codes = {
        facet: set(model.objects.values_list("code", flat=True).distinct())
        for facet, model in facet_models().items()
    }
    link_targets = {
        f"{key}/{language}"
        for key, language in Page.objects.values_list("translation_key", "locale__language_code")
    }
    method_ids = {str(key) for key in MethodPage.objects.values_list("translation_key", flat=True)}
    region_codes = set(Region.objects.values_list("code", flat=True))
    regions = data.get("regions") if isinstance(data, dict) else None
    for value in regions if isinstance(regions, list) else []:
        if isinstance(value, dict) and isinstance(value.get("code"), str):
            region_codes.add(value["code"])
    measure_codes = set(Measure.objects.values_list("code", flat=True))
    measures = data.get("measures") if isinstance(data, dict) else None
    for value in measures if isinstance(measures, list) else []:
        if isinstance(value, dict) and isinstance(value.get("code"), str):
            measure_codes.add(value["code"])
    taxonomies = data.get("taxonomies") if isinstance(data, dict) else None
    for facet, values in (taxonomies if isinstance(taxonomies, dict) else {}).items():
        if facet in codes and isinstance(values, list):
            codes[facet] |= {
                v["code"] for v in values if isinstance(v, dict) and isinstance(v.get("code"), str)
            }
    entries = data.get("entries") if isinstance(data, dict) else None
    for record in entries if isinstance(entries, list) else []:
        if not isinstance(record, dict) or not isinstance(record.get("id"), str):
            continue
        try:
            entry_id = str(uuid.UUID(record["id"]))
        except ValueError:
            continue
        if record.get("kind") == "method":
            method_ids.add(entry_id)
        translations = record.get("translations")
        for language in translations if isinstance(translations, dict) else ():
            link_targets.add(f"{entry_id}/{language}")

    @functools.cache
    def image_exists(name: str) -> bool:
        return get_image_model().objects.filter(file=name).exists()

    @functools.cache
    def document_exists(name: str) -> bool:
        return get_document_model().objects.filter(file=name).exists()

    return Known(
        codes,
        link_targets,
        method_ids,
        image_exists,
        document_exists,
        measure_codes=measure_codes,
        region_codes=region_codes,
    )


def _published_ratings() -> dict[str, tuple]:
    """{entry id: (level, last reviewed)} of public source-language entries."""
    return {
        str(key): (level, reviewed)
        for key, level, reviewed in EntryPage.objects.filter(
            live=True, locale__language_code=SOURCE_LANGUAGE
        ).values_list("translation_key", "evidence_level", "evidence_last_reviewed")
    }


def _study_owners() -> dict[str, str]:
    return {
        str(key): str(entry)
        for key, entry in Study.objects.values_list("translation_key", "page__translation_key")
    }


def _existing_kinds() -> dict[str, str]:
    return {
        str(key): kind
        for kind, model in entry_models().items()
        for key in model.objects.values_list("translation_key", flat=True)
    }


def import_library(
    data, file_name: str, *, parents: Parents, progress=None, language: str = "en"
) -> ImportResult:
    """Validate everything, then create or update facets and entries in one transaction.

    `data` is parsed JSON or a Library from validate(); `parents(language)` is the page new
    entries of that language go under.
    """
    library = data if isinstance(data, Library) else validate(data, file_name, language=language)
    result = ImportResult()
    with override(language), transaction.atomic():
        locales = {lang: Locale.objects.get(language_code=lang) for lang in LANGUAGES}
        for facet, model in facet_models().items():
            values = getattr(library.taxonomies, facet)
            result.facets_created += _import_facet(model, values, locales)
        for position, measure in enumerate(library.measures):
            _import_measure(measure, position, locales)
        result.regions_changed = _import_regions(library.regions)
        existing = {
            str(group.get(SOURCE_LANGUAGE, next(iter(group.values()))).translation_key): group
            for group in entry_groups()
        }
        # methods first, so that a model's list of methods finds them
        ordered = sorted(enumerate(library.entries), key=lambda item: item[1].kind != "method")
        second_pass = []
        for number, (index, record) in enumerate(ordered, start=1):
            if progress:
                progress(number, len(ordered), record.translations[SOURCE_LANGUAGE].slug)
            group = existing.get(record.id)
            if group and _unchanged(record, group):
                result.unchanged += 1
                continue
            writer = _Writer(
                record, locales, parents, where=(file_name, library_labels(library), index)
            )
            if not writer.write(group or {}):
                second_pass.append(writer)
            if group:
                result.updated += 1
            else:
                result.created += 1
        for writer in second_pass:
            group = {
                page.locale.language_code: page
                for model in entry_models().values()
                for page in model.objects.filter(translation_key=writer.record.id).select_related(
                    "locale"
                )
            }
            writer.write(group, first_pass=False)
    return result


def _import_facet(model, values: list[FacetValue], locales) -> int:
    created = 0
    for position, value in enumerate(values):
        source = model.objects.filter(code=value.code, locale=locales[SOURCE_LANGUAGE]).first()
        key = source.translation_key if source else uuid.uuid4()
        for lang, label in value.labels.items():
            row = model.objects.filter(code=value.code, locale=locales[lang]).first()
            if row is None:
                model.objects.create(
                    code=value.code,
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


def _import_regions(regions: list[RegionRecord]) -> int:
    """Create or update the regions the file lists; returns how many changed."""
    changed = 0
    for record in regions:
        values = {
            **{f"name_{lang}": name for lang, name in record.names.items()},
            "language_status": record.language_status,
            "municipality_count": record.municipality_count,
            "bilingual_municipalities": "; ".join(record.bilingual_municipalities),
            "swedish_only_municipalities": "; ".join(record.swedish_only_municipalities),
        }
        region = Region.objects.filter(code=record.code).first() or Region(code=record.code)
        if region.pk and all(getattr(region, name) == value for name, value in values.items()):
            continue
        for name, value in values.items():
            setattr(region, name, value)
        region.save()
        changed += 1
    return changed


def _unchanged(record: EntryRecord, group: dict[str, EntryPage]) -> bool:
    """Whether the entry in the database is already what the record says (the fields an older
    version of the format does not hold are left out of the comparison)."""
    exported, given = export_entry(group), _as_exported(record)
    for name in VERSION_2_FIELDS:
        if name not in record.model_fields_set:
            exported.pop(name, None)
            given.pop(name, None)
    for name in VERSION_2_EVIDENCE_FIELDS:
        if name not in record.evidence.model_fields_set:
            exported["evidence"].pop(name, None)
            given["evidence"].pop(name, None)
    for lang, translation in record.translations.items():
        for name in VERSION_2_TRANSLATION_FIELDS:
            if name not in translation.model_fields_set:
                exported["translations"].get(lang, {}).pop(name, None)
                given["translations"].get(lang, {}).pop(name, None)
    return exported == given


def _import_measure(record: MeasureRecord, position: int, locales) -> None:
    """Creates or updates the measure in every language of the record; facts on every row."""
    source = Measure.objects.filter(code=record.code, locale=locales[SOURCE_LANGUAGE]).first()
    key = source.translation_key if source else uuid.uuid4()
    domains = list(
        OutcomeDomain.objects.filter(code__in=record.domains, locale=locales[SOURCE_LANGUAGE])
    )
    for lang, text in record.translations.items():
        row = Measure.objects.filter(code=record.code, locale=locales[lang]).first() or Measure(
            code=record.code, locale=locales[lang], translation_key=key
        )
        values = {
            "abbreviation": record.abbreviation,
            "name": text.name,
            "description": text.description,
            "respondents": text.respondents,
            "licence": text.licence,
            "age_min": record.age_min,
            "age_max": record.age_max,
            "item_count": record.item_count,
            "minutes": record.minutes,
            "languages": ", ".join(record.languages),
            "free": record.free,
            "url": record.url,
            "references": "\n".join(record.references),
        }
        same_domains = row.pk and {d.pk for d in row.domains.all()} == {d.pk for d in domains}
        if row.pk and same_domains and all(getattr(row, k) == v for k, v in values.items()):
            continue  # unchanged: no save, so no event for the entries that use it
        for name, value in values.items():
            setattr(row, name, value)
        row.save()
        row.domains.set(domains)
        row.save()


def _as_exported(record: EntryRecord) -> dict:
    """The record as export_entry() would write it, to tell whether an import changes anything."""
    data = record.model_dump()
    for facet, model in facet_models().items():
        order = {
            code: position
            for position, code in enumerate(
                model.objects.filter(locale__language_code=SOURCE_LANGUAGE)
                .order_by("sort_order", "code")
                .values_list("code", flat=True)
            )
        }
        data[facet] = sorted(data[facet], key=lambda code: order.get(code, 0))
    languages = [lang for lang in LANGUAGES if lang in record.translations]
    for implementation, written in zip(
        record.implementations, data["implementations"], strict=True
    ):
        texts = {lang: _implementation_texts(implementation, lang) for lang in languages}
        written["organisation"] = {lang: texts[lang][0] for lang in languages}
        written["description"] = {lang: texts[lang][1] for lang in languages}
    return data


def _implementation_texts(record: ImplementationRecord, lang: str) -> tuple[str, str]:
    """(organisation, description) in one language: a name not translated is the source's."""
    organisation = record.organisation.get(lang, record.organisation.get(SOURCE_LANGUAGE, ""))
    return organisation, record.description.get(lang, "")


class _Writer:
    """Creates or updates every translation of one entry."""

    def __init__(self, record: EntryRecord, locales, parents: Parents, where):
        self.record, self.locales, self.parents, self.where = record, locales, parents, where

    def write(self, group: dict[str, EntryPage], *, first_pass: bool = True) -> bool:
        """False when some internal link points at an entry written later in the same import,
        so the caller writes this entry once more at the end."""
        self.deferred = False
        self.first_pass = first_pass
        for lang in LANGUAGES:
            translation = self.record.translations.get(lang)
            if translation is not None:
                try:
                    group[lang] = self._write_translation(group.get(lang), lang, translation)
                except DjangoValidationError as error:
                    raise self._error(lang, error) from None
        return not self.deferred

    def _links(self, html: str) -> str:
        try:
            return database_links(html)
        except UnresolvedLink:
            if not self.first_pass:
                raise
            self.deferred = True
            return database_links(html, lenient=True)

    def _studies(self, lang: str) -> list[Study]:
        """The record's studies as rows of the translation in `lang`."""
        return [
            Study(
                locale=self.locales[lang],
                translation_key=study.id,
                sort_order=position,
                authors=study.authors,
                year=study.year,
                title=study.title,
                journal=study.journal,
                doi=study.doi,
                url=study.url,
                design=study.design,
                country=study.country,
                sample_size=study.sample_size,
                follow_up_months=study.follow_up_months,
                independent=study.independent,
                outcomes=[("outcome", outcome.model_dump()) for outcome in study.outcomes],
                **(study.translations.get(lang) or StudyText()).model_dump(),
            )
            for position, study in enumerate(self.record.evidence.studies)
        ]

    def _write_translation(self, page, lang: str, translation: Translation) -> EntryPage:
        record, locales = self.record, self.locales
        evidence = record.evidence
        is_new = page is None
        if is_new:
            page = entry_models()[record.kind](locale=locales[lang], translation_key=record.id)
        page.title = translation.title
        page.slug = translation.slug
        page.summary = translation.summary
        page.alternative_names = "\n".join(translation.alternative_names)
        for name in RICH_TEXT_FIELD_NAMES:
            setattr(page, name, self._links(getattr(translation, name)))
        for name in TRANSLATED_TEXT_FIELDS:
            setattr(page, name, getattr(translation, name))
        page.body = self._body(translation)
        page.age_min, page.age_max = record.age_min, record.age_max
        for field in SHARED_INTEGER_FIELDS:
            setattr(page, field, getattr(record, field))
        page.training_available_in_finland = record.training_available_in_finland
        page.material_languages = ", ".join(record.material_languages)
        page.owner_website = record.owner_website
        page.contact_email = record.contact_email
        page.evidence_level = level_from_code(evidence.level) if evidence.level else None
        page.evidence_no_effect = evidence.no_effect_found
        page.evidence_harmful = evidence.harmful_effects_found
        page.evidence_last_reviewed = _date(evidence.last_reviewed)
        for facet, model in facet_models().items():
            if facet in VERSION_2_FIELDS and facet not in record.model_fields_set:
                continue
            setattr(
                page,
                facet,
                list(
                    model.objects.filter(
                        code__in=getattr(record, facet), locale=locales[SOURCE_LANGUAGE]
                    )
                ),
            )
        page.references = [
            Reference(
                citation=ref.citation, year=ref.year, doi=ref.doi, url=ref.url, sort_order=position
            )
            for position, ref in enumerate(evidence.references)
        ]
        if "evidence_justification" in translation.model_fields_set:
            page.evidence_justification = translation.evidence_justification
        if "studies" in evidence.model_fields_set:
            page.studies = self._studies(lang)
        page.registry_ratings = [
            RegistryRating(
                registry=rating.registry,
                label=rating.label,
                rated_on=_date(rating.rated_on),
                url=rating.url,
                sort_order=position,
            )
            for position, rating in enumerate(evidence.registry_ratings)
        ]
        if "implementations" in record.model_fields_set:
            page.implementations = self._implementations(page, lang)
        if "not_known_in_finland" in record.model_fields_set:
            page.not_known_in_finland = record.not_known_in_finland
        if record.kind == "model":
            methods = {
                str(method.translation_key): method
                for method in MethodPage.objects.filter(
                    locale=locales[SOURCE_LANGUAGE], translation_key__in=record.uses_methods
                )
            }
            page.method_links = [
                ModelMethod(method=methods[method_id], sort_order=position)
                for position, method_id in enumerate(record.uses_methods)
                if method_id in methods
            ]
        if is_new:
            page.live = False
            self.parents(lang).add_child(instance=page)
        else:
            if page.live and not translation.live:
                page.unpublish()
            if not page.live:
                page.save()  # as Wagtail's editor does: a draft's row holds its latest content
        revision = page.save_revision(clean=True)
        if translation.live:
            revision.publish()
        return page

    def _implementations(self, page: EntryPage, lang: str) -> list[Implementation]:
        """The record's implementations for one translation; rows already there (by id) are
        kept and updated."""
        existing = {str(item.translation_key): item for item in page.implementations.all()}
        items = []
        for position, record in enumerate(self.record.implementations):
            item = existing.get(record.id) or Implementation(
                translation_key=record.id, locale=self.locales[lang]
            )
            for name, value in self._implementation_values(record, lang).items():
                setattr(item, name, value)
            item.sort_order = position
            items.append(item)
        return items

    def _implementation_values(self, record: ImplementationRecord, lang: str) -> dict:
        organisation, description = _implementation_texts(record, lang)
        return {
            "operator_kind": record.operator_kind,
            "region": Region.objects.get(code=record.region) if record.region else None,
            "service_area": ServiceArea.objects.get(
                code=record.service_area, locale=self.locales[SOURCE_LANGUAGE]
            )
            if record.service_area
            else None,
            "status": record.status,
            "since_year": record.since_year,
            "end_year": record.end_year,
            "service_languages": ", ".join(record.service_languages),
            "contact_url": record.contact_url,
            "contact_email": record.contact_email,
            "source": record.source,
            "last_confirmed": _date(record.last_confirmed),
            "organisation": organisation,
            "description": description,
        }

    def _body(self, translation: Translation) -> list[tuple[str, object]]:
        stream = []
        for block in translation.body:
            value = block.value
            if block.type == "image":
                image = get_image_model().objects.get(file=value.image)
                value = {"image": image, "caption": value.caption}
            elif block.type == "document":
                document = get_document_model().objects.get(file=value.document)
                value = {"document": document, "title": value.title}
            elif block.type == "quote":
                value = value.model_dump()
            elif block.type == "embed":
                value = EmbedValue(value)
            elif block.type == "paragraph":
                value = RichText(self._links(value))
            stream.append((block.type, value))
        return stream

    def _error(self, lang: str, error: DjangoValidationError) -> ExchangeError:
        """The database's own checks (a slug taken by a page outside the file, say), named as
        the file names the field."""
        file_name, labels, index = self.where
        fields = getattr(error, "message_dict", {"": error.messages})
        problems = []
        for name, messages in fields.items():
            if name in Translation.model_fields:
                where = ("entries", index, "translations", lang, name)
            elif name in EntryRecord.model_fields:
                where = ("entries", index, name)
            else:
                where = ("entries", index)
            problems.append((where, " ".join(messages)))
        return exchange_error(file_name, labels, problems)


def _date(value: str | None) -> datetime.date | None:
    return datetime.date.fromisoformat(value) if value else None
