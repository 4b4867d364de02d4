"""Stored documents: every public entry's full answer and list summary in each language, rendered
by the serializers once when the entry (or anything it shows) changes, so that an uncached answer
is a read, not a render.

The store makes answers faster, never different. A document that is missing, rendered by other
code or outdated by a change is not served: the answer is rendered on the spot (and stored).
What an entry shows is decided in methods.events (`entries_showing`); api.signals outdates the
documents of those entries inside the change's transaction and renders them again after it.
Documents are written with a placeholder for the API's own address, which each answer fills in
with the address it was asked on.
"""

import functools
import hashlib
import importlib.metadata
import re
import uuid
from collections import defaultdict
from pathlib import Path
from typing import NamedTuple

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Subquery, Value
from django.db.models.functions import Coalesce

from methods.content_version import ContentVersion, current_version
from methods.models import EntryPage
from methods.visibility import publicly_visible

from . import schemas, serializers
from .models import DocumentStore, StoredDocument

Kind = StoredDocument.Kind
# Stands for the API's address (scheme and host) in a stored document; .invalid is reserved
# (RFC 2606), so no real link has it.
API_BASE = "http://api-base.stored.invalid"
# The code that renders documents (the serializers, the schemas and everything below them), its
# translations and libraries: a document rendered by anything else is not served.
RENDERED_BY = ("api/serializers.py", "api/schemas.py", "api/limits.py", "api/stored.py")
RENDERED_BY_PACKAGES = ("methods", "partners")
LIBRARIES = ("django", "wagtail", "wagtail-localize", "pydantic", "pydantic-core", "pycountry")


@functools.cache
def renderer() -> str:
    """A digest of the code, interface translations and libraries that render documents and of
    the settings they read: a deployment that changes any of them makes the stored documents
    render again (on first use, or at once with `manage.py rebuild_api_documents`)."""
    digest = hashlib.sha256()
    root = Path(settings.BASE_DIR)
    sources = [root / name for name in RENDERED_BY]
    for package in RENDERED_BY_PACKAGES:
        sources += sorted((root / package).rglob("*.py"))
    for path in sources:
        if "migrations" not in path.parts:
            digest.update(path.read_bytes())
    for path in sorted((root / "locale").rglob("*.[mp]o")):
        digest.update(path.read_bytes())
    for name in LIBRARIES:
        digest.update(importlib.metadata.version(name).encode())
    digest.update(repr((settings.SITE_URL, settings.LANGUAGES, settings.LANGUAGE_CODE)).encode())
    return digest.hexdigest()[:32]


def _served():
    """Documents that may be served: written, by this renderer, after the last change that every
    entry may show."""
    valid_from = Subquery(DocumentStore.objects.values("valid_from")[:1])
    return StoredDocument.objects.filter(
        renderer=renderer(), body__isnull=False, version__gte=Coalesce(valid_from, Value(0))
    )


def _read(condition: str, params: list) -> list[tuple]:
    """(page id, entry id, language, body) of the documents that meet `condition` and may be
    served. In plain SQL, written once, since every uncached answer asks it."""
    documents = connection.ops.quote_name(StoredDocument._meta.db_table)
    store = connection.ops.quote_name(DocumentStore._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT page_id, translation_key, language, body FROM {documents} WHERE {condition} "
            "AND renderer = %s AND body IS NOT NULL "
            f"AND version >= COALESCE((SELECT valid_from FROM {store} LIMIT 1), 0)",
            [*params, renderer()],
        )
        return [
            (page_id, str(key if isinstance(key, uuid.UUID) else uuid.UUID(key)), language, body)
            for page_id, key, language, body in cursor.fetchall()
        ]


def _filled(body: str, api_base: str) -> str:
    return body.replace(API_BASE, api_base)


# --- Reading ------------------------------------------------------------------------------------


class Summary(NamedTuple):
    id: str  # the entry's id (translation key)
    language: str
    json: str


def detail(key: str, language: str, api_base: str) -> str | None:
    """The JSON of the full entry with this id (or slug in `language`), if one is stored."""
    if not key or len(key) > 255 or re.search(r"[\x00-\x1f\x7f]", key):
        return None
    try:
        entry_id = uuid.UUID(key)
    except ValueError:
        found = _read("slug = %s AND language = %s AND kind = %s", [key, language, Kind.DETAIL])
    else:
        key_field = StoredDocument._meta.get_field("translation_key")
        found = _read(
            "translation_key = %s AND language = %s AND kind = %s",
            [key_field.get_db_prep_value(entry_id, connection), language, Kind.DETAIL],
        )
    return _filled(found[0][3], api_base) if found else None


def details(page: EntryPage, api_base: str) -> str:
    """The JSON of one public entry in full: stored, or rendered now and stored."""
    body = _served().filter(page=page.pk, kind=Kind.DETAIL).values_list("body", flat=True)[:1]
    body = next(iter(body), None)
    if body is None:
        rendered = _render_and_store([page.pk]).get(page.pk) or render([page])[page.pk]
        body = rendered[Kind.DETAIL]
    return _filled(body, api_base)


def summaries(page_ids: list[int], api_base: str) -> list[Summary]:
    """The list summaries of these public entries, in their order (an entry no longer public is
    left out); one query when all are stored, and those that are not are rendered now and
    stored."""
    found = {}
    if page_ids:
        wanted = ", ".join(["%s"] * len(page_ids))
        for page_id, key, language, body in _read(
            f"page_id IN ({wanted}) AND kind = %s", [*page_ids, Kind.SUMMARY]
        ):
            found[page_id] = Summary(key, language, body)
    missing = [page_id for page_id in page_ids if page_id not in found]
    if missing:
        for page_id, rendered in _render_and_store(missing).items():
            page = rendered["page"]
            found[page_id] = Summary(
                str(page.translation_key), rendered["language"], rendered[Kind.SUMMARY]
            )
    return [
        found[page_id]._replace(json=_filled(found[page_id].json, api_base))
        for page_id in page_ids
        if page_id in found
    ]


