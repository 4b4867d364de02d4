"""Content model: facets (translatable snippets) and the method and model entries."""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, MaxValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    TabbedInterface,
)
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page, TranslatableMixin
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField

from .blocks import RICH_TEXT_FEATURES, BodyBlock, OutcomeBlock
from .evidence import EvidenceLevel, Registry, StudyDesign
from .publishing import EntryPageForm, EvidenceCriteriaPanel
from .visibility import publicly_visible
from .vocabulary import Kind

AGE_LIMIT = 25
# The entry's rich-text sections, in the order an entry page shows them.
RICH_TEXT_FIELD_NAMES = (
    "aims",
    "target_group_description",
    "delivery_description",
    "delivered_by",
    "training",
    "cost",
    "evidence_rationale",
)
SUMMARY_MAX_LENGTH = 300


# --- Facets -----------------------------------------------------------------------------------


class Facet(TranslatableMixin, models.Model):
    """A value of one facet. `code` is stable across languages and is what filters use."""

    code = models.SlugField(
        max_length=60,
        verbose_name=_("code"),
        help_text=_("Stable identifier used in filters and the API; the same in every language."),
    )
    name = models.CharField(max_length=120, verbose_name=_("name"))
    sort_order = models.PositiveSmallIntegerField(default=0, verbose_name=_("sort order"))

    translatable_fields = [TranslatableField("name"), SynchronizedField("code")]
    panels = [FieldPanel("name"), FieldPanel("code"), FieldPanel("sort_order")]

    class Meta(TranslatableMixin.Meta):
        abstract = True
        ordering = ["sort_order", "code"]

    def __str__(self):
        return self.name


class TargetGroup(Facet):
    class Meta(Facet.Meta):
        verbose_name = _("target group")
        verbose_name_plural = _("target groups")
        constraints = [
            models.UniqueConstraint(fields=["code", "locale"], name="unique_target_group_code")
        ]


class ServiceArea(Facet):
    class Meta(Facet.Meta):
        verbose_name = _("service area")
        verbose_name_plural = _("service areas")
        constraints = [
            models.UniqueConstraint(fields=["code", "locale"], name="unique_service_area_code")
        ]


class Topic(Facet):
    class Meta(Facet.Meta):
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        constraints = [models.UniqueConstraint(fields=["code", "locale"], name="unique_topic_code")]


class DeliveryFormat(Facet):
    class Meta(Facet.Meta):
        verbose_name = _("delivery format")
        verbose_name_plural = _("delivery formats")
        constraints = [
            models.UniqueConstraint(fields=["code", "locale"], name="unique_delivery_format_code")
        ]


class OutcomeDomain(Facet):
    """What a method aims to change and a study measured, e.g. conduct problems or parenting stress."""

    class Meta(Facet.Meta):
        verbose_name = _("outcome domain")
        verbose_name_plural = _("outcome domains")
        constraints = [
            models.UniqueConstraint(fields=["code", "locale"], name="unique_outcome_domain_code")
        ]


def source_language_only():
    """Entries link to the source-language facet rows; labels in other languages follow by code."""
    return {"locale__language_code": settings.LANGUAGE_CODE}


material_languages_validator = RegexValidator(
    r"^([a-z]{2}(, ?[a-z]{2})*)?$",
    _("Give ISO 639-1 language codes separated by commas, for example: fi, sv, en"),
)


class PublishingFieldPanel(FieldPanel):
    """A field a draft may leave empty but publishing needs (methods/publishing.py): marked as
    required, as Wagtail marks the fields a save needs."""

    class BoundPanel(FieldPanel.BoundPanel):
        def is_required(self):
            return True


# --- Measures ---------------------------------------------------------------------------------

MEASURE_AGE_LIMIT = 99


def check_age_range(age_min, age_max, field: str = "age_min") -> None:
    """The youngest age may not be greater than the oldest: the same rule for entries and measures."""
    if age_min is not None and age_max is not None and age_min > age_max:
        raise ValidationError(
            {
                field: _("The youngest age (%(min)s) is greater than the oldest (%(max)s).")
                % {"min": age_min, "max": age_max}
            }
        )


