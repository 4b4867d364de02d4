"""One serializer per resource: an entry in a list, an entry in full, taxonomies, the evidence scale.

Each takes model objects and a `Context` (what one request shares: language, base URLs, facet
labels), shapes them into the fields of the resource's schema (api/schemas.py) and returns the
validated schema, whose JSON is the answer. Lists cost a fixed number of queries whatever their
length. The draft preview is the full entry on a revision.
"""

from django.conf import settings
from django.core.cache import cache
from django.db.models import prefetch_related_objects
from django.urls import reverse
from django.utils import translation
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from wagtail.documents import get_document_model
from wagtail.models import Locale, Page, Site
from wagtail.rich_text.rewriters import LinkRewriter

from methods.evidence import (
    CRITERIA,
    DEFINITIONS,
    EffectDirection,
    EffectKind,
    EvidenceLevel,
    Registry,
    StudyDesign,
    level_code,
    scale,
    supported_level,
)
from methods.implementations import ImplementationStatus, OperatorKind
from methods.models import EntryPage, ModelPage
from methods.rating_history import rating_history
from methods.regions import REGIONS_CREDIT, Region, region_names
from methods.richtext import public_link_targets
from methods.studies import citation, country_name, measure_labels, measures_for, study_facts_of
from methods.taxonomy import facet_labels
from methods.translation_status import translation_statuses
from methods.visibility import publicly_visible
from methods.vocabulary import FACET_FIELDS, FACETS, Kind, entry_facet_codes, language_codes
from partners.feed import entry_api_path

from . import schemas

IMAGE_SIZES = {"small": "max-400x400", "medium": "max-800x800", "large": "max-1600x1600"}
# Evidence flags: {code: (field, label)}
FLAGS = {
    "no-effect-found": ("evidence_no_effect", _("No effect found")),
    "harmful-effects-found": ("evidence_harmful", _("Harmful effects found")),
}


class PublicUrls:
    """Public page URLs from url_path, the way Wagtail builds them, without a query per page."""

    def __init__(self):
        self.roots = []
        for root in Site.get_site_root_paths():
            with translation.override(root.language_code):
                prefix = root.root_url + reverse("wagtail_serve", args=("",))
            self.roots.append((root.language_code, root.root_path, prefix))

    def url(self, url_path: str, language: str) -> str | None:
        fallback = None
        for root_language, root_path, prefix in self.roots:
            if url_path.startswith(root_path):
                url = prefix + url_path[len(root_path) :]
                if root_language == language:
                    return url
                fallback = fallback or url
        return fallback


def absolute_page_url(url: str) -> str:
    """A page URL Wagtail gave relative (one site) on the site's address."""
    return url if "://" in url or not url else settings.SITE_URL + url


def facet_labels_for(language: str, version: str = "") -> dict[str, dict[str, str]]:
    """{facet: {code: label}} in `language`, and the regions' names under "regions"; kept in the
    cache for one content version (a renamed facet value or region moves it)."""

    def load():
        labels = facet_labels(Locale.objects.get(language_code=language))
        labels["regions"] = region_names(language)
        return labels

    if not version:
        return load()
    return cache.get_or_set(f"api:labels:{version}:{language}", load, timeout=3600)


class Context:
    """What serializing one response needs, fetched once."""

    def __init__(self, request, language: str, api_base: str | None = None):
        """`request` gives the API's address and the content version; without one (rendering a
        stored document), `api_base` stands for the address and the labels are read afresh."""
        self.language = language
        self.api_base = api_base or request.build_absolute_uri("/").rstrip("/")
        self.labels = facet_labels_for(language, getattr(request, "content_version", ""))
        self.urls = PublicUrls()

    def absolute(self, url: str) -> str:
        """A media or document URL on the site that serves it (storages may give absolute ones)."""
        return url if "://" in url else settings.SITE_URL + url

    def api_url(self, entry_id, language: str) -> str:
        return self.api_base + entry_api_path(entry_id, language)

    def measure_api_url(self, code: str) -> str:
        return (
            self.api_base
            + reverse("api-v1:measure_detail", args=(code,))
            + (f"?lang={self.language}")
        )


