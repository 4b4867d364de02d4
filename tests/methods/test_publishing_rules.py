"""Publishing rules, applied in the editor with messages in the editor's own language."""

import pytest
from django.urls import reverse
from wagtail.test.utils.form_data import rich_text

from methods.evidence import EvidenceLevel
from methods.models import EntryPage, MethodPage
from methods.publishing import publishing_problems
from tests.factories import MethodFactory, index_page
from tests.forms import form_data


def add_url():
    return reverse("wagtailadmin_pages:add", args=("methods", "methodpage", index_page("fi").pk))


def test_a_complete_entry_is_published(admin_client_in):
    client = admin_client_in("en")
    response = client.post(add_url(), form_data())
    assert response.status_code == 302, response.context["form"].errors
    assert MethodPage.objects.get(slug="uusi-menetelma").live


@pytest.mark.parametrize(
    ("language", "field", "overrides", "message"),
    [
        ("fi", "summary", {"summary": ""}, "Tiivistelmä"),
        ("sv", "summary", {"summary": ""}, "sammanfattning"),
        ("en", "summary", {"summary": ""}, "A summary is required before publishing."),
        ("en", "target_groups", {"target_groups": []}, "at least one target group"),
        ("en", "evidence_level", {"evidence_level": ""}, "Choose an evidence rating"),
        (
            "en",
            "evidence_level",
            {"evidence_level": str(EvidenceLevel.GOOD_EVIDENCE)},
            "needs at least one reference",
        ),
    ],
)
def test_publishing_is_refused_with_a_message_in_the_editors_language(
    admin_client_in, language, field, overrides, message
):
    client = admin_client_in(language)
    response = client.post(add_url(), form_data(**overrides))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert field in errors
    assert message.lower() in " ".join(errors[field]).lower()
    assert not MethodPage.objects.filter(slug="uusi-menetelma").exists()


def test_a_rated_entry_with_a_reference_is_published(admin_client_in):
    client = admin_client_in("en")
    data = form_data(
        evidence_level=str(EvidenceLevel.GOOD_EVIDENCE),
        references=[{"citation": "Tutkija 2020.", "year": "2020", "doi": "", "url": ""}],
        evidence_rationale=rich_text("<p>Yksi satunnaistettu tutkimus.</p>"),
        evidence_justification="Tutkimusta ei ole vielä kirjattu.",
    )
    response = client.post(add_url(), data)
    assert response.status_code == 302, response.context["form"].errors
    assert MethodPage.objects.get(slug="uusi-menetelma").references.count() == 1


def test_an_incomplete_draft_may_be_saved(admin_client_in):
    client = admin_client_in("en")
    data = form_data(summary="", target_groups=[], evidence_level="")
    del data["action-publish"]
    response = client.post(add_url(), data)
    assert response.status_code == 302
    page = MethodPage.objects.get(slug="uusi-menetelma")
    assert not page.live


def test_age_range_must_run_from_low_to_high(admin_client_in):
    client = admin_client_in("en")
    response = client.post(add_url(), form_data(age_min="12", age_max="3"))
    assert response.status_code == 200
    assert "greater than the oldest" in " ".join(response.context["form"].errors["age_min"])


def test_ages_above_25_are_refused(admin_client_in):
    client = admin_client_in("en")
    response = client.post(add_url(), form_data(age_max="30"))
    assert "age_max" in response.context["form"].errors


def test_the_rules_as_plain_values():
    assert (
        publishing_problems(summary="x", target_group_count=1, evidence_level=0, reference_count=0)
        == {}
    )
    assert set(
        publishing_problems(
            summary=" ", target_group_count=0, evidence_level=None, reference_count=0
        )
    ) == {"summary", "target_groups", "evidence_level"}
    assert "evidence_level" in publishing_problems(
        summary="x", target_group_count=1, evidence_level=1, reference_count=0
    )


def test_factory_entries_are_public(db):
    page = MethodFactory(title="Factory entry")
    assert EntryPage.objects.filter(pk=page.pk, live=True).exists()
