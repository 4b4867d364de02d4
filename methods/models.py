"""Content model: facets (translatable snippets) and the method and model entries."""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, MaxValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    TabbedInterface,
)
from wagtail.api import APIField
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page, TranslatableMixin
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField

from .blocks import RICH_TEXT_FEATURES, BodyBlock
from .evidence import EvidenceLevel, Registry
from .publishing import EntryPageForm
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


def source_language_only():
    """Entries link to the source-language facet rows; labels in other languages follow by code."""
    return {"locale__language_code": settings.LANGUAGE_CODE}


# --- Pages ------------------------------------------------------------------------------------


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


class EntryPage(Page):
    """What a method and a service model have in common: every structured section of an entry."""

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
    evidence_last_reviewed = models.DateField(
        null=True, blank=True, verbose_name=_("evidence last reviewed")
    )
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("description"))

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
        TranslatableField("body"),
        SynchronizedField("age_min", overridable=False),
        SynchronizedField("age_max", overridable=False),
        SynchronizedField("target_groups", overridable=False),
        SynchronizedField("service_areas", overridable=False),
        SynchronizedField("topics", overridable=False),
        SynchronizedField("delivery_formats", overridable=False),
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
            ],
            heading=_("Service areas and topics"),
        ),
    ]
    evidence_panels = [
        PublishingFieldPanel("evidence_level"),
        FieldRowPanel([FieldPanel("evidence_no_effect"), FieldPanel("evidence_harmful")]),
        FieldPanel("evidence_rationale"),
        FieldPanel("evidence_last_reviewed"),
        InlinePanel("references", heading=_("References"), label=_("Reference")),
        InlinePanel(
            "registry_ratings",
            heading=_("Ratings from other registries"),
            label=_("Rating"),
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
        if self.age_min is not None and self.age_max is not None and self.age_min > self.age_max:
            raise ValidationError(
                {
                    "age_min": _("The youngest age (%(min)s) is greater than the oldest (%(max)s).")
                    % {"min": self.age_min, "max": self.age_max}
                }
            )
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
from .rating_history import RatingChange  # noqa: E402,F401