def facet_codes(pages) -> dict[int, dict[str, list[str]]]:
    """{page pk: {facet: [code, …]}} in display order; one small query per facet."""
    return entry_facet_codes([page.pk for page in pages])


def _facets(codes: dict[str, list[str]], context: Context) -> dict[str, list[dict]]:
    return {
        facet: [{"code": code, "label": context.labels[facet].get(code, code)} for code in values]
        for facet, values in codes.items()
    }


def _evidence(page) -> dict:
    level = page.evidence_level
    return {
        "level": level_code(level) if level is not None else None,
        "label": str(EvidenceLevel(level).label) if level is not None else None,
        "flags": [
            {"code": code, "label": str(label)}
            for code, (field, label) in FLAGS.items()
            if getattr(page, field)
        ],
    }


def _translations(pages, context: Context) -> dict:
    """{translation_key: [{lang, title, url, api_url}]} of the other public languages, one query."""
    keys = {page.translation_key for page in pages}
    languages = language_codes()
    rows = (
        publicly_visible(EntryPage.objects.filter(translation_key__in=keys))
        .exclude(locale__language_code=context.language)
        .values_list("translation_key", "locale__language_code", "title", "url_path")
    )
    rows = list(rows)
    statuses = _translation_statuses(keys) if rows else {}
    found: dict = {key: [] for key in keys}
    for key, language, title, url_path in sorted(rows, key=lambda r: languages.index(r[1])):
        state = statuses.get(key, {}).get(language)
        found[key].append(
            {
                "lang": language,
                "title": title,
                "url": context.urls.url(url_path, language),
                "api_url": context.api_url(key, language),
                "up_to_date": state.up_to_date if state is not None else True,
            }
        )
    return found


def _translation_statuses(keys) -> dict:
    """{translation_key: {language: TranslationState}}; a fixed number of queries."""
    sources = list(
        EntryPage.objects.filter(
            translation_key__in=keys, locale__language_code=settings.LANGUAGE_CODE
        ).only("id", "translation_key", "live", "last_published_at", "latest_revision_created_at")
    )
    states = translation_statuses(sources)
    return {source.translation_key: states[source.pk] for source in sources}


def entry_summaries(pages: list[EntryPage], context: Context) -> list[dict]:
    """Entries as a list shows them: everything a list needs, no body."""
    translations = _translations(pages, context)
    codes = facet_codes(pages)
    with translation.override(context.language):
        return [
            _summary(page, context, translations[page.translation_key], codes[page.pk])
            for page in pages
        ]


def _summary(page, context: Context, translations: list[dict], codes: dict) -> dict:
    return {
        "id": str(page.translation_key),
        "lang": context.language,
        "kind": page.kind,
        "slug": page.slug,
        "title": page.title,
        "alternative_names": page.alternative_names_list,
        "summary": page.summary,
        "age_min": page.age_min,
        "age_max": page.age_max,
        **_facets(codes, context),
        "evidence": _evidence(page),
        "updated_at": page.last_published_at,
        "url": context.urls.url(page.url_path, context.language),
        "api_url": context.api_url(page.translation_key, context.language),
        "translations": translations,
    }


# --- Full entry ---------------------------------------------------------------------------------


