"""Keeping the search index in step with the public entries.

An entry is indexed per translation, and always all its translations at once, because each
translation's document carries the names of the others. Only public pages (methods.visibility) are
indexed; a translation that is no longer public leaves the index.
"""

import html
import itertools
import re
import uuid
from collections.abc import Callable, Iterable

from django.conf import settings
from django.db import transaction
from wagtail.models import Locale

from methods.content_version import bump_version
from methods.models import EntryPage
from methods.studies import studies_text
from methods.taxonomy import facet_labels
from methods.visibility import publicly_visible
from methods.vocabulary import entry_facet_codes

from . import lexicon
from . import postings as search_postings
from .analysis import terms_text, words
from .engine import forget_analysed_queries, forget_postings
from .models import SearchDocument, SearchWord, TermPostings

BATCH_SIZE = 200
# The indexed sections (search.models.SECTIONS) that come from the entry's rich-text fields
SECTION_FIELDS = {
    "aims": ("aims", "target_group_description"),
    "delivery": ("delivery_description", "delivered_by"),
    "training": ("training",),
    "evidence": ("evidence_rationale",),  # and the references and studies
}
BODY_FIELDS = ("cost",)
MIN_VOCABULARY_WORD = 4


def index_entries(
    translation_keys: Iterable[uuid.UUID | str], *, replace: bool = True, postings: bool = True
) -> int:
    """Rebuild the documents of these entries (all translations); returns how many are indexed.
    With `postings=False` the term postings are left to the caller (a rebuild writes them once)."""
    keys = {uuid.UUID(str(key)) for key in translation_keys}
    if not keys:
        return 0
    pages = list(
        publicly_visible(EntryPage.objects.filter(translation_key__in=keys))
        .select_related("locale")
        .prefetch_related("references", "studies")
    )
    labels = _LabelCache()
    codes = entry_facet_codes([page.pk for page in pages])
    documents = [
        _document(page, translations, labels, codes[page.pk])
        for _key, group in itertools.groupby(
            sorted(pages, key=lambda page: str(page.translation_key)),
            key=lambda page: page.translation_key,
        )
        for translations in [list(group)]
        for page in translations
    ]
    with transaction.atomic():
        replaced = SearchDocument.objects.filter(translation_key__in=keys)
        if postings:
            search_postings.lock_for_update()
            removed = search_postings.stored_fields(replaced) if replace else []
        if replace:
            replaced.delete()
        SearchDocument.objects.bulk_create(documents)
        if postings:
            search_postings.update(removed, search_postings.document_fields(documents))
        SearchWord.objects.bulk_create(_vocabulary(documents), ignore_conflicts=True)
        # searches key their in-memory structures (search.lexicon) on the content version
        bump_version()
    forget_analysed_queries()
    forget_postings()
    lexicon.forget()
    if settings.ELASTICSEARCH_URL:
        from . import elasticsearch, fallback

        try:
            elasticsearch.delete_entries(keys)
            elasticsearch.index_documents(documents, codes)
        except fallback.ENGINE_ERRORS as error:
            # The database index is current; the engine catches up with `rebuild_search`.
            fallback.engine_failed(error)
    return len(documents)


def rebuild(progress: Callable[[int, int], None] | None = None) -> int:
    """Empty the index and index every public entry again; returns the number of documents."""
    keys = list(
        publicly_visible(EntryPage.objects.all())
        .order_by("translation_key")
        .values_list("translation_key", flat=True)
        .distinct()
    )
    with transaction.atomic():
        SearchDocument.objects.all().delete()
        SearchWord.objects.all().delete()
        TermPostings.objects.all().delete()
    if settings.ELASTICSEARCH_URL:
        from . import elasticsearch

        for language in elasticsearch.LANGUAGE_ANALYSERS:
            elasticsearch.recreate_index(language)
    indexed = 0
    for start in range(0, len(keys), BATCH_SIZE):
        indexed += index_entries(keys[start : start + BATCH_SIZE], replace=False, postings=False)
        if progress:
            progress(min(start + BATCH_SIZE, len(keys)), len(keys))
    with transaction.atomic():
        search_postings.rebuild()
        bump_version()
    forget_postings()
    return indexed


class _LabelCache(dict):
    """Facet labels per language, read once per indexing run."""

    def __missing__(self, language):
        locale = Locale.objects.filter(language_code=language).first()
        self[language] = facet_labels(locale) if locale else {}
        return self[language]


def _document(
    page: EntryPage, translations: list[EntryPage], labels, facet_codes: dict[str, list[str]]
) -> SearchDocument:
    language = page.locale.language_code
    names = list(page.alternative_names_list)
    for other in translations:
        if other.pk != page.pk:
            names.extend([other.title, *other.alternative_names_list])
    seen = {page.title.casefold()}
    unique_names = []
    for name in names:
        if name.casefold() not in seen:
            seen.add(name.casefold())
            unique_names.append(name)
    facet_text = " ".join(
        labels[language].get(facet, {}).get(code, code)
        for facet, codes in facet_codes.items()
        for code in codes
    )
    sections = {
        "title": page.title,
        "names": "\n".join(unique_names),
        "summary": f"{page.summary}\n{facet_text}".strip(),
        **{section: _fields_text(page, fields) for section, fields in SECTION_FIELDS.items()},
        "body": entry_body_text(page),
    }
    citations = "\n".join(reference.citation for reference in page.references.all())
    sections["evidence"] = "\n".join(
        part for part in (sections["evidence"], citations, studies_text(page)) if part
    )
    terms = {f"{section}_terms": terms_text(language, text) for section, text in sections.items()}
    return SearchDocument(
        page_id=page.pk,
        translation_key=page.translation_key,
        language=language,
        **sections,
        **terms,
        length=search_postings.document_length(terms),
    )


def _fields_text(page: EntryPage, fields) -> str:
    parts = (html_text(getattr(page, name) or "").strip() for name in fields)
    return "\n".join(part for part in parts if part)


def entry_body_text(page: EntryPage) -> str:
    """The plain text of an entry's free description (and cost, which has no section of its own)."""
    parts = [html_text(getattr(page, name) or "") for name in BODY_FIELDS]
    for block in page.body.raw_data:
        value = block.get("value")
        if isinstance(value, str):
            parts.append(html_text(value) if block.get("type") != "embed" else "")
        elif isinstance(value, dict):
            parts.extend(
                str(value.get(key) or "") for key in ("quote", "attribution", "caption", "title")
            )
    return "\n".join(part for part in parts if part.strip())


def html_text(value: str) -> str:
    """Rich text as plain text, with a space where each tag was so that words stay apart."""
    return html.unescape(re.sub(r"<[^>]*>", " ", value))


def _vocabulary(documents: list[SearchDocument]) -> list[SearchWord]:
    """The words of titles, names and summaries: what typos are corrected towards."""
    found = set()
    for document in documents:
        text = " ".join((document.title, document.names, document.summary))
        for word in words(text):
            if MIN_VOCABULARY_WORD <= len(word) <= 100 and not word.isdigit():
                found.add((document.language, word))
    return [SearchWord(language=language, word=word) for language, word in sorted(found)]
