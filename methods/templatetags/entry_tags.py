"""Template helpers for showing entries: facet labels and the evidence badge in the page's language."""

from urllib.parse import urlencode

from django import template

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
