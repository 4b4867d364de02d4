"""The demo loader builds a full trilingual library and is safe to run again."""

import os

import pytest
from django.core.management import call_command
from wagtail.models import Page, Revision

from methods.models import EntryPage, MethodPage, ModelPage
from methods.vocabulary import facet_models

pytestmark = pytest.mark.skipif(
    bool(os.environ.get("TEST_DEMO_FILE")), reason="the suite was started on another data file"
)

NAMES = [
    ("Lapset puheeksi", "Föra barnen på tal", "Let's Talk about Children"),
    ("Ihmeelliset vuodet", "De otroliga åren", "Incredible Years"),
    ("KiVa Koulu", "KiVa Skola", "KiVa"),
    ("Theraplay", "Theraplay", "Theraplay"),
    ("Multisysteeminen terapia", "Multisystemisk terapi", "Multisystemic Therapy"),
    ("Toiminnallinen perheterapia", "Funktionell familjeterapi", "Functional Family Therapy"),
    (
        "Monimuotoinen perheterapia",
        "Multidimensionell familjeterapi",
        "Multidimensional Family Therapy",
    ),
    ("Voimaperheet", "Voimaperheet", "Voimaperheet"),
    ("Vahvuutta vanhemmuuteen", "Vahvuutta vanhemmuuteen", "Vahvuutta vanhemmuuteen"),
    ("Perhekeskus", "Familjecentrum", "Family centre"),
    (
        "Lastensuojelun systeeminen toimintamalli",
        "barnskydd",
        "Systemic practice model for child protection",
    ),
]


def counts():
    return {
        "pages": Page.objects.count(),
        "revisions": Revision.objects.count(),
        "live entries": EntryPage.objects.live().count(),
        "facets": sum(model.objects.count() for model in facet_models().values()),
    }


def test_running_the_loader_twice_changes_nothing(db):
    before = counts()
    call_command("load_demo", stdout=open(os.devnull, "w"))
    assert counts() == before


def test_at_least_twelve_entries_in_each_language(db):
    for language in ("fi", "sv", "en"):
        assert EntryPage.objects.live().filter(locale__language_code=language).count() >= 12


@pytest.mark.parametrize("names", NAMES, ids=[n[2] for n in NAMES])
def test_named_entries_exist_in_all_three_languages(db, names):
    for language, name in zip(("fi", "sv", "en"), names, strict=True):
        assert (
            EntryPage.objects.live()
            .filter(locale__language_code=language, title__icontains=name)
            .exists()
        ), f"no {language} entry titled with {name!r}"


def test_every_section_is_filled_in_every_language(db):
    for page in EntryPage.objects.live().specific():
        for field in (
            "summary",
            "alternative_names",
            "aims",
            "target_group_description",
            "delivery_description",
            "delivered_by",
            "training",
            "cost",
            "licence",
            "owner_organisation",
            "evidence_rationale",
        ):
            assert getattr(page, field).strip(), f"{page.slug} ({page.locale}) has no {field}"
        assert len(page.body) >= 2, page.slug
        assert page.target_groups.exists(), page.slug
        assert page.evidence_level is not None, page.slug


def test_models_list_methods_in_the_same_language(db):
    for model in ModelPage.objects.live():
        methods = model.methods_used()
        assert methods, model.slug
        assert {method.locale_id for method in methods} == {model.locale_id}


def test_methods_and_models_are_both_present(db):
    assert MethodPage.objects.live().count() >= 30
    assert ModelPage.objects.live().count() == 6


def test_the_demo_records_where_entries_are_in_use_in_every_language(db):
    from methods.implementations import Implementation

    for language in ("fi", "sv", "en"):
        voimaperheet = EntryPage.objects.get(
            translation_key="108419ae-507c-45c6-b860-67013ec46841",
            locale__language_code=language,
        )
        west = voimaperheet.implementations.get(region__code="03")
        assert (west.since_year, west.service_language_list) == (2023, ["fi", "sv"])
        mst = EntryPage.objects.get(
            translation_key="dc3fb001-ac8c-4592-b14f-11323426c890",
            locale__language_code=language,
        )
        assert mst.not_known_in_finland and not mst.implementations.exists()
    assert Implementation.objects.filter(locale__language_code="fi").count() == 9
