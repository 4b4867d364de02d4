"""Template helpers for where an entry is used: its implementations grouped by county, the tile map."""

from django import template
from django.utils.translation import gettext as _

from methods.implementations import ImplementationStatus, OperatorKind, language_label
from methods.regions import TILE_ABBREVIATIONS, TILE_POSITIONS, Region, tile_order
from methods.report_form import ImplementationReportForm
from methods.taxonomy import facet_labels
from methods.vocabulary import language_codes

register = template.Library()


def tiles(regions, describe, url_of) -> list[dict]:
    """The squares of the tile map in reading order; `describe(region)` gives (marked, text)."""
    squares = []
    for region in sorted(regions, key=lambda region: tile_order(region.code)):
        column, row = TILE_POSITIONS[region.code]
        marked, text = describe(region)
        squares.append(
            {
                "code": region.code,
                "abbreviation": TILE_ABBREVIATIONS[region.code],
                "name": region.name(),
                "column": column,
                "row": row,
                "marked": marked,
                "text": text,
                "url": url_of(region),
            }
        )
    return squares


def implementation_view(implementation, labels) -> dict:
    return {
        "implementation": implementation,
        "operator": OperatorKind(implementation.operator_kind).label,
        "service_area": labels["service_areas"].get(implementation.service_area.code, "")
        if implementation.service_area_id
        else "",
        "languages": [language_label(code) for code in implementation.service_language_list],
        "language_codes": implementation.service_language_list,
        "ended": implementation.status == ImplementationStatus.ENDED,
    }


@register.simple_tag(takes_context=True)
def where_used(context, page):
    """{groups, tiles, nationwide, any} for the entry page's "Where it is used" section."""
    implementations = list(page.implementations.select_related("region", "service_area"))
    labels = facet_labels(page.locale)
    regions = list(Region.objects.all())
    index_url = page.get_parent().get_url(request=context.get("request"))
    nationwide = [item for item in implementations if item.is_nationwide]
    groups = []
    if nationwide:
        groups.append(
            {
                "region": None,
                "name": _("Nationwide"),
                "items": [implementation_view(item, labels) for item in nationwide],
            }
        )
    for region in regions:
        here = [item for item in implementations if item.region_id == region.pk]
        if here:
            groups.append(
                {
                    "region": region,
                    "name": region.name(),
                    "items": [implementation_view(item, labels) for item in here],
                }
            )

    def describe(region):
        current = [
            item
            for item in implementations
            if item.is_current and (item.region_id == region.pk or item.is_nationwide)
        ]
        if not current:
            return False, _("not known to be in use")
        languages = sorted(
            {code for item in current for code in item.service_language_list},
            key=lambda code: (code not in language_codes(), code),
        )
        if not languages:
            return True, _("in use, languages not recorded")
        return True, _("in use: %(languages)s") % {
            "languages": ", ".join(language_label(code) for code in languages)
        }

    return {
        "groups": groups,
        "tiles": tiles(regions, describe, lambda region: f"{index_url}regions/{region.code}/"),
        "nationwide": bool([item for item in nationwide if item.is_current]),
        "any": bool(implementations),
        "index_url": index_url,
    }


@register.simple_tag(takes_context=True)
def report_form_for(context, page):
    """The report form the view handed back (with its errors), or an empty one."""
    form = context.get("report_form")
    if form is None:
        form = ImplementationReportForm(locale=page.locale, auto_id="report-%s")
    return form
