"""Where each entry's (and each measure's) translations stand: missing, draft or live, and up to date with the source or not.

A translation is up to date when its source (the Finnish entry) has not changed since the
translation was last synced with it. For translations managed by wagtail-localize, "synced" is
when the source's strings were last extracted (translating, or "Sync translated pages"); for
plain Wagtail translations (written by hand or by the importer) it is the translation's own last
save, because whoever saved it last had the source in front of them.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.urls import reverse
from wagtail.models import Locale
from wagtail_localize.models import TranslationSource

from .models import EntryPage, Measure
from .vocabulary import language_codes, source_language


@dataclass(frozen=True)
class TranslationState:
    language: str
    exists: bool
    live: bool = False
    up_to_date: bool | None = None  # None when there is no translation to compare
    source_changed_at: datetime.datetime | None = None
    synced_at: datetime.datetime | None = None
    managed: bool = False  # translated with wagtail-localize's editor
    page_id: int | None = None

    @property
    def edit_url(self) -> str:
        return reverse("wagtailadmin_pages:edit", args=[self.page_id]) if self.page_id else ""

    @property
    def behind(self) -> datetime.timedelta | None:
        """How long the source has been ahead of this translation (None when up to date)."""
        if self.up_to_date is not False or self.synced_at is None:
            return None
        return self.source_changed_at - self.synced_at


def source_changed_at(page: EntryPage) -> datetime.datetime | None:
    """When the source's content last changed in a way translations should follow.

    A live source is what translations are synced from, so a saved draft of it does not yet
    make them out of date; a source that was never published changes with every save.
    """
    if page.live:
        return page.last_published_at or page.latest_revision_created_at
    return page.latest_revision_created_at


def translation_statuses(
    source_pages, languages: list[str] | None = None
) -> dict[int, dict[str, TranslationState]]:
    """{source page id: {language: TranslationState}} for source-language entry pages.

    Three queries whatever the number of pages: locales, translations, wagtail-localize sources.
    """
    source_pages = list(source_pages)
    locales = {locale.id: locale.language_code for locale in Locale.objects.all()}
    if languages is None:
        languages = [code for code in language_codes() if code != source_language()]
    keys = [page.translation_key for page in source_pages]
    translations = {}
    for row in (
        EntryPage.objects.filter(translation_key__in=keys)
        .exclude(locale__language_code=settings.LANGUAGE_CODE)
        .values(
            "id",
            "translation_key",
            "locale_id",
            "live",
            "latest_revision_created_at",
            "last_published_at",
        )
    ):
        translations[(row["translation_key"], locales[row["locale_id"]])] = row
    managed = {}
    for source in TranslationSource.objects.filter(
        object_id__in=keys, locale__language_code=settings.LANGUAGE_CODE
    ).prefetch_related("translations"):
        for translation in source.translations.all():
            if translation.enabled:
                managed[(source.object_id, locales[translation.target_locale_id])] = (
                    source.last_updated_at
                )

    statuses = {}
    for page in source_pages:
        changed_at = source_changed_at(page)
        by_language = {}
        for language in languages:
            row = translations.get((page.translation_key, language))
            if row is None:
                by_language[language] = TranslationState(language, exists=False)
                continue
            is_managed = (page.translation_key, language) in managed
            if is_managed:
                synced_at = managed[(page.translation_key, language)]
            else:
                synced_at = row["latest_revision_created_at"] or row["last_published_at"]
            up_to_date = changed_at is None or (synced_at is not None and synced_at >= changed_at)
            by_language[language] = TranslationState(
                language,
                exists=True,
                live=row["live"],
                up_to_date=up_to_date,
                source_changed_at=changed_at,
                synced_at=synced_at,
                managed=is_managed,
                page_id=row["id"],
            )
        statuses[page.pk] = by_language
    return statuses


def source_entries():
    """Every entry in the source language, the rows the status view and the report list."""
    return EntryPage.objects.filter(locale__language_code=settings.LANGUAGE_CODE).order_by("title")


@dataclass(frozen=True)
class MeasureTranslationState(TranslationState):
    measure_id: int | None = None

    @property
    def edit_url(self) -> str:
        if not self.measure_id:
            return ""
        return reverse("wagtailsnippets_methods_measure:edit", args=[self.measure_id])


def measure_statuses(languages: list[str] | None = None) -> list[tuple[Measure, dict]]:
    """[(source measure, {language: state})]: a measure's translation is up to date when it was
    synced (wagtail-localize) or saved after its source last changed. Three queries."""
    if languages is None:
        languages = [code for code in language_codes() if code != source_language()]
    rows = list(Measure.objects.select_related("locale").order_by("abbreviation", "code"))
    sources = [row for row in rows if row.locale.language_code == settings.LANGUAGE_CODE]
    translations = {
        (row.translation_key, row.locale.language_code): row
        for row in rows
        if row.locale.language_code != settings.LANGUAGE_CODE
    }
    managed = {}
    for source in TranslationSource.objects.filter(
        object_id__in=[m.translation_key for m in sources],
        locale__language_code=settings.LANGUAGE_CODE,
    ).prefetch_related("translations__target_locale"):
        for translation in source.translations.all():
            if translation.enabled:
                language = translation.target_locale.language_code
                managed[(source.object_id, language)] = source.last_updated_at
    result = []
    for source in sources:
        states = {}
        for language in languages:
            row = translations.get((source.translation_key, language))
            if row is None:
                states[language] = MeasureTranslationState(language, exists=False)
                continue
            synced_at = managed.get((source.translation_key, language), row.updated_at)
            states[language] = MeasureTranslationState(
                language,
                exists=True,
                live=True,
                up_to_date=synced_at >= source.updated_at,
                source_changed_at=source.updated_at,
                synced_at=synced_at,
                managed=(source.translation_key, language) in managed,
                measure_id=row.pk,
            )
        result.append((source, states))
    return result
