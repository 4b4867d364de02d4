"""Facet values in a given language. Entries link to source-language rows; labels follow by code."""

import threading

from wagtail.models import Locale

from .content_version import current_version
from .vocabulary import FACET_FIELDS, FACETS


def facet_labels(locale: Locale) -> dict[str, dict[str, str]]:
    """{facet: {code: label}} in `locale`, falling back to the source language for missing rows.

    Read once per content version and locale in a process: a change to a facet value moves the
    content version (methods.events), and a page shows labels from several places."""
    version = current_version()
    with _kept_lock:
        if _kept.get("version") != version:
            _kept.clear()
            _kept["version"] = version
        labels = _kept.get(locale.pk)
    if labels is None:
        labels = _read_labels(locale)
        with _kept_lock:
            if _kept.get("version") == version:
                _kept[locale.pk] = labels
    return {facet: dict(by_code) for facet, by_code in labels.items()}


_kept: dict = {}
_kept_lock = threading.Lock()


def _read_labels(locale: Locale) -> dict[str, dict[str, str]]:
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