class RichTextResolver:
    """Database rich text to public HTML: internal links point to public and API URLs.

    Which targets are public is methods.richtext's answer, the same as the site's and API v2's:
    a link to a page that is not public loses its target, so that nothing private leaks.
    """

    def __init__(self, context: Context):
        self.context = context
        self.rewrite = LinkRewriter(
            bulk_rules={"page": self.page_links, "document": self.document_links}
        )

    def __call__(self, html: str) -> str:
        return self.rewrite(html or "")

    def page_links(self, attrs_list: list[dict]) -> list[str]:
        links = []
        for page in public_link_targets(attrs_list):
            if page is None:
                links.append("<a>")
                continue
            language = page.locale.language_code
            url = self.context.urls.url(page.url_path, language)
            if issubclass(page.specific_class or Page, EntryPage):
                api_url = self.context.api_url(page.translation_key, language)
                links.append(format_html('<a href="{}" data-api-url="{}">', url, api_url))
            else:
                links.append(format_html('<a href="{}">', url))
        return links

    def document_links(self, attrs_list: list[dict]) -> list[str]:
        ids = [_int(attrs.get("id")) for attrs in attrs_list]
        documents = get_document_model().objects.in_bulk([i for i in ids if i])
        return [
            format_html('<a href="{}">', self.context.absolute(documents[i].url))
            if i in documents
            else "<a>"
            for i in ids
        ]


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _image(image, context: Context) -> dict | None:
    if image is None:
        return None
    renditions = image.get_renditions(*IMAGE_SIZES.values())
    return {
        "id": image.pk,
        "title": image.title,
        "alt": image.default_alt_text,
        "width": image.width,
        "height": image.height,
        "renditions": {
            size: {
                "url": context.absolute(renditions[spec].url),
                "width": renditions[spec].width,
                "height": renditions[spec].height,
            }
            for size, spec in IMAGE_SIZES.items()
        },
    }


def _document(document, context: Context) -> dict | None:
    if document is None:
        return None
    return {
        "id": document.pk,
        "title": document.title,
        "url": context.absolute(document.url),
        "file_extension": document.file_extension,
    }


def body_blocks(body, context: Context, rich_text: RichTextResolver) -> list[dict]:
    """The StreamField body as typed JSON blocks."""
    blocks = []
    for block in body:
        kind, value = block.block_type, block.value
        if kind == "heading":
            data = {"text": value}
        elif kind == "paragraph":
            data = {"html": rich_text(value.source)}
        elif kind == "image":
            data = {"image": _image(value["image"], context), "caption": value["caption"]}
        elif kind == "document":
            data = {"document": _document(value["document"], context), "title": value["title"]}
        elif kind == "quote":
            data = {"quote": value["quote"], "attribution": value["attribution"]}
        elif kind == "embed":
            data = {"url": value.url if value else None}
        else:
            continue
        blocks.append({"type": kind, "id": block.id, "value": data})
    return blocks


def _entry_links(pages, context: Context) -> list[dict]:
    return [
        {
            "id": str(page.translation_key),
            "kind": Kind.of(type(page)),
            "slug": page.slug,
            "title": page.title,
            "url": context.urls.url(page.url_path, context.language),
            "api_url": context.api_url(page.translation_key, context.language),
        }
        for page in pages
    ]


def entry_detail(page: EntryPage, context: Context) -> schemas.EntryDetail:
    """Every structured field of one public entry, its body, relations, evidence and translations."""
    page = page.specific
    return schemas.EntryDetail.model_validate(
        _full_entry(page, context, facet_codes([page])[page.pk])
    )


def entry_preview(draft: EntryPage, context: Context, live: bool) -> schemas.EntryPreview:
    """The full entry as `draft` (a revision's content, not necessarily public) has it.

    Its facets come from the revision, not from the live page's links; everything it links to is
    resolved as in the public detail, so a draft shows nothing the public API would not.
    """
    codes = {
        facet: [
            value.code
            for value in sorted(getattr(draft, facet).all(), key=lambda v: (v.sort_order, v.code))
        ]
        for facet in FACET_FIELDS
    }
    return schemas.EntryPreview.model_validate(
        {**_full_entry(draft, context, codes), "preview": True, "live": live}
    )


