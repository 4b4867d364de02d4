"""Facet labels in a language, with the source language where a translation is missing."""

from wagtail.models import Locale

from methods.taxonomy import facet_labels
from methods.vocabulary import FACETS


def test_facet_labels_read_each_facet_once(db, django_assert_num_queries):
    swedish = Locale.objects.get(language_code="sv")
    with django_assert_num_queries(len(FACETS) + 1):  # and the source language's locale
        labels = facet_labels(swedish)
    assert labels["target_groups"]["parents"] == "Föräldrar"
