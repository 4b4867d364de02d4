"""Template helpers for showing entries: facet labels and the evidence badge in the page's language."""

import datetime
import re
from urllib.parse import urlencode

from django import template
from django.conf import settings
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.html import strip_tags
from django.utils.translation import gettext as _

from methods.evidence import CRITERIA, DEFINITIONS, EvidenceLevel, level_code, scale
from methods.forest import forest_plots
from methods.registries import explain
from methods.studies import present_studies
from methods.taxonomy import entry_facets, facet_labels


def outcome_domain_labels(locale) -> dict[str, str]:
    return facet_labels(locale)["outcome_domains"]


register = template.Library()


@register.simple_tag
def facets_of(page):
    return entry_facets(page)


@register.inclusion_tag("methods/includes/evidence_badge.html")
def evidence_badge(page):
    level = page.evidence_level
    return {
        "rated": level is not None,
        "level": level,
        "scale": scale(),
        "code": level_code(level) if level is not None else "",
        "label": EvidenceLevel(level).label if level is not None else "",
        "definition": DEFINITIONS[level] if level is not None else "",
    }


# Dates written out, as each language writes them: "6. joulukuuta 2025", "6 december 2025",
# "6 December 2025" (never 06/12/2025, which readers take for June or December).
LONG_DATE_FORMATS = {"fi": "j. E Y", "sv": "j F Y", "en": "j F Y"}
# Languages whose names are written in lower case inside a sentence.
LOWER_CASE_NAMES = {"fi", "sv"}


@register.filter
def long_date(value) -> str:
    """A date (or the local date of a datetime) written out in the active language."""
    if not value:
        return ""
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value).date()
    language = (translation.get_language() or settings.LANGUAGE_CODE)[:2]
    return date_format(value, LONG_DATE_FORMATS.get(language, "j F Y"))


@register.filter
def language_names(codes: str) -> str:
    """ "fi, sv, en" as the names of those languages in the active language; unknown codes stay."""
    active = (translation.get_language() or settings.LANGUAGE_CODE)[:2]
    names = []
    for code in re.split(r"[\s,;]+", codes or ""):
        if not code:
            continue
        try:
            name = str(translation.get_language_info(code.lower())["name_translated"])
        except KeyError:
            name = code
        names.append(name.lower() if active in LOWER_CASE_NAMES and name != code else name)
    return ", ".join(names)


def _has_text(html) -> bool:
    return bool(strip_tags(str(html or "")).strip())


@register.simple_tag
def entry_sections(page, facets) -> dict:
    """Which sections of an entry have something to show; readers see only those, and the
    editor's preview lists the others."""
    sections = {
        "aims": _has_text(page.aims),
        "target_group": bool(
            facets["target_groups"]
            or page.age_min is not None
            or page.age_max is not None
            or _has_text(page.target_group_description)
        ),
        "delivery": bool(
            facets["delivery_formats"]
            or page.sessions_min
            or page.session_length_minutes
            or page.duration_weeks_min
            or _has_text(page.delivery_description)
        ),
        "training": bool(
            _has_text(page.delivered_by)
            or _has_text(page.training)
            or page.training_available_in_finland is not None
            or (page.material_languages or "").strip()
        ),
        "cost": bool(_has_text(page.cost) or page.licence),
        "owner": bool(page.owner_organisation or page.owner_website or page.contact_email),
        "description": bool(len(page.body)),
        "related": bool(page.methods_used() if page.kind == "model" else page.models_using()),
        "classification": bool(facets["service_areas"] or facets["topics"]),
    }
    labels = {
        "aims": _("Aims"),
        "target_group": _("Target group"),
        "delivery": _("Delivery"),
        "training": _("Who delivers it and training"),
        "cost": _("Cost and licence"),
        "owner": _("Owner and contact"),
        "description": _("Description"),
        "related": _("Methods used in this model")
        if page.kind == "model"
        else _("Service models that use this method"),
        "classification": _("Service areas and topics"),
    }
    sections["missing"] = [labels[name] for name, shown in sections.items() if not shown]
    return sections


@register.simple_tag
def studies_of(page, facets):
    """The entry's studies for its page: labels in the page's language."""
    domains = {value["code"]: value["label"] for value in facets.get("outcome_domains", [])}
    domains = {**outcome_domain_labels(page.locale), **domains}
    studies = present_studies(page.studies.all(), page.locale.language_code, domains)
    catalogue_url = page.get_parent().url or ""
    for study in studies:
        for outcome in study["outcomes"]:
            if outcome["measure"] and catalogue_url:
                outcome["measure_url"] = f"{catalogue_url}measures/{outcome['measure'].code}/"
    return studies


@register.simple_tag
def level_criteria(page):
    """The scale's criteria for the entry's level, shown beside the rating."""
    level = page.evidence_level
    return CRITERIA.get(level, "") if level else ""


@register.simple_tag
def registry_ratings_of(page):
    """Other registries' ratings, each with what its label means in the page's language."""
    return [
        {"rating": rating, "explanation": explain(rating.registry, rating.label)}
        for rating in page.registry_ratings.all()
    ]


@register.simple_tag
def forest_plots_of(studies):
    return forest_plots(studies)


@register.simple_tag
def compare_query(page, request):
    """The catalogue's query that adds this entry to the entries already chosen for comparison."""
    chosen = [value for value in request.GET.getlist("compare") if value][:3]
    ids = list(dict.fromkeys([*chosen, str(page.translation_key)]))
    return urlencode([("compare", value) for value in ids])