class Measure(TranslatableMixin, ClusterableModel):
    """An instrument a study used, and a team can use, to measure an outcome (e.g. the SDQ).

    Facts (ages, items, languages, licence terms, domains) are kept on the source-language row and
    synchronised to its translations; the name, what it measures and who answers are translated.
    """

    code = models.SlugField(
        max_length=60,
        verbose_name=_("code"),
        help_text=_("Stable identifier used in addresses and the API; the same in every language."),
    )
    abbreviation = models.CharField(max_length=30, verbose_name=_("abbreviation"))
    name = models.CharField(max_length=255, verbose_name=_("name"))
    description = models.TextField(blank=True, verbose_name=_("what it measures"))
    respondents = models.CharField(max_length=255, blank=True, verbose_name=_("who answers"))
    domains = ParentalManyToManyField(
        OutcomeDomain,
        blank=True,
        related_name="measures",
        limit_choices_to=source_language_only,
        verbose_name=_("outcome domains"),
    )
    age_min = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MaxValueValidator(MEASURE_AGE_LIMIT)],
        verbose_name=_("youngest age (years)"),
    )
    age_max = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MaxValueValidator(MEASURE_AGE_LIMIT)],
        verbose_name=_("oldest age (years)"),
    )
    item_count = models.PositiveSmallIntegerField(
        null=True, blank=True, verbose_name=_("number of items")
    )
    minutes = models.PositiveSmallIntegerField(
        null=True, blank=True, verbose_name=_("time to complete (minutes)")
    )
    languages = models.CharField(
        max_length=60,
        blank=True,
        validators=[material_languages_validator],
        verbose_name=_("languages available in Finland"),
        help_text=_("ISO 639-1 codes separated by commas, for example: fi, sv, en"),
    )
    free = models.BooleanField(
        null=True, blank=True, verbose_name=_("free to use"), help_text=_("Empty: not known.")
    )
    licence = models.CharField(
        max_length=255,
        blank=True,
        verbose_name=_("licence and cost"),
        help_text=_("The terms of use, and from whom a licence is bought."),
    )
    url = models.URLField(blank=True, verbose_name=_("URL"))
    references = models.TextField(
        blank=True, verbose_name=_("references"), help_text=_("One citation per line.")
    )
    # When this row last changed: the translation status compares a translation with its source.
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("updated"))

    translatable_fields = [
        TranslatableField("name"),
        TranslatableField("description"),
        TranslatableField("respondents"),
        TranslatableField("licence"),
        SynchronizedField("code"),
        SynchronizedField("abbreviation"),
        SynchronizedField("domains"),
        SynchronizedField("age_min"),
        SynchronizedField("age_max"),
        SynchronizedField("item_count"),
        SynchronizedField("minutes"),
        SynchronizedField("languages"),
        SynchronizedField("free"),
        SynchronizedField("url"),
        SynchronizedField("references"),
    ]
    panels = [
        FieldRowPanel([FieldPanel("abbreviation"), FieldPanel("code")]),
        FieldPanel("name"),
        FieldPanel("description"),
        FieldPanel("domains", widget=forms.CheckboxSelectMultiple),
        FieldPanel("respondents"),
        FieldRowPanel([FieldPanel("age_min"), FieldPanel("age_max")]),
        FieldRowPanel([FieldPanel("item_count"), FieldPanel("minutes")]),
        FieldPanel("languages"),
        FieldRowPanel([FieldPanel("free"), FieldPanel("licence")]),
        FieldPanel("url"),
        FieldPanel("references"),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("measure")
        verbose_name_plural = _("measures")
        ordering = ["abbreviation", "code"]
        constraints = [
            models.UniqueConstraint(fields=["code", "locale"], name="unique_measure_code")
        ]

    def __str__(self):
        return f"{self.abbreviation} – {self.name}" if self.abbreviation else self.name

    def clean(self):
        super().clean()
        check_age_range(self.age_min, self.age_max)

    @property
    def languages_list(self) -> list[str]:
        return [code.strip() for code in self.languages.split(",") if code.strip()]

    @property
    def references_list(self) -> list[str]:
        return [line.strip() for line in self.references.splitlines() if line.strip()]


def measure_choices() -> list[tuple[str, str]]:
    """The measures an outcome can name, by code (the source-language rows)."""
    return [
        (measure.code, str(measure))
        for measure in Measure.objects.filter(locale__language_code=settings.LANGUAGE_CODE)
    ]


def outcome_domain_choices() -> list[tuple[str, str]]:
    return [
        (domain.code, domain.name)
        for domain in OutcomeDomain.objects.filter(locale__language_code=settings.LANGUAGE_CODE)
    ]


# --- Pages ------------------------------------------------------------------------------------


class EntryPage(RoutablePageMixin, Page):
    """What a method and a service model have in common: every structured section of an entry.

    Besides the entry itself it serves its evaluation kit (`kit/`)."""

    summary = models.TextField(
        blank=True,
        validators=[MaxLengthValidator(SUMMARY_MAX_LENGTH)],
        verbose_name=_("summary"),
        help_text=_("At most 300 characters; shown in lists and search results."),
    )
    alternative_names = models.TextField(
        blank=True,
        verbose_name=_("alternative names and abbreviations"),
        help_text=_("One per line: names in other languages, abbreviations, former names."),
    )
    aims = RichTextField(blank=True, features=RICH_TEXT_FEATURES, verbose_name=_("aims"))
    target_group_description = RichTextField(
        blank=True, features=RICH_TEXT_FEATURES, verbose_name=_("target group")
    )
    age_min = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MaxValueValidator(AGE_LIMIT)],
        verbose_name=_("youngest age (years)"),
    )
    age_max = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MaxValueValidator(AGE_LIMIT)],
        verbose_name=_("oldest age (years)"),
    )
    target_groups = ParentalManyToManyField(
        TargetGroup,
        blank=True,
        related_name="+",
        limit_choices_to=source_language_only,
        verbose_name=_("target groups"),
    )
    service_areas = ParentalManyToManyField(
        ServiceArea,
        blank=True,
        related_name="+",
        limit_choices_to=source_language_only,
        verbose_name=_("service areas"),
    )
    topics = ParentalManyToManyField(
        Topic,
        blank=True,
        related_name="+",
        limit_choices_to=source_language_only,
        verbose_name=_("topics"),
    )
    delivery_formats = ParentalManyToManyField(
        DeliveryFormat,
        blank=True,
        related_name="+",
        limit_choices_to=source_language_only,
        verbose_name=_("delivery formats"),
    )
    outcome_domains = ParentalManyToManyField(
        OutcomeDomain,
        blank=True,
        related_name="+",
        limit_choices_to=source_language_only,
        verbose_name=_("outcomes it aims to change"),
    )
    sessions_min = models.PositiveSmallIntegerField(
        null=True, blank=True, verbose_name=_("sessions, at least")
    )
    sessions_max = models.PositiveSmallIntegerField(
        null=True, blank=True, verbose_name=_("sessions, at most")
    )
    session_length_minutes = models.PositiveSmallIntegerField(
        null=True, blank=True, verbose_name=_("session length (minutes)")
    )
    duration_weeks_min = models.PositiveSmallIntegerField(
        null=True, blank=True, verbose_name=_("duration in weeks, at least")
    )
    duration_weeks_max = models.PositiveSmallIntegerField(
        null=True, blank=True, verbose_name=_("duration in weeks, at most")
    )
    delivery_description = RichTextField(
        blank=True, features=RICH_TEXT_FEATURES, verbose_name=_("delivery")
    )
    delivered_by = RichTextField(
        blank=True, features=RICH_TEXT_FEATURES, verbose_name=_("who delivers it")
    )
    training = RichTextField(
        blank=True, features=RICH_TEXT_FEATURES, verbose_name=_("training required")
    )
    training_available_in_finland = models.BooleanField(
        null=True, blank=True, verbose_name=_("training available in Finland")
    )
    material_languages = models.CharField(
        max_length=60,
        blank=True,
        validators=[material_languages_validator],
        verbose_name=_("languages of the material"),
        help_text=_("ISO 639-1 codes separated by commas, for example: fi, sv, en"),
    )
    cost = RichTextField(blank=True, features=RICH_TEXT_FEATURES, verbose_name=_("cost"))
    licence = models.CharField(max_length=255, blank=True, verbose_name=_("licence"))
    owner_organisation = models.CharField(
        max_length=255, blank=True, verbose_name=_("owner organisation")
    )
    owner_website = models.URLField(blank=True, verbose_name=_("owner's website"))
    contact_email = models.EmailField(blank=True, verbose_name=_("contact email"))
    evidence_level = models.PositiveSmallIntegerField(
        choices=EvidenceLevel.choices,
        null=True,
        blank=True,
        verbose_name=_("evidence rating"),
    )
    evidence_no_effect = models.BooleanField(default=False, verbose_name=_("no effect found"))
    evidence_harmful = models.BooleanField(default=False, verbose_name=_("harmful effects found"))
    evidence_rationale = RichTextField(
        blank=True, features=RICH_TEXT_FEATURES, verbose_name=_("rationale for the rating")
    )
    evidence_justification = models.TextField(
        blank=True,
        verbose_name=_("justification for a rating above what the studies support"),
        help_text=_(
            "Needed only when the rating is higher than the listed studies meet by the scale's "
            "criteria: say why."
        ),
    )
    evidence_last_reviewed = models.DateField(
        null=True, blank=True, verbose_name=_("evidence last reviewed")
    )
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("description"))
    not_known_in_finland = models.BooleanField(
        default=False,
        verbose_name=_("not known to be in use in Finland"),
        help_text=_("Tick when no source shows it in use anywhere in Finland."),
    )

    search_fields = Page.search_fields + [
        index.SearchField("alternative_names", boost=3),
        index.SearchField("summary", boost=2),
        index.SearchField("aims"),
        index.SearchField("target_group_description"),
        index.SearchField("body"),
        index.FilterField("locale"),
        index.FilterField("evidence_level"),
        index.FilterField("age_min"),
        index.FilterField("age_max"),
    ]

    translatable_fields = [
        TranslatableField("title"),
        TranslatableField("slug"),
        TranslatableField("seo_title"),
        TranslatableField("search_description"),
        TranslatableField("summary"),
        TranslatableField("alternative_names"),
        TranslatableField("aims"),
        TranslatableField("target_group_description"),
        TranslatableField("delivery_description"),
        TranslatableField("delivered_by"),
        TranslatableField("training"),
        TranslatableField("cost"),
        TranslatableField("licence"),
        TranslatableField("owner_organisation"),
        TranslatableField("evidence_rationale"),
        TranslatableField("evidence_justification"),
        TranslatableField("studies"),
        TranslatableField("body"),
        SynchronizedField("age_min", overridable=False),
        SynchronizedField("age_max", overridable=False),
        SynchronizedField("target_groups", overridable=False),
        SynchronizedField("service_areas", overridable=False),
        SynchronizedField("topics", overridable=False),
        SynchronizedField("delivery_formats", overridable=False),
        SynchronizedField("outcome_domains", overridable=False),
        SynchronizedField("sessions_min", overridable=False),
        SynchronizedField("sessions_max", overridable=False),
        SynchronizedField("session_length_minutes", overridable=False),
        SynchronizedField("duration_weeks_min", overridable=False),
        SynchronizedField("duration_weeks_max", overridable=False),
        SynchronizedField("training_available_in_finland", overridable=False),
        SynchronizedField("material_languages", overridable=False),
        SynchronizedField("owner_website"),
        SynchronizedField("contact_email", overridable=False),
        SynchronizedField("evidence_level", overridable=False),
        SynchronizedField("evidence_no_effect", overridable=False),
        SynchronizedField("evidence_harmful", overridable=False),
        SynchronizedField("evidence_last_reviewed", overridable=False),
        SynchronizedField("references", overridable=False),
        SynchronizedField("registry_ratings", overridable=False),
        SynchronizedField("not_known_in_finland", overridable=False),
        # facts copied to every translation; organisation and description translated
        TranslatableField("implementations"),
    ]

    content_panels = Page.content_panels + [
        PublishingFieldPanel("summary"),
        FieldPanel("alternative_names"),
        FieldPanel("aims"),
        MultiFieldPanel(
            [
                FieldPanel("target_group_description"),
                FieldRowPanel([FieldPanel("age_min"), FieldPanel("age_max")]),
                PublishingFieldPanel("target_groups", widget=forms.CheckboxSelectMultiple),
            ],
            heading=_("Target group"),
        ),
        FieldPanel("body"),
    ]
    delivery_panels = [
        MultiFieldPanel(
            [
                FieldPanel("delivery_formats", widget=forms.CheckboxSelectMultiple),
                FieldRowPanel([FieldPanel("sessions_min"), FieldPanel("sessions_max")]),
                FieldPanel("session_length_minutes"),
                FieldRowPanel([FieldPanel("duration_weeks_min"), FieldPanel("duration_weeks_max")]),
                FieldPanel("delivery_description"),
            ],
            heading=_("Delivery"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("delivered_by"),
                FieldPanel("training"),
                FieldPanel("training_available_in_finland"),
                FieldPanel("material_languages"),
            ],
            heading=_("Who delivers it and training"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("cost"),
                FieldPanel("licence"),
                FieldPanel("owner_organisation"),
                FieldPanel("owner_website"),
                FieldPanel("contact_email"),
            ],
            heading=_("Cost, licence and owner"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("service_areas", widget=forms.CheckboxSelectMultiple),
                FieldPanel("topics", widget=forms.CheckboxSelectMultiple),
                FieldPanel("outcome_domains", widget=forms.CheckboxSelectMultiple),
            ],
            heading=_("Service areas, topics and outcomes"),
        ),
    ]
    evidence_panels = [
        EvidenceCriteriaPanel(heading=_("What the listed studies meet")),
        PublishingFieldPanel("evidence_level"),
        FieldRowPanel([FieldPanel("evidence_no_effect"), FieldPanel("evidence_harmful")]),
        FieldPanel("evidence_rationale"),
        FieldPanel("evidence_justification"),
        FieldPanel("evidence_last_reviewed"),
        InlinePanel("studies", heading=_("Studies"), label=_("Study")),
        InlinePanel("references", heading=_("References"), label=_("Reference")),
        InlinePanel(
            "registry_ratings",
            heading=_("Ratings from other registries"),
            label=_("Rating"),
        ),
    ]
    implementation_panels = [
        FieldPanel("not_known_in_finland"),
        InlinePanel(
            "implementations",
            heading=_("Where it is used"),
            label=_("Implementation"),
            help_text=_(
                "Who runs it and where, since when, in which languages; a public contact and the "
                "source of the information. No private persons' data."
            ),
        ),
    ]

    # Wagtail's API v2 (/api/v2/pages/?fields=*); the partner API at /api/v1/ has its own serializers.
    api_fields = [
        APIField(name)
        for name in (
            "summary",
            "alternative_names",
            "aims",
            "target_group_description",
            "age_min",
            "age_max",
            "target_groups",
            "service_areas",
            "topics",
            "delivery_formats",
            "outcome_domains",
            "delivery_description",
            "evidence_level",
            "evidence_rationale",
            "body",
            "references",
            "registry_ratings",
        )
    ]

    base_form_class = EntryPageForm
    parent_page_types = ["catalogue.MethodIndexPage"]
    subpage_types: list[str] = []
    # Concrete (not a Django abstract model) so that one query lists, filters and orders both
    # kinds; editors only ever create a MethodPage or a ModelPage.
    is_creatable = False

    class Meta:
        verbose_name = _("entry")
        verbose_name_plural = _("entries")

    @path("kit/")
    def kit(self, request):
        """The local evaluation kit, for the languages the team works in (`lang`, repeatable)."""
        from .kit import evaluation_kit

        known = dict(settings.LANGUAGES)
        chosen = [code for code in request.GET.getlist("lang") if code in known]
        kit = evaluation_kit(self, chosen or [self.locale.language_code])
        return self.render(
            request,
            context_overrides={"kit": kit, "languages": list(settings.LANGUAGES)},
            template="methods/kit_page.html",
        )

    @property
    def kind(self) -> Kind:
        """Method or model, also on a non-specific EntryPage."""
        return Kind.of(self.specific_class)

    @property
    def entry_id(self) -> str:
        """The stable id shared by every translation of this entry."""
        return str(self.translation_key)

    @property
    def alternative_names_list(self) -> list[str]:
        return [name.strip() for name in self.alternative_names.splitlines() if name.strip()]

    @property
    def material_languages_list(self) -> list[str]:
        return [code.strip() for code in self.material_languages.split(",") if code.strip()]

    def clean(self):
        super().clean()
        check_age_range(self.age_min, self.age_max)
        for low, high in (
            ("sessions_min", "sessions_max"),
            ("duration_weeks_min", "duration_weeks_max"),
        ):
            low_value, high_value = getattr(self, low), getattr(self, high)
            if low_value is not None and high_value is not None and low_value > high_value:
                raise ValidationError({low: _("The lower bound is greater than the upper bound.")})


