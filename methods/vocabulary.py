"""The library's vocabulary, said once: its languages, the two kinds of entry and the facets.

Every surface (API, site, search, exchange format) imports these instead of restating them. Models
are named here, not imported, so that the content model itself can use this module.
"""

from dataclasses import dataclass

from django.apps import apps
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


def language_codes() -> tuple[str, ...]:
    """The library's languages, the source language first: ("fi", "sv", "en")."""
    return tuple(code for code, _name in settings.LANGUAGES)


def source_language() -> str:
    """The language entries are written in and translated from."""
    return settings.LANGUAGE_CODE


class Kind(models.TextChoices):
    """What an entry is: a manualised working method or a service (operating) model."""

    METHOD = "method", _("method")
    MODEL = "model", _("service model")

    @property
    def page_model(self) -> type:
        return apps.get_model("methods", _PAGE_MODEL_NAMES[self.value])

    @classmethod
    def of(cls, page_class: type) -> "Kind":
        """The kind of a page class (MethodPage, ModelPage or a subclass); ValueError otherwise."""
        for kind in cls:
            if issubclass(page_class, kind.page_model):
                return kind
        raise ValueError(f"{page_class.__name__} is not a kind of entry")


_PAGE_MODEL_NAMES = {"method": "MethodPage", "model": "ModelPage"}


@dataclass(frozen=True)
class FacetSpec:
    """One facet: the entry's field (and its key in answers), the parameter that filters it on the
    site and in the API, its snippet model and its label."""

    field: str
    parameter: str
    model_name: str
    label: str

    @property
    def model(self) -> type:
        return apps.get_model("methods", self.model_name)

    @property
    def label_plural(self) -> str:
        return self.model._meta.verbose_name_plural


FACETS: tuple[FacetSpec, ...] = (
    FacetSpec("target_groups", "target_group", "TargetGroup", _("Target group")),
    FacetSpec("service_areas", "service_area", "ServiceArea", _("Service area")),
    FacetSpec("topics", "topic", "Topic", _("Topic")),
    FacetSpec("delivery_formats", "delivery_format", "DeliveryFormat", _("Delivery format")),
    FacetSpec("outcome_domains", "outcome", "OutcomeDomain", _("Outcome")),
)
FACET_FIELDS: tuple[str, ...] = tuple(facet.field for facet in FACETS)
FACETS_BY_FIELD = {facet.field: facet for facet in FACETS}
FACETS_BY_PARAMETER = {facet.parameter: facet for facet in FACETS}


def facet_models() -> dict[str, type]:
    """{facet field: snippet model}, e.g. {"topics": Topic, …}."""
    return {facet.field: facet.model for facet in FACETS}


def entry_facet_codes(
    page_ids, facets: tuple[str, ...] = FACET_FIELDS
) -> dict[int, dict[str, list[str]]]:
    """{page pk: {facet field: [code, …]}} in display order; one query per facet (`facets`:
    only these).

    `page_ids` is an iterable of entry page pks or a queryset of them (`.values("pk")`).
    """
    entry_model = apps.get_model("methods", "EntryPage")
    if not isinstance(page_ids, models.QuerySet):
        page_ids = list(page_ids)
    codes: dict[int, dict[str, list[str]]] = {}
    if isinstance(page_ids, list):
        codes = {pk: {field: [] for field in facets} for pk in page_ids}
    for field_name in facets:
        field = entry_model._meta.get_field(field_name)
        entry_column = f"{field.m2m_field_name()}_id"
        target = field.m2m_reverse_field_name()
        rows = (
            field.remote_field.through.objects.filter(**{f"{entry_column}__in": page_ids})
            .order_by(f"{target}__sort_order", f"{target}__code")
            .values_list(entry_column, f"{target}__code")
        )
        for pk, code in rows:
            codes.setdefault(pk, {name: [] for name in facets})[field_name].append(code)
    return codes
