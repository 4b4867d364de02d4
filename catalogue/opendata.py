"""Open data: the whole public library as files others can reuse, under CC BY 4.0.

- /open-data/methods.json: the exchange format (methods.exchange, its current schema), public
  content only;
- /open-data/methods.csv: one row per entry and language, for spreadsheets;
- /open-data/catalog.jsonld: DCAT metadata of the data set and its files, in fi, sv and en;
- /<lang>/open-data/: the same said to people, in their language.

Only what methods.visibility lets the public see is written. Each file is built once per content
version (so it changes as soon as published content does) and served with ETag and Last-Modified.
"""

import csv
import datetime
import io
import json

from django.conf import settings
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from api.serializers import FLAGS, PublicUrls
from methods.evidence import EvidenceLevel, level_code
from methods.exchange.export import dumps, export_library
from methods.models import EntryPage
from methods.taxonomy import facet_labels
from methods.visibility import publicly_visible
from methods.vocabulary import FACET_FIELDS, entry_facet_codes, language_codes

from .discovery import absolute, json_ld_script, site_root_url
from .versioned import versioned_body, versioned_response

LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"
LICENCE_NAME = "CC BY 4.0"

CSV_COLUMNS = [
    "id",
    "lang",
    "kind",
    "title",
    "slug",
    "url",
    "summary",
    "alternative_names",
    "age_min",
    "age_max",
    *[column for facet in FACET_FIELDS for column in (facet, f"{facet}_codes")],
    "evidence_level",
    "evidence_label",
    "evidence_flags",
    "evidence_last_reviewed",
    "sessions_min",
    "sessions_max",
    "session_length_minutes",
    "duration_weeks_min",
    "duration_weeks_max",
    "training_available_in_finland",
    "material_languages",
    "owner_organisation",
    "owner_website",
    "licence",
    "updated_at",
    "translations",
]


def library_json() -> bytes:
    """The public library in the exchange format."""
    return dumps(export_library(public_only=True)).encode()


def _utc(value) -> str:
    return value.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ") if value else ""


def _boolean(value) -> str:
    return "" if value is None else ("true" if value else "false")


def csv_rows() -> list[dict]:
    """One row per public entry and language, ordered by language, kind and title."""
    pages = list(
        publicly_visible(EntryPage.objects.all())
        .select_related("locale")
        .order_by("locale__language_code", "title", "pk")
    )
    codes = entry_facet_codes([page.pk for page in pages])
    languages: dict = {}
    for page in pages:
        languages.setdefault(page.translation_key, set()).add(page.locale.language_code)
    urls = PublicUrls()
    order = language_codes()
    labels_by_language = {}
    rows = []
    for page in sorted(pages, key=lambda p: (order.index(p.locale.language_code), p.kind)):
        language = page.locale.language_code
        if language not in labels_by_language:
            labels_by_language[language] = facet_labels(page.locale)
        labels = labels_by_language[language]
        with translation.override(language):
            row = {
                "id": str(page.translation_key),
                "lang": language,
                "kind": page.kind,
                "title": page.title,
                "slug": page.slug,
                "url": urls.url(page.url_path, language) or "",
                "summary": page.summary,
                "alternative_names": "; ".join(page.alternative_names_list),
                "age_min": page.age_min,
                "age_max": page.age_max,
                "evidence_level": level_code(page.evidence_level)
                if page.evidence_level is not None
                else "",
                "evidence_label": str(EvidenceLevel(page.evidence_level).label)
                if page.evidence_level is not None
                else "",
                "evidence_flags": "; ".join(
                    str(label) for field, label in FLAGS.values() if getattr(page, field)
                ),
                "evidence_last_reviewed": page.evidence_last_reviewed.isoformat()
                if page.evidence_last_reviewed
                else "",
                "sessions_min": page.sessions_min,
                "sessions_max": page.sessions_max,
                "session_length_minutes": page.session_length_minutes,
                "duration_weeks_min": page.duration_weeks_min,
                "duration_weeks_max": page.duration_weeks_max,
                "training_available_in_finland": _boolean(page.training_available_in_finland),
                "material_languages": "; ".join(page.material_languages_list),
                "owner_organisation": page.owner_organisation,
                "owner_website": page.owner_website,
                "licence": page.licence,
                "updated_at": _utc(page.last_published_at),
                "translations": "; ".join(
                    code
                    for code in order
                    if code in languages[page.translation_key] and code != language
                ),
            }
        for facet in FACET_FIELDS:
            values = codes.get(page.pk, {}).get(facet, [])
            row[facet] = "; ".join(labels[facet].get(code, code) for code in values)
            row[f"{facet}_codes"] = "; ".join(values)
        rows.append({column: "" if row[column] is None else row[column] for column in CSV_COLUMNS})
    return rows