def _edit_handler(content_panels, extra_tabs=()):
    return TabbedInterface(
        [
            ObjectList(content_panels, heading=_("Content")),
            ObjectList(EntryPage.delivery_panels, heading=_("Delivery")),
            ObjectList(EntryPage.evidence_panels, heading=_("Evidence")),
            ObjectList(EntryPage.implementation_panels, heading=_("Where it is used")),
            *extra_tabs,
            ObjectList(Page.promote_panels, heading=_("Promote")),
            ObjectList(Page.settings_panels, heading=_("Settings")),
        ]
    )


class MethodPage(EntryPage):
    """A manualised working method, such as Let's Talk about Children."""

    template = "methods/entry_page.html"

    edit_handler = _edit_handler(EntryPage.content_panels)

    class Meta:
        verbose_name = _("method")
        verbose_name_plural = _("methods")

    def models_using(self):
        """Public service models, in this entry's language, that list this method."""
        return (
            publicly_visible(
                ModelPage.objects.filter(
                    locale_id=self.locale_id,
                    method_links__method__translation_key=self.translation_key,
                )
            )
            .distinct()
            .order_by("title")
        )


class ModelPage(EntryPage):
    """A service or operating model, such as the family centre model; it lists the methods it uses."""

    template = "methods/entry_page.html"

    translatable_fields = EntryPage.translatable_fields + [
        SynchronizedField("method_links", overridable=False),
    ]
    edit_handler = _edit_handler(
        EntryPage.content_panels
        + [InlinePanel("method_links", heading=_("Methods used"), label=_("Method"))]
    )

    class Meta:
        verbose_name = _("service model")
        verbose_name_plural = _("service models")

    def methods_used(self):
        """Public methods, in this entry's language, that this model lists (in the listed order)."""
        keys = list(
            self.method_links.order_by("sort_order").values_list(
                "method__translation_key", flat=True
            )
        )
        pages = publicly_visible(
            MethodPage.objects.filter(locale_id=self.locale_id, translation_key__in=keys)
        )
        by_key = {page.translation_key: page for page in pages}
        return [by_key[key] for key in keys if key in by_key]