def _full_entry(page: EntryPage, context: Context, codes: dict) -> dict:
    rich_text = RichTextResolver(context)
    translations = _translations([page], context)[page.translation_key]
    with translation.override(context.language):
        data = _summary(page, context, translations, codes)
        level = page.evidence_level
        studies = list(page.studies.all())
        data["evidence"].update(
            {
                "definition": str(DEFINITIONS[level]) if level is not None else None,
                "criteria": str(CRITERIA[level]) if level else None,
                "supported_level": level_code(supported_level(study_facts_of(studies))),
                "justification": page.evidence_justification,
                "rationale": rich_text(page.evidence_rationale),
                "last_reviewed": page.evidence_last_reviewed,
                "rating_history": [
                    {
                        "previous_level": _code(change.previous_level),
                        "new_level": _code(change.new_level),
                        "changed_at": change.changed_at,
                        "rationale": rich_text(change.rationale),
                    }
                    for change in rating_history(page)
                ],
            }
        )
        data.update(
            {
                "first_published_at": page.first_published_at,
                "aims": rich_text(page.aims),
                "target_group_description": rich_text(page.target_group_description),
                "delivery": {
                    "sessions_min": page.sessions_min,
                    "sessions_max": page.sessions_max,
                    "session_length_minutes": page.session_length_minutes,
                    "duration_weeks_min": page.duration_weeks_min,
                    "duration_weeks_max": page.duration_weeks_max,
                    "description": rich_text(page.delivery_description),
                },
                "delivered_by": rich_text(page.delivered_by),
                "training": rich_text(page.training),
                "training_available_in_finland": page.training_available_in_finland,
                "material_languages": page.material_languages_list,
                "cost": rich_text(page.cost),
                "licence": page.licence,
                "owner_organisation": page.owner_organisation,
                "owner_website": page.owner_website,
                "contact_email": page.contact_email,
                "body": body_blocks(page.body, context, rich_text),
                "uses_methods": _entry_links(
                    page.methods_used() if isinstance(page, ModelPage) else [], context
                ),
                "used_by_models": _entry_links(
                    page.models_using() if not isinstance(page, ModelPage) else [], context
                ),
                "references": [
                    {"citation": ref.citation, "year": ref.year, "doi": ref.doi, "url": ref.url}
                    for ref in page.references.all()
                ],
                "registry_ratings": [
                    {
                        "registry": rating.registry,
                        "registry_name": str(Registry(rating.registry).label),
                        "label": rating.label,
                        "rated_on": rating.rated_on,
                        "url": rating.url,
                    }
                    for rating in page.registry_ratings.all()
                ],
                "implementations": implementations(page.implementations.all(), context),
                "not_known_in_finland": page.not_known_in_finland,
                "studies": _studies(studies, context),
            }
        )
    return data


def _studies(studies, context: Context) -> list[dict]:
    measures = measure_labels(context.language)
    domains = context.labels["outcome_domains"]
    return [
        {
            "id": str(study.translation_key),
            "citation": citation(study),
            "authors": study.authors,
            "year": study.year,
            "title": study.title,
            "journal": study.journal,
            "doi": study.doi,
            "url": study.url,
            "design": {"code": study.design, "label": str(StudyDesign(study.design).label)},
            "country": {
                "code": study.country,
                "label": country_name(study.country, context.language),
            }
            if study.country
            else None,
            "setting": study.setting,
            "sample_size": study.sample_size,
            "participants": study.participants,
            "comparison": study.comparison,
            "follow_up_months": study.follow_up_months,
            "independent": study.independent,
            "findings": study.findings,
            "outcomes": [_outcome(o, domains, measures, context) for o in study.outcome_values],
        }
        for study in studies
    ]


def _choice(choices, code) -> dict | None:
    return {"code": code, "label": str(choices(code).label)} if code else None


