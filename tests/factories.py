"""Factories for entries and facets, so that a test builds the data it needs in a few lines."""

import factory
from wagtail.models import Locale

from catalogue.models import MethodIndexPage
from methods.evidence import EvidenceLevel
from methods.implementations import Implementation
from methods.models import (
    DeliveryFormat,
    MethodPage,
    ModelPage,
    Reference,
    ServiceArea,
    TargetGroup,
    Topic,
)


def locale(language_code: str = "fi") -> Locale:
    return Locale.objects.get(language_code=language_code)


def index_page(language_code: str = "fi") -> MethodIndexPage:
    return MethodIndexPage.objects.get(locale=locale(language_code))


class FacetFactory(factory.django.DjangoModelFactory):
    code = factory.Sequence(lambda n: f"facet-{n}")
    name = factory.LazyAttribute(lambda obj: obj.code.replace("-", " ").capitalize())
    locale = factory.LazyFunction(locale)

    class Meta:
        abstract = True


class TargetGroupFactory(FacetFactory):
    class Meta:
        model = TargetGroup


class ServiceAreaFactory(FacetFactory):
    class Meta:
        model = ServiceArea


class TopicFactory(FacetFactory):
    class Meta:
        model = Topic


class DeliveryFormatFactory(FacetFactory):
    class Meta:
        model = DeliveryFormat


class EntryFactory(factory.Factory):
    """Builds an entry page under the method index of its language and publishes it.

    `live=False` leaves it as a never-published draft; `target_groups` etc. take facet rows.
    """

    title = factory.Sequence(lambda n: f"Test method {n}")
    slug = factory.Sequence(lambda n: f"test-method-{n}")
    summary = "A short summary of the method."
    age_min = 3
    age_max = 12
    evidence_level = EvidenceLevel.NOT_RATED
    language = "fi"
    live = True

    class Meta:
        model = MethodPage

    @classmethod
    def _create(cls, model_class, *args, language="fi", live=True, **kwargs):
        m2m = {
            name: kwargs.pop(name)
            for name in ("target_groups", "service_areas", "topics", "delivery_formats")
            if name in kwargs
        }
        references = kwargs.pop("references", [])
        implementations = kwargs.pop("implementations", [])
        page = model_class(locale=locale(language), **kwargs)
        for name, values in m2m.items():
            setattr(page, name, values)
        page.references = [Reference(citation=text, year=2020) for text in references]
        page.implementations = [
            Implementation(locale=page.locale, **fields) for fields in implementations
        ]
        page.live = False
        index_page(language).add_child(instance=page)
        revision = page.save_revision()
        if live:
            revision.publish()
            page.refresh_from_db()
        return page


class MethodFactory(EntryFactory):
    class Meta:
        model = MethodPage


class ModelFactory(EntryFactory):
    class Meta:
        model = ModelPage


def translate(page, language_code: str, *, live=True, **fields):
    """Create the translation of `page` into another language, as wagtail-localize would."""
    translation = page.copy_for_translation(locale(language_code), copy_parents=False)
    for name, value in fields.items():
        setattr(translation, name, value)
    revision = translation.save_revision()
    if live:
        revision.publish()
        translation.refresh_from_db()
    return translation
