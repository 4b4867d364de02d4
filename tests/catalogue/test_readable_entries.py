"""Entries a reader can read: no empty sections, languages and dates written out in the reader's
language, when the entry and its evidence were last looked at, and printouts that say where they
came from; a home page that says what the library is."""

import datetime
import re

import pytest
from django.utils import timezone

from methods.models import EntryPage, MethodPage
from tests.factories import MethodFactory

UPDATED = timezone.make_aware(datetime.datetime(2025, 12, 6, 12, 0))
REVIEWED = datetime.date(2025, 6, 12)
WRITTEN_OUT = {
    "fi": ("6. joulukuuta 2025", "12. kesäkuuta 2025", "suomi, ruotsi, englanti"),
    "sv": ("6 december 2025", "12 juni 2025", "finska, svenska, engelska"),
    "en": ("6 December 2025", "12 June 2025", "Finnish, Swedish, English"),
}


def html_of(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def sparse_entry():
    """A method with a summary, a target group and a rating, and nothing else."""
    return MethodFactory(
        title="Niukka menetelmä",
        slug="niukka",
        aims="",
        target_group_description="",
        delivery_description="",
        delivered_by="",
        training="",
        cost="",
        licence="",
        owner_organisation="",
        owner_website="",
        contact_email="",
        material_languages="",
        training_available_in_finland=None,
        sessions_min=None,
        session_length_minutes=None,
        duration_weeks_min=None,
        body=[],
    )


def test_empty_sections_are_not_shown_to_readers(client, db):
    page = sparse_entry()
    html = html_of(client, page.url)
    for section in ("aims", "delivery", "training", "cost", "owner", "description", "related"):
        assert f'<section id="{section}"' not in html, section
        assert f'href="#{section}"' not in html, section
    assert "<dd>–</dd>" not in html and "<li>–</li>" not in html
    assert '<section id="evidence"' in html
    assert "editor-note" not in html


def test_the_editors_preview_lists_what_is_missing(db, rf):
    page = MethodPage.objects.get(pk=sparse_entry().pk)
    response = page.make_preview_request()
    html = response.content.decode()
    note = re.search(r'<aside class="editor-note.*?</aside>', html, re.S).group(0)
    for label in ("Tavoitteet", "Kustannukset ja lisenssi", "Kuvaus"):
        assert label in note, label


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_languages_and_dates_are_written_out_in_the_readers_language(client, db, language):
    entry = EntryPage.objects.live().get(
        locale__language_code=language,
        translation_key=(
            EntryPage.objects.get(
                locale__language_code="fi", slug="lapset-puheeksi"
            ).translation_key
        ),
    )
    EntryPage.objects.filter(translation_key=entry.translation_key).update(
        material_languages="fi, sv, en",
        last_published_at=UPDATED,
        evidence_last_reviewed=REVIEWED,
    )
    html = html_of(client, entry.url)
    updated, reviewed, languages = WRITTEN_OUT[language]
    assert f">{updated}</time>" in html
    assert f">{reviewed}</time>" in html
    assert f"<dd>{languages}</dd>" in html
    assert "fi, sv, en" not in html
    assert not re.search(r"\b\d{1,2}[./]\d{1,2}[./]\d{4}\b", html)


def test_an_entry_never_reviewed_says_so(client, db):
    page = MethodFactory(title="Arvioimaton", slug="arvioimaton", evidence_last_reviewed=None)
    assert "Näyttöä ei ole vielä arvioitu" in html_of(client, page.url)


def test_a_printout_carries_the_address_the_date_and_the_sites_name(client, db):
    entry = EntryPage.objects.live().filter(locale__language_code="sv").first()
    html = html_of(client, entry.url)
    header = re.search(r'<p class="print-only print-header">(.*?)</p>', html, re.S).group(1)
    footer = re.search(r'<p class="print-only print-footer">(.*?)</p>', html, re.S).group(1)
    address = f"http://testserver{entry.url}"
    assert "Metodbibliotek" in header and address in header
    assert "Utskriven" in footer and address in footer and "data-print-date" in footer


@pytest.mark.parametrize(
    ("language", "first_sentence"),
    [
        ("fi", "Menetelmäkirjasto kuvaa lasten ja perheiden palveluissa"),
        ("sv", "Metodbiblioteket beskriver evidensbaserade metoder"),
        ("en", "The Methods library describes evidence-based working methods"),
    ],
)
def test_the_home_page_says_what_the_library_is_and_how_to_read_the_evidence(
    client, db, language, first_sentence
):
    html = html_of(client, f"/{language}/")
    about = re.search(r'<div class="about">(.*?)</div>', html, re.S).group(1)
    assert first_sentence in about
    assert len(re.findall(r"[.!?](?:\s|</p>)", about)) == 3
    assert 'href="#evidence-scale"' in about
    assert 'id="evidence-scale"' in html
    assert html.count('<dt><span class="badge"') == 6
    catalogue = re.search(r'action="([^"]+)"', html).group(1)
    assert f'href="{catalogue}?topic=' in html
    assert f'href="{catalogue}?service_area=' in html


def test_an_entry_page_reads_the_facet_labels_once_per_content_version(client, db):
    """The labels are shown in several parts of a page (facets, JSON-LD, regions, outcomes); each
    part used to read them again: five queries per facet per page."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from methods.models import TargetGroup

    page = EntryPage.objects.live().filter(locale__language_code="fi").first()
    client.get(page.url)
    with CaptureQueriesContext(connection) as captured:
        html = html_of(client, page.url)
    label_reads = [
        query["sql"]
        for query in captured.captured_queries
        if '"methods_targetgroup"."name" AS "name"' in query["sql"]
    ]
    assert label_reads == []  # read once for this content version, by the first request
    # a renamed facet value moves the content version: the page shows the new label at once
    code = page.target_groups.first().code
    value = TargetGroup.objects.get(code=code, locale__language_code="fi")
    assert value.name in html
    value.name = "Kirahvien vanhemmat"
    value.save()
    assert "Kirahvien vanhemmat" in html_of(client, page.url)
