"""Facet values in a given language. Entries link to source-language rows; labels follow by code."""

from wagtail.models import Locale

from .vocabulary import FACET_FIELDS, FACETS


def facet_labels(locale: Locale) -> dict[str, dict[str, str]]:
    """{facet: {code: label}} in `locale`, falling back to the source language for missing rows."""
    labels: dict[str, dict[str, str]] = {}
    locales = [locale, Locale.get_default()]  # a query: once, not once per facet
    for spec in FACETS:
        rows = spec.model.objects.filter(locale__in=locales).values_list(
            "code", "name", "locale_id"
        )
        by_code: dict[str, str] = {}
        for code, name, locale_id in rows:
            if locale_id == locale.pk or code not in by_code:
                by_code[code] = name
        labels[spec.field] = by_code
    return labels


def entry_facets(page, labels=None) -> dict[str, list[dict[str, str]]]:
    """{facet: [{code, label}, …]} for one entry, in display order, labels in the entry's language."""
    labels = labels or facet_labels(page.locale)
    return {
        facet: [
            {"code": row.code, "label": labels[facet].get(row.code, row.name)}
            for row in getattr(page, facet).all()
        ]
        for facet in FACET_FIELDS
    }