def _outcome(outcome: dict, domains: dict, measures: dict, context: Context) -> dict:
    measure = measures.get(outcome.get("measure") or "")
    return {
        "domain": {"code": outcome["domain"], "label": domains.get(outcome["domain"], "")},
        "measure": {
            "code": measure.code,
            "abbreviation": measure.abbreviation,
            "name": measure.name,
            "api_url": context.measure_api_url(measure.code),
        }
        if measure
        else None,
        "timepoint_months": outcome.get("timepoint_months"),
        "direction": _choice(EffectDirection, outcome.get("direction")),
        "effect_size": outcome.get("effect_size"),
        "effect_kind": _choice(EffectKind, outcome.get("effect_kind")),
        "ci_low": outcome.get("ci_low"),
        "ci_high": outcome.get("ci_high"),
    }


# --- Measures -------------------------------------------------------------------------------------


def measures(context: Context, domains: tuple[str, ...] = (), code: str | None = None) -> list:
    """Measures in the context's language, each with the public entries whose studies used it;
    optionally only those covering any of `domains`, or the one with `code`."""
    catalogue = _catalogue_url(context)
    return [
        {
            "code": view.source.code,
            "lang": context.language,
            "abbreviation": view.source.abbreviation,
            "name": view.text.name,
            "description": view.text.description,
            "domains": [
                {
                    "code": domain.code,
                    "label": context.labels["outcome_domains"].get(domain.code, domain.name),
                }
                for domain in view.domains
            ],
            "respondents": view.text.respondents,
            "age_min": view.source.age_min,
            "age_max": view.source.age_max,
            "item_count": view.source.item_count,
            "minutes": view.source.minutes,
            "languages": view.source.languages_list,
            "free": view.source.free,
            "licence": view.text.licence,
            "url": view.source.url,
            "references": view.source.references_list,
            "url_on_site": f"{catalogue}measures/{view.source.code}/" if catalogue else None,
            "api_url": context.measure_api_url(view.source.code),
            "used_by": _entry_links(view.used_by, context),
        }
        for view in measures_for(context.language, domains=domains, code=code)
    ]


def _catalogue_url(context: Context) -> str | None:
    """The public address of the language's catalogue (where measure pages live): the parent of
    its entries."""
    entry = (
        EntryPage.objects.filter(locale__language_code=context.language).only("url_path").first()
    )
    if entry is None:
        return None
    return context.urls.url(entry.url_path.rstrip("/").rpartition("/")[0] + "/", context.language)


def _code(level: int | None) -> str | None:
    return None if level is None else level_code(level)


# --- Where entries are in use: implementations and regions ---------------------------------------


def region_api_url(code: str, context: Context) -> str:
    return f"{context.api_base}/api/v1/regions/{code}/?lang={context.language}"


def implementations(items, context: Context) -> list[dict]:
    """An entry's implementations as the detail and the region answers show them."""
    items = list(items)
    prefetch_related_objects(items, "region", "service_area")
    return [
        {
            "id": str(item.translation_key),
            "operator_kind": item.operator_kind,
            "operator_label": str(OperatorKind(item.operator_kind).label),
            "organisation": item.organisation,
            "region": {
                "code": item.region.code,
                "name": item.region.name(context.language),
                "api_url": region_api_url(item.region.code, context),
            }
            if item.region_id
            else None,
            "service_area": {
                "code": item.service_area.code,
                "label": context.labels["service_areas"].get(
                    item.service_area.code, item.service_area.name
                ),
            }
            if item.service_area_id
            else None,
            "status": item.status,
            "status_label": str(ImplementationStatus(item.status).label),
            "since_year": item.since_year,
            "end_year": item.end_year,
            "service_languages": item.service_language_list,
            "contact_url": item.contact_url,
            "contact_email": item.contact_email,
            "source": item.source,
            "last_confirmed": item.last_confirmed,
            "description": item.description,
        }
        for item in items
    ]


def _index_url(context: Context) -> str | None:
    """The public URL of the catalogue in the answer's language (named, not imported: a layer up)."""
    index = (
        publicly_visible(
            Page.objects.filter(
                content_type__app_label="catalogue",
                content_type__model="methodindexpage",
                locale__language_code=context.language,
            )
        )
        .only("url_path")
        .first()
    )
    return context.urls.url(index.url_path, context.language) if index else None