def requested(body: str, language: str) -> str:
    """An entry's JSON served in place of its translation into `language` (a fallback): its
    `requested_lang` set. The key can only occur where the schema writes it (a quote inside a
    string is escaped), and an entry's nested parts have none."""
    marked = body.replace('"requested_lang":null', f'"requested_lang":"{language}"', 1)
    if marked == body:
        raise ValueError("not an entry's JSON")
    return marked


# --- Writing ------------------------------------------------------------------------------------


def render(pages: list[EntryPage]) -> dict[int, dict]:
    """{page id: {"language", detail JSON, summary JSON}} as the serializers write them, with the
    placeholder for the API's address; one context per language."""
    by_language = defaultdict(list)
    for page in pages:
        by_language[page.locale.language_code].append(page)
    rendered = {}
    for language, group in by_language.items():
        context = serializers.Context(None, language, api_base=API_BASE)
        for page, item in zip(group, serializers.entry_summaries(group, context), strict=True):
            rendered[page.pk] = {
                "language": language,
                "page": page,
                Kind.SUMMARY: schemas.EntrySummary.model_validate(item).model_dump_json(),
                Kind.DETAIL: serializers.entry_detail(page, context).model_dump_json(),
            }
    return rendered


def _render_and_store(page_ids) -> dict[int, dict]:
    """Render and store those of these entries that are public (as render() gives them)."""
    version = current_version()[0]  # before the content is read
    pages = publicly_visible(EntryPage.objects.filter(pk__in=page_ids)).select_related("locale")
    return _store(list(pages), version)


def _store(pages: list[EntryPage], version: int) -> dict[int, dict]:
    """Render public `pages` and store them as of `version` (read before their content was)."""
    rendered = render(pages)
    _write(
        [
            (item["page"], kind, item[kind])
            for item in rendered.values()
            for kind in (Kind.DETAIL, Kind.SUMMARY)
        ],
        version,
    )
    return rendered


def _write(documents: list[tuple[EntryPage, str, str | None]], version: int) -> None:
    """Insert or replace documents, unless the stored one is of a later version: a render that
    read the content before a change never overwrites what the change wrote."""
    if not documents:
        return
    table = connection.ops.quote_name(StoredDocument._meta.db_table)
    key_field = StoredDocument._meta.get_field("translation_key")
    rows = [
        (
            page.pk,
            key_field.get_db_prep_value(page.translation_key, connection),
            page.locale.language_code,
            kind,
            page.slug,
            body,
            version,
            renderer(),
        )
        for page, kind, body in documents
    ]
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {table} (page_id, translation_key, language, kind, slug, body, "
            "version, renderer) VALUES (%s, %s, %s, %s, %s, %s, %s, %s) "
            "ON CONFLICT (translation_key, language, kind) DO UPDATE SET "
            "page_id = excluded.page_id, slug = excluded.slug, body = excluded.body, "
            "version = excluded.version, renderer = excluded.renderer "
            f"WHERE {table}.version <= excluded.version",
            rows,
        )


def _next_version() -> int:
    """The content version the current change will commit as (or a later one): taken under the
    version's row lock, which the change holds until it commits."""
    version = ContentVersion.objects.select_for_update().first()
    return (version.number if version else 0) + 1


def _translations_of(pages) -> list[EntryPage]:
    """Every translation of these entries: each lists the others' titles and addresses."""
    keys = {page.translation_key for page in pages}
    return list(EntryPage.objects.filter(translation_key__in=keys).select_related("locale"))


def outdate(pages) -> None:
    """Inside a change: these entries' documents, in every language, are no longer served."""
    translations = _translations_of(pages)
    _write(
        [(page, kind, None) for page in translations for kind in Kind.values],
        _next_version(),
    )


def outdate_all() -> None:
    """Inside a change that every entry may show: no document stored before it is served."""
    valid_from = _next_version()
    if not DocumentStore.objects.update(valid_from=valid_from):
        DocumentStore.objects.create(valid_from=valid_from)


def render_entries(translation_keys: list[str]) -> int:
    """After a change: render and store the documents of these entries in every language they
    are public in. The number of entries rendered."""
    page_ids = EntryPage.objects.filter(translation_key__in=translation_keys).values_list(
        "pk", flat=True
    )
    return len(_render_and_store(list(page_ids)))


def render_outdated() -> int:
    """After a change: render and store the documents of every public entry that has none to
    serve (those a change outdated, new ones). The number of entries rendered."""
    version = current_version()[0]  # before the content is read
    public = publicly_visible(EntryPage.objects.all()).order_by("pk").values_list("pk", flat=True)
    served = defaultdict(set)
    for page_id, kind in _served().values_list("page_id", "kind"):
        served[page_id].add(kind)
    outdated = [pk for pk in public if len(served[pk]) < len(Kind.values)]
    _store_all(outdated, version)
    return len(outdated)


def rebuild() -> int:
    """Render and store every public entry's documents and forget those of any other; the
    number of entries rendered."""
    version = current_version()[0]  # before the content is read
    ids = list(
        publicly_visible(EntryPage.objects.all()).order_by("pk").values_list("pk", flat=True)
    )
    _store_all(ids, version)
    StoredDocument.objects.exclude(page__in=ids).delete()
    return len(ids)


def _store_all(page_ids: list[int], version: int, batch: int = 200) -> None:
    for start in range(0, len(page_ids), batch):
        pages = EntryPage.objects.filter(pk__in=page_ids[start : start + batch])
        _store(list(pages.select_related("locale")), version)