def library_csv() -> bytes:
    """csv_rows() as CSV: UTF-8 with a byte-order mark (so spreadsheets read ä and å), comma
    separated, a header row; several values in one cell are separated by "; "."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(csv_rows())
    return out.getvalue().encode("utf-8-sig")


FILES = {
    "methods.json": (library_json, "application/json"),
    "methods.csv": (library_csv, "text/csv"),
}


def _file(request, name: str) -> tuple[bytes, object]:
    build, _type = FILES[name]
    return versioned_body(f"open-data:{site_root_url(request)}:{name}", build)


def _in_every_language(text_of) -> list[dict]:
    """[{"@language", "@value"}] of a translated text, for JSON-LD."""
    values = []
    for code in language_codes():
        with translation.override(code):
            values.append({"@language": code, "@value": text_of()})
    return values


def _title():
    return _("Methods library: evidence-based methods for child and family services")


def _description():
    return _(
        "Every published method and service model of the library with its target groups, "
        "delivery, training, evidence rating and references, in Finnish, Swedish and English."
    )


def _distributions() -> list[dict]:
    return [
        {
            "file": "methods.json",
            "media_type": "application/json",
            "format": "JSON",
            "title": lambda: _("The library in the exchange format (JSON)"),
        },
        {
            "file": "methods.csv",
            "media_type": "text/csv",
            "format": "CSV",
            "title": lambda: _("One row per entry and language (CSV)"),
        },
    ]


def dcat_catalog(request) -> dict:
    """DCAT metadata of the open data, as JSON-LD, with texts in fi, sv and en."""
    modified = None
    distributions = []
    for distribution in _distributions():
        body, changed_at = _file(request, distribution["file"])
        modified = changed_at
        url = absolute(request, reverse("open_data_file", args=[distribution["file"]]))
        distributions.append(
            {
                "@id": url,
                "@type": "dcat:Distribution",
                "dct:title": _in_every_language(distribution["title"]),
                "dcat:downloadURL": {"@id": url},
                "dcat:accessURL": {"@id": url},
                "dcat:mediaType": distribution["media_type"],
                "dct:format": distribution["format"],
                "dcat:byteSize": {"@value": str(len(body)), "@type": "xsd:nonNegativeInteger"},
                "dct:license": {"@id": LICENCE_URL},
                "dct:modified": {"@value": _utc(changed_at), "@type": "xsd:dateTime"},
            }
        )
    catalog_url = absolute(request, reverse("open_data_catalog"))
    return {
        "@context": {
            "dcat": "http://www.w3.org/ns/dcat#",
            "dct": "http://purl.org/dc/terms/",
            "foaf": "http://xmlns.com/foaf/0.1/",
            "xsd": "http://www.w3.org/2001/XMLSchema#",
        },
        "@id": catalog_url,
        "@type": "dcat:Catalog",
        "dct:title": _in_every_language(lambda: _("Methods library: open data")),
        "dct:publisher": {
            "@type": "foaf:Organization",
            "foaf:name": _in_every_language(lambda: _("Methods library")),
            "foaf:homepage": {"@id": absolute(request, "/")},
        },
        "dct:license": {"@id": LICENCE_URL},
        "dcat:dataset": {
            "@id": catalog_url + "#methods",
            "@type": "dcat:Dataset",
            "dct:identifier": catalog_url + "#methods",
            "dct:title": _in_every_language(_title),
            "dct:description": _in_every_language(_description),
            "dct:publisher": {
                "@type": "foaf:Organization",
                "foaf:name": _in_every_language(lambda: _("Methods library")),
            },
            "dct:license": {"@id": LICENCE_URL},
            "dct:rights": _in_every_language(
                lambda: _(
                    "Licensed under Creative Commons Attribution 4.0 International (CC BY 4.0): "
                    "you may share and adapt the data for any purpose if you name the source."
                )
            ),
            "dct:modified": {"@value": _utc(modified), "@type": "xsd:dateTime"},
            "dct:language": [
                {"@id": f"http://id.loc.gov/vocabulary/iso639-1/{code}"}
                for code in language_codes()
            ],
            "dcat:keyword": _in_every_language(_keyword),
            "dcat:landingPage": [
                {"@id": absolute(request, reverse("open_data_page", args=[code]))}
                for code in language_codes()
            ],
            "dcat:distribution": distributions,
        },
    }


def _keyword():
    return _("child and family services")


def open_data_file(request, name: str):
    """/open-data/methods.json, /open-data/methods.csv"""
    if name not in FILES:
        raise Http404("No such file")
    build, content_type = FILES[name]
    charset = "; charset=utf-8"
    return versioned_response(
        request,
        f"open-data:{site_root_url(request)}:{name}",
        build,
        content_type + charset,
        Content_Disposition=f'inline; filename="{name}"',
        Link=f'<{LICENCE_URL}>; rel="license"',
    )


def open_data_catalog(request):
    """/open-data/catalog.jsonld"""

    def build() -> bytes:
        return json.dumps(dcat_catalog(request), ensure_ascii=False, indent=2).encode()

    return versioned_response(
        request,
        f"open-data:{site_root_url(request)}:catalog",
        build,
        "application/ld+json; charset=utf-8",
        Link=f'<{LICENCE_URL}>; rel="license"',
    )


def open_data_page(request, language: str):
    """/<lang>/open-data/: what the files are, their addresses, the licence, in one language."""
    if language not in language_codes():
        raise Http404("No such language")
    catalog = dcat_catalog(request)
    dataset = catalog["dcat:dataset"]

    def in_language(values):
        return next(value["@value"] for value in values if value["@language"] == language)

    with translation.override(language):
        return render(
            request,
            "catalogue/open_data.html",
            {
                "title": in_language(dataset["dct:title"]),
                "description": in_language(dataset["dct:description"]),
                "rights": in_language(dataset["dct:rights"]),
                "licence_url": LICENCE_URL,
                "licence_name": LICENCE_NAME,
                "modified": datetime.datetime.fromisoformat(dataset["dct:modified"]["@value"]),
                "catalog_url": catalog["@id"],
                "distributions": [
                    {
                        "title": in_language(item["dct:title"]),
                        "url": item["dcat:downloadURL"]["@id"],
                        "format": item["dct:format"],
                        "size": int(item["dcat:byteSize"]["@value"]),
                    }
                    for item in dataset["dcat:distribution"]
                ],
                "language_links": [
                    {
                        "code": code,
                        "name": name,
                        "url": reverse("open_data_page", args=[code]),
                        "current": code == language,
                        "translated": True,
                    }
                    for code, name in settings.LANGUAGES
                ],
                "discovery": {
                    "canonical": absolute(request, reverse("open_data_page", args=[language])),
                    "alternates": [
                        {
                            "lang": code,
                            "url": absolute(request, reverse("open_data_page", args=[code])),
                        }
                        for code in language_codes()
                    ]
                    + [{"lang": "x-default", "url": absolute(request, reverse("open_data"))}],
                    "description": in_language(dataset["dct:description"]),
                    "json_ld": json_ld_script(catalog),
                },
            },
        )


def open_data(request):
    """/open-data/: the page in the reader's language."""
    language = translation.get_language()
    if language not in language_codes():
        language = settings.LANGUAGE_CODE
    return redirect("open_data_page", language)