def region(item: Region, context: Context, in_use: dict, in_swedish: dict, index_url) -> dict:
    return {
        "code": item.code,
        "name": item.name(context.language),
        "names": {language: item.name(language) for language in language_codes()},
        "language_status": item.language_status,
        "municipality_count": item.municipality_count,
        "entries_in_use": in_use.get(item.code, 0),
        "entries_in_swedish": in_swedish.get(item.code, 0),
        "url": f"{index_url}regions/{item.code}/" if index_url else None,
        "api_url": region_api_url(item.code, context),
    }


def regions(items, context: Context, in_use: dict, in_swedish: dict) -> schemas.RegionList:
    index_url = _index_url(context)
    with translation.override(context.language):
        return schemas.RegionList.model_validate(
            {
                "lang": context.language,
                "credit": str(REGIONS_CREDIT),
                "regions": [region(item, context, in_use, in_swedish, index_url) for item in items],
            }
        )


def region_detail(
    item: Region, entries, context: Context, in_use, in_swedish
) -> schemas.RegionDetail:
    """One region and the entries in use there now, with their implementations there."""
    index_url = _index_url(context)
    with translation.override(context.language):
        listed = []
        for page in entries:
            here = [
                use
                for use in page.implementations.all()
                if use.is_current and (use.is_nationwide or use.region_id == item.pk)
            ]
            languages = sorted({code for use in here for code in use.service_language_list})
            listed.append(
                {
                    **_entry_links([page.specific], context)[0],
                    "service_languages": languages,
                    "implementations": implementations(here, context),
                }
            )
        return schemas.RegionDetail.model_validate(
            {
                "lang": context.language,
                "region": region(item, context, in_use, in_swedish, index_url),
                "count": len(listed),
                "entries": listed,
                "credit": str(REGIONS_CREDIT),
            }
        )


# --- Taxonomies and the evidence scale -----------------------------------------------------------


def kind_labels() -> dict[str, str]:
    return {kind.value: str(capfirst(kind.page_model._meta.verbose_name)) for kind in Kind}


def ordered_facet_values(labels: dict[str, dict[str, str]]) -> dict[str, list[dict]]:
    """{facet: [{code, label}]} in display order (the source language's sort order)."""
    values = {}
    for facet in FACETS:
        codes = (
            facet.model.objects.filter(locale__language_code=settings.LANGUAGE_CODE)
            .order_by("sort_order", "code")
            .values_list("code", flat=True)
        )
        values[facet.field] = [
            {"code": code, "label": labels[facet.field].get(code, code)} for code in codes
        ]
    return values


def taxonomies(context: Context) -> schemas.Taxonomies:
    with translation.override(context.language):
        values = ordered_facet_values(context.labels)
        facets = [
            {
                "name": facet.field,
                "parameter": facet.parameter,
                "label": str(capfirst(facet.label_plural)),
                "values": values[facet.field],
            }
            for facet in FACETS
        ]
        facets.append(
            {
                "name": "kind",
                "parameter": "kind",
                "label": str(capfirst(_("kind"))),
                "values": [{"code": k, "label": label} for k, label in kind_labels().items()],
            }
        )
    return schemas.Taxonomies.model_validate({"lang": context.language, "facets": facets})


def evidence_levels(language: str) -> schemas.EvidenceLevels:
    with translation.override(language):
        return schemas.EvidenceLevels.model_validate(
            {
                "lang": language,
                "levels": [
                    {
                        "code": item.code,
                        "label": str(item.label),
                        "definition": str(item.definition),
                        "criteria": str(CRITERIA[item.level]),
                    }
                    for item in scale()
                ],
                "flags": [
                    {"code": code, "label": str(label)} for code, (_f, label) in FLAGS.items()
                ],
            }
        )
