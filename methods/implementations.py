"""Where a method is in use: an entry's implementations, and reports of them from the field.

An implementation is a child of the entry page, like its references: its facts (who runs it, where,
since when, in which languages) are copied to every translation; its organisation name and short
description are translated with wagtail-localize. A report sent through the public form waits in
`ImplementationReport` until an editor approves it, which adds the implementation to the entry.
"""

import datetime
import functools
import uuid

import pycountry
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.models import Orderable, TranslatableMixin
from wagtail_localize.fields import SynchronizedField, TranslatableField

from .regions import Region
from .vocabulary import language_codes, source_language

DESCRIPTION_MAX_LENGTH = 300
FIRST_YEAR = 1950


class OperatorKind(models.TextChoices):
    COUNTY = "county", _("wellbeing services county")
    MUNICIPALITY = "municipality", _("municipality")
    NGO = "ngo", _("NGO")
    PARISH = "parish", _("parish")
    NATIONWIDE = "nationwide", _("nationwide")


class ImplementationStatus(models.TextChoices):
    PILOTING = "piloting", _("piloting")
    IN_USE = "in-use", _("in use")
    ENDED = "ended", _("ended")


# Piloting and in use: the method is available there now.
CURRENT_STATUSES = (ImplementationStatus.PILOTING, ImplementationStatus.IN_USE)


@functools.cache
def language_names() -> dict[str, str]:
    """{ISO 639-1 code: English name} for every language that has a two-letter code."""
    return {
        language.alpha_2: language.name
        for language in pycountry.languages
        if hasattr(language, "alpha_2")
    }


def parse_language_codes(value: str) -> list[str]:
    """ "fi, sv" → ["fi", "sv"]; ValidationError naming the codes that are not ISO 639-1."""
    codes = [code.strip().lower() for code in (value or "").replace(";", ",").split(",")]
    codes = list(dict.fromkeys(code for code in codes if code))
    unknown = [code for code in codes if code not in language_names()]
    if unknown:
        raise ValidationError(
            _("Unknown language code: %(codes)s. Use ISO 639-1 codes such as fi, sv, en, se."),
            params={"codes": ", ".join(unknown)},
            code="unknown_language",
        )
    return codes


def implementation_problems(
    *,
    operator_kind: str,
    region_code: str | None,
    organisation: str,
    status: str,
    since_year: int | None,
    end_year: int | None,
    service_languages: str,
    today: datetime.date | None = None,
) -> dict[str, str]:
    """{field: message} for every rule an implementation breaks; empty when it is sound.

    Plain values, so that the editor's form, the public report form and the importer apply the
    same rules."""
    problems: dict[str, str] = {}
    this_year = (today or timezone.localdate()).year
    if operator_kind == OperatorKind.NATIONWIDE:
        if region_code:
            problems["region"] = str(_("A nationwide implementation has no county."))
    elif not region_code:
        problems["region"] = str(_("Choose the county where it is in use, or “nationwide”."))
    if (
        operator_kind in (OperatorKind.MUNICIPALITY, OperatorKind.NGO, OperatorKind.PARISH)
        and not (organisation or "").strip()
    ):
        problems["organisation"] = str(_("Name the municipality, NGO or parish that runs it."))
    for name, year in (("since_year", since_year), ("end_year", end_year)):
        if year is not None and not FIRST_YEAR <= year <= this_year + 1:
            problems[name] = str(
                _("Give a year from %(first)s to %(last)s.")
                % {"first": FIRST_YEAR, "last": this_year + 1}
            )
    if status == ImplementationStatus.ENDED and end_year is None:
        problems["end_year"] = str(_("An ended implementation needs the year it ended."))
    if status != ImplementationStatus.ENDED and end_year is not None:
        problems["end_year"] = str(_("Only an ended implementation has an end year."))
    if since_year is not None and end_year is not None and end_year < since_year:
        problems["end_year"] = str(
            _("The end year (%(end)s) is before the start year (%(start)s).")
            % {"end": end_year, "start": since_year}
        )
    try:
        parse_language_codes(service_languages)
    except ValidationError as error:
        problems["service_languages"] = error.messages[0]
    return problems


