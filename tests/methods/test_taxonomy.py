"""Facet labels in a language, with the source language where a translation is missing."""

from wagtail.models import Locale

from methods.taxonomy import facet_labels
from methods.vocabulary import FACETS


def test_facet_labels_read_each_facet_once(db, django_assert_num_queries):
    from methods.content_version import bump_version

    swedish = Locale.objects.get(language_code="sv")
    bump_version()  # nothing kept for this version yet
    # the content version, each facet, and the source language's locale
    with django_assert_num_queries(len(FACETS) + 2):
        labels = facet_labels(swedish)
    assert labels["target_groups"]["parents"] == "Föräldrar"
    # then only the content version, until it moves
    with django_assert_num_queries(1):
        again = facet_labels(swedish)
    assert again == labels
    again["target_groups"]["parents"] = "changed by a caller"
    assert facet_labels(swedish)["target_groups"]["parents"] == "Föräldrar"
