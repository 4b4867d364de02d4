"""Template helpers for showing entries: facet labels and the evidence badge in the page's language."""

from django import template

from methods.evidence import DEFINITIONS, EvidenceLevel, level_code, scale
from methods.taxonomy import entry_facets

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