def source_language_rows() -> dict:
    """Implementations link to the source-language facet rows, as entries do."""
    return {"locale__language_code": source_language()}


class ImplementationFields(models.Model):
    """What an implementation and a report of one have in common."""

    operator_kind = models.CharField(
        max_length=20, choices=OperatorKind.choices, verbose_name=_("who runs it")
    )
    organisation = models.CharField(
        max_length=200,
        blank=True,
        verbose_name=_("organisation"),
        help_text=_("The municipality, NGO or parish; for a county, optional."),
    )
    region = models.ForeignKey(
        Region,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("county"),
        help_text=_("Empty for a nationwide implementation."),
    )
    service_area = models.ForeignKey(
        "methods.ServiceArea",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        limit_choices_to=source_language_rows,
        verbose_name=_("service area"),
    )
    status = models.CharField(
        max_length=10,
        choices=ImplementationStatus.choices,
        default=ImplementationStatus.IN_USE,
        verbose_name=_("status"),
    )
    since_year = models.PositiveSmallIntegerField(null=True, blank=True, verbose_name=_("since"))
    end_year = models.PositiveSmallIntegerField(null=True, blank=True, verbose_name=_("ended"))
    service_languages = models.CharField(
        max_length=60,
        verbose_name=_("languages of the service"),
        blank=True,
        help_text=_(
            "ISO 639-1 codes separated by commas, for example: fi, sv. Empty: not recorded."
        ),
    )
    contact_url = models.URLField(blank=True, verbose_name=_("service's web page"))
    contact_email = models.EmailField(
        blank=True,
        verbose_name=_("shared mailbox"),
        help_text=_("A service's shared address, never a person's."),
    )
    source = models.CharField(
        max_length=500,
        verbose_name=_("source"),
        help_text=_("Where the information comes from: a publication, a web page, a report."),
    )
    description = models.TextField(
        blank=True,
        validators=[MaxLengthValidator(DESCRIPTION_MAX_LENGTH)],
        verbose_name=_("short description"),
        help_text=_("At most 300 characters."),
    )

    class Meta:
        abstract = True

    @property
    def service_language_list(self) -> list[str]:
        return [code.strip() for code in self.service_languages.split(",") if code.strip()]

    @property
    def is_current(self) -> bool:
        return self.status in CURRENT_STATUSES

    @property
    def is_nationwide(self) -> bool:
        return self.operator_kind == OperatorKind.NATIONWIDE

    def clean(self):
        super().clean()
        problems = implementation_problems(
            operator_kind=self.operator_kind,
            region_code=self.region.code if self.region_id else None,
            organisation=self.organisation,
            status=self.status,
            since_year=self.since_year,
            end_year=self.end_year,
            service_languages=self.service_languages,
        )
        if problems:
            raise ValidationError(problems)
        self.service_languages = ", ".join(parse_language_codes(self.service_languages))


class Implementation(TranslatableMixin, ImplementationFields, Orderable):
    """One place where the entry is in use (or was: an ended one is kept with its end year)."""

    page = ParentalKey(
        "methods.EntryPage", on_delete=models.CASCADE, related_name="implementations"
    )
    last_confirmed = models.DateField(verbose_name=_("last confirmed"))

    translatable_fields = [
        TranslatableField("organisation"),
        TranslatableField("description"),
        *(
            SynchronizedField(name, overridable=False)
            for name in (
                "operator_kind",
                "region",
                "service_area",
                "status",
                "since_year",
                "end_year",
                "service_languages",
                "contact_url",
                "contact_email",
                "source",
                "last_confirmed",
            )
        ),
    ]
    panels = [
        FieldRowPanel([FieldPanel("operator_kind"), FieldPanel("region")]),
        FieldRowPanel([FieldPanel("organisation"), FieldPanel("service_area")]),
        FieldRowPanel([FieldPanel("status"), FieldPanel("since_year"), FieldPanel("end_year")]),
        FieldPanel("service_languages"),
        FieldRowPanel([FieldPanel("contact_url"), FieldPanel("contact_email")]),
        FieldRowPanel([FieldPanel("source"), FieldPanel("last_confirmed")]),
        FieldPanel("description"),
    ]

    class Meta(TranslatableMixin.Meta, Orderable.Meta):
        verbose_name = _("implementation")
        verbose_name_plural = _("implementations")
        unique_together = [("translation_key", "locale")]

    def __str__(self):
        place = self.region.name() if self.region_id else OperatorKind.NATIONWIDE.label
        return f"{self.organisation or place} ({self.get_status_display()})"