# --- Evidence details (children of an entry, copied to every translation) ----------------------


class Reference(Orderable):
    page = ParentalKey(EntryPage, on_delete=models.CASCADE, related_name="references")
    citation = models.TextField(verbose_name=_("citation"))
    year = models.PositiveSmallIntegerField(null=True, blank=True, verbose_name=_("year"))
    doi = models.CharField(max_length=200, blank=True, verbose_name=_("DOI"))
    url = models.URLField(blank=True, verbose_name=_("URL"))

    panels = [
        FieldPanel("citation"),
        FieldRowPanel([FieldPanel("year"), FieldPanel("doi")]),
        FieldPanel("url"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("reference")

    def __str__(self):
        return self.citation

    @property
    def year_in_citation(self) -> bool:
        """A citation written with its year ("Solantaus et al. (2010). …") is not given it twice."""
        return self.year is not None and str(self.year) in self.citation


class RegistryRating(Orderable):
    page = ParentalKey(EntryPage, on_delete=models.CASCADE, related_name="registry_ratings")
    registry = models.CharField(max_length=20, choices=Registry.choices, verbose_name=_("registry"))
    label = models.CharField(
        max_length=120,
        verbose_name=_("rating"),
        help_text=_("The registry's own label, as it gives it, e.g. 'Promising'."),
    )
    rated_on = models.DateField(null=True, blank=True, verbose_name=_("date"))
    url = models.URLField(blank=True, verbose_name=_("URL"))

    panels = [
        FieldRowPanel([FieldPanel("registry"), FieldPanel("label")]),
        FieldRowPanel([FieldPanel("rated_on"), FieldPanel("url")]),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("rating from another registry")


class Study(TranslatableMixin, Orderable):
    """One study of the entry: its citation, design, sample and the outcomes it measured.

    The facts are the same in every language; where it ran, who took part, what they were compared
    with and what it found are translated.
    """

    page = ParentalKey(EntryPage, on_delete=models.CASCADE, related_name="studies")
    authors = models.CharField(max_length=255, blank=True, verbose_name=_("authors"))
    year = models.PositiveSmallIntegerField(verbose_name=_("year"))
    title = models.TextField(blank=True, verbose_name=_("title"))
    journal = models.CharField(
        max_length=255,
        blank=True,
        verbose_name=_("journal"),
        help_text=_("Journal, volume and pages, e.g. Child Development 82:311–330."),
    )
    doi = models.CharField(max_length=200, blank=True, verbose_name=_("DOI"))
    url = models.URLField(blank=True, verbose_name=_("URL"))
    # Blank in the form so that the model's clean() names what is missing in our words.
    design = models.CharField(
        max_length=30, blank=True, choices=StudyDesign.choices, verbose_name=_("design")
    )
    country = models.CharField(
        max_length=2,
        blank=True,
        verbose_name=_("country"),
        help_text=_("ISO 3166 code, e.g. FI."),
        validators=[RegexValidator(r"^[A-Z]{2}$", _("Give a two-letter country code, e.g. FI."))],
    )
    setting = models.CharField(max_length=255, blank=True, verbose_name=_("setting"))
    sample_size = models.PositiveIntegerField(null=True, blank=True, verbose_name=_("sample size"))
    participants = models.CharField(
        max_length=255, blank=True, verbose_name=_("participants"), help_text=_("Who took part.")
    )
    comparison = models.CharField(max_length=255, blank=True, verbose_name=_("comparison"))
    follow_up_months = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        verbose_name=_("follow-up (months)"),
        help_text=_("The longest follow-up after the end of the intervention."),
    )
    independent = models.BooleanField(
        null=True,
        blank=True,
        verbose_name=_("independent of the developers"),
    )
    findings = models.TextField(blank=True, verbose_name=_("findings"))
    outcomes = StreamField(
        [("outcome", OutcomeBlock())], blank=True, verbose_name=_("outcomes measured")
    )

    translatable_fields = [
        TranslatableField("setting"),
        TranslatableField("participants"),
        TranslatableField("comparison"),
        TranslatableField("findings"),
        SynchronizedField("authors"),
        SynchronizedField("year"),
        SynchronizedField("title"),
        SynchronizedField("journal"),
        SynchronizedField("doi"),
        SynchronizedField("url"),
        SynchronizedField("design"),
        SynchronizedField("country"),
        SynchronizedField("sample_size"),
        SynchronizedField("follow_up_months"),
        SynchronizedField("independent"),
        SynchronizedField("outcomes"),
    ]
    panels = [
        FieldRowPanel([FieldPanel("authors"), FieldPanel("year")]),
        FieldPanel("title"),
        FieldRowPanel([FieldPanel("journal"), FieldPanel("doi"), FieldPanel("url")]),
        FieldRowPanel([FieldPanel("design"), FieldPanel("country"), FieldPanel("independent")]),
        FieldRowPanel([FieldPanel("sample_size"), FieldPanel("participants")]),
        FieldRowPanel([FieldPanel("setting"), FieldPanel("comparison")]),
        FieldPanel("follow_up_months"),
        FieldPanel("outcomes"),
        FieldPanel("findings"),
    ]

    class Meta(TranslatableMixin.Meta, Orderable.Meta):
        verbose_name = _("study")
        verbose_name_plural = _("studies")

    def __str__(self):
        return f"{self.authors} {self.year}"

    def clean(self):
        super().clean()
        if not self.design:
            raise ValidationError({"design": _("Choose the study's design.")})

    @property
    def outcome_values(self) -> list[dict]:
        """The outcomes as plain dicts: domain, measure, timepoint, direction and effect."""
        return [dict(block.value) for block in self.outcomes]


class ModelMethod(Orderable):
    """A method that a service model uses."""

    model_page = ParentalKey(ModelPage, on_delete=models.CASCADE, related_name="method_links")
    method = models.ForeignKey(
        MethodPage, on_delete=models.CASCADE, related_name="+", verbose_name=_("method")
    )

    panels = [FieldPanel("method")]

    class Meta(Orderable.Meta):
        verbose_name = _("method used")


from .content_version import ContentVersion  # noqa: E402,F401 - models of this app in their own modules
from .implementations import Implementation, ImplementationReport  # noqa: E402,F401
from .rating_history import RatingChange  # noqa: E402,F401
from .regions import Region  # noqa: E402,F401