class ReportStatus(models.TextChoices):
    PENDING = "pending", _("waiting for review")
    APPROVED = "approved", _("approved")
    REJECTED = "rejected", _("rejected")


class ImplementationReport(ImplementationFields):
    """A report from the field that an organisation runs the entry (or has stopped).

    Nothing of it is public until an editor approves it; no person's data is asked for or kept."""

    entry_key = models.UUIDField(verbose_name=_("entry"), db_index=True)
    language = models.CharField(max_length=5, verbose_name=_("language of the form"))
    submitted_at = models.DateTimeField(default=timezone.now, verbose_name=_("submitted"))
    review_status = models.CharField(
        max_length=10,
        choices=ReportStatus.choices,
        default=ReportStatus.PENDING,
        verbose_name=_("review"),
    )
    reviewed_at = models.DateTimeField(null=True, blank=True, verbose_name=_("reviewed"))
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("reviewed by"),
    )
    implementation_key = models.UUIDField(
        null=True, blank=True, verbose_name=_("implementation created")
    )

    panels = [
        FieldRowPanel([FieldPanel("operator_kind"), FieldPanel("region")]),
        FieldRowPanel([FieldPanel("organisation"), FieldPanel("service_area")]),
        FieldRowPanel([FieldPanel("status"), FieldPanel("since_year"), FieldPanel("end_year")]),
        FieldPanel("service_languages"),
        FieldRowPanel([FieldPanel("contact_url"), FieldPanel("contact_email")]),
        FieldPanel("source"),
        FieldPanel("description"),
    ]

    class Meta:
        ordering = ["-submitted_at"]
        verbose_name = _("report from the field")
        verbose_name_plural = _("reports from the field")

    def __str__(self):
        place = self.region.name() if self.region_id else OperatorKind.NATIONWIDE.label
        return f"{self.organisation or place}, {self.submitted_at:%Y-%m-%d}"

    def entry_pages(self):
        """Every translation of the reported entry, the source language first."""
        from .models import EntryPage

        pages = EntryPage.objects.filter(translation_key=self.entry_key).select_related("locale")
        languages = list(language_codes())
        return sorted(pages, key=lambda page: languages.index(page.locale.language_code))


class ApprovalResult:
    def __init__(self):
        self.published: list = []
        self.drafts: list = []


@transaction.atomic
def approve_report(report: ImplementationReport, user) -> ApprovalResult:
    """Add the reported implementation to every translation of the entry and publish it.

    A page with unpublished changes of its own gets the implementation in a new draft instead, so
    that approving a report never publishes someone else's unfinished work."""
    report = ImplementationReport.objects.select_for_update().get(pk=report.pk)
    if report.review_status != ReportStatus.PENDING:
        raise ValidationError(_("This report has already been reviewed."))
    report.full_clean()
    key = uuid.uuid4()
    result = ApprovalResult()
    for page in report.entry_pages():
        page = page.specific
        has_draft = page.has_unpublished_changes or not page.live
        content = page.get_latest_revision_as_object()
        implementation = Implementation(
            translation_key=key,
            locale=page.locale,
            last_confirmed=timezone.localdate(),
            sort_order=len(content.implementations.all()),
            **{field: getattr(report, field) for field in IMPLEMENTATION_FIELD_NAMES},
        )
        content.implementations = [*content.implementations.all(), implementation]
        revision = content.save_revision(user=user, log_action=True)
        if has_draft:
            result.drafts.append(page)
        else:
            revision.publish(user=user)
            result.published.append(page)
    report.review_status = ReportStatus.APPROVED
    report.reviewed_at = timezone.now()
    report.reviewed_by = user
    report.implementation_key = key
    report.save()
    return result


def reject_report(report: ImplementationReport, user) -> None:
    report.review_status = ReportStatus.REJECTED
    report.reviewed_at = timezone.now()
    report.reviewed_by = user
    report.save(update_fields=["review_status", "reviewed_at", "reviewed_by"])


IMPLEMENTATION_FIELD_NAMES = (
    "operator_kind",
    "organisation",
    "region",
    "service_area",
    "status",
    "since_year",
    "end_year",
    "service_languages",
    "contact_url",
    "contact_email",
    "source",
    "description",
)


def stale_implementations(today: datetime.date | None = None):
    """Source-language implementations of current use not confirmed in IMPLEMENTATION_STALE_MONTHS."""
    from .review import months_before

    today = today or timezone.localdate()
    before = months_before(today, settings.IMPLEMENTATION_STALE_MONTHS)
    return (
        Implementation.objects.filter(
            locale__language_code=source_language(),
            status__in=CURRENT_STATUSES,
            last_confirmed__lt=before,
        )
        .select_related("page", "region")
        .order_by("last_confirmed")
    )


def language_label(code: str) -> str:
    """The language's name in the active language where Django knows it, else its English name."""
    from django.conf.locale import LANG_INFO
    from django.utils.translation import gettext

    if code in LANG_INFO and "name" in LANG_INFO[code]:
        return gettext(LANG_INFO[code]["name"])
    return language_names().get(code, code)


# --- Loading implementations from data (the demo content) ----------------------------------------


def implementation_from_record(record: dict, locale, language: str) -> "Implementation":
    """An unsaved Implementation for one page from a record of the demo file (codes, not ids)."""
    from .models import ServiceArea

    service_area = None
    if record.get("service_area"):
        service_area = ServiceArea.objects.get(
            code=record["service_area"], locale__language_code=source_language()
        )
    return Implementation(
        translation_key=uuid.UUID(record["key"]),
        locale=locale,
        operator_kind=record["operator_kind"],
        organisation=record.get("organisation", {}).get(language, ""),
        region=Region.objects.get(code=record["region"]) if record.get("region") else None,
        service_area=service_area,
        status=record["status"],
        since_year=record.get("since_year"),
        end_year=record.get("end_year"),
        service_languages=", ".join(record.get("service_languages", [])),
        contact_url=record.get("contact_url", ""),
        contact_email=record.get("contact_email", ""),
        source=record["source"],
        last_confirmed=datetime.date.fromisoformat(record["last_confirmed"]),
        description=record.get("description", {}).get(language, ""),
    )


@transaction.atomic
def ensure_implementations(entry_key, records: list[dict], *, not_known_in_finland=False) -> int:
    """Give every translation of the entry the implementations it lacks (by key) and the flag;
    publish the change where the page is live. Returns the number of pages changed; a second run
    changes nothing."""
    from .models import EntryPage

    changed = 0
    for page in EntryPage.objects.filter(translation_key=entry_key).select_related("locale"):
        content = page.specific.get_latest_revision_as_object()
        present = {str(item.translation_key) for item in content.implementations.all()}
        missing = [record for record in records if record["key"] not in present]
        if not missing and content.not_known_in_finland == not_known_in_finland:
            continue
        language = page.locale.language_code
        added = []
        for record in missing:
            implementation = implementation_from_record(record, page.locale, language)
            implementation.full_clean(exclude=["page"])
            added.append(implementation)
        content.implementations = [*content.implementations.all(), *added]
        content.not_known_in_finland = not_known_in_finland
        revision = content.save_revision()
        if page.live and not page.has_unpublished_changes:
            revision.publish()
        changed += 1
    return changed
