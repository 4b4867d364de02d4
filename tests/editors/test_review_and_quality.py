"""Evidence re-review on the dashboard, and the content checks an entry meets before it is published."""

import datetime

from django.urls import reverse
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file
from wagtail.test.utils.form_data import rich_text

from methods.evidence import EvidenceLevel
from methods.models import EntryPage
from methods.quality import check_page
from methods.review import months_before, review_overview
from tests.factories import MethodFactory, index_page, locale
from tests.forms import form_data

TODAY = datetime.date(2026, 6, 15)


def rated(title, last_reviewed):
    return MethodFactory(
        title=title,
        evidence_level=EvidenceLevel.SOME_EVIDENCE,
        references=["Study"],
        evidence_last_reviewed=last_reviewed,
    )


def test_months_before_keeps_the_day_or_takes_the_months_last():
    assert months_before(datetime.date(2026, 6, 15), 24) == datetime.date(2024, 6, 15)
    assert months_before(datetime.date(2026, 3, 31), 1) == datetime.date(2026, 2, 28)


def test_overdue_due_soon_and_unrated_entries_are_listed(db, settings):
    settings.EVIDENCE_REVIEW_MONTHS = 24
    settings.EVIDENCE_REVIEW_DUE_SOON_DAYS = 60
    overdue = rated("Overdue", datetime.date(2024, 6, 14))
    due_soon = rated("Due soon", datetime.date(2024, 7, 1))
    recent = rated("Recent", datetime.date(2026, 1, 1))
    unrated = MethodFactory(title="Unrated", evidence_level=EvidenceLevel.NOT_RATED)

    overview = review_overview(TODAY)

    def titles(pages):
        return {page.title for page in pages}

    assert overdue.title in titles(overview.overdue) - titles(overview.due_soon)
    assert due_soon.title in titles(overview.due_soon) - titles(overview.overdue)
    assert recent.title not in titles(overview.overdue + overview.due_soon)
    assert unrated.title in titles(overview.unrated)
    assert all(page.locale == locale("fi") for page in overview.overdue)


def test_the_review_period_is_configurable(db, settings):
    settings.EVIDENCE_REVIEW_MONTHS = 3
    recent = rated("Reviewed in January", datetime.date(2026, 1, 1))
    assert recent.title in {page.title for page in review_overview(TODAY).overdue}


def test_the_dashboard_shows_the_re_review_panel(client, make_user):
    client.force_login(make_user("admin-user", superuser=True))
    entry = rated("Long ago reviewed", datetime.date(2001, 1, 1))

    html = client.get(reverse("wagtailadmin_home")).content.decode()

    assert "evidence-review-panel" in html
    assert entry.title in html


def test_a_reference_without_a_year_blocks_publishing(client, make_user):
    client.force_login(make_user("admin-user", superuser=True))
    url = reverse("wagtailadmin_pages:add", args=("methods", "methodpage", index_page("fi").pk))
    data = form_data(
        slug="ilman-vuotta",
        references=[{"citation": "Some study", "year": "", "doi": "", "url": ""}],
    )

    response = client.post(url, data)

    assert response.status_code == 200
    assert "Some study" in str(response.context["form"].non_field_errors())
    assert not EntryPage.objects.filter(slug="ilman-vuotta").exists()


def test_a_link_to_a_page_that_no_longer_exists_blocks_publishing(client, make_user):
    client.force_login(make_user("admin-user", superuser=True))
    url = reverse("wagtailadmin_pages:add", args=("methods", "methodpage", index_page("fi").pk))
    data = form_data(
        slug="rikki",
        aims=rich_text('<p><a linktype="page" id="999999">Vanha sivu</a></p>'),
    )

    response = client.post(url, data)

    assert response.status_code == 200
    assert response.context["form"].errors["aims"]


def test_a_summary_over_300_characters_is_refused(client, make_user):
    client.force_login(make_user("admin-user", superuser=True))
    url = reverse("wagtailadmin_pages:add", args=("methods", "methodpage", index_page("fi").pk))
    response = client.post(url, form_data(slug="pitka", summary="x" * 301))
    assert response.context["form"].errors["summary"]


def test_an_image_without_alt_text_is_a_warning_not_an_error(client, make_user):
    client.force_login(make_user("admin-user", superuser=True))
    image = Image.objects.create(title="Kaavio", file=get_test_image_file())
    url = reverse("wagtailadmin_pages:add", args=("methods", "methodpage", index_page("fi").pk))
    body = [("image", {"image": image.pk, "caption": ""})]
    data = form_data(slug="kuvallinen", body=body)

    response = client.post(url, data, follow=True)

    page = EntryPage.objects.get(slug="kuvallinen")
    assert page.live
    shown = [str(message) for message in response.context["messages"]]
    assert any("Kaavio" in message for message in shown)
    assert check_page(page.specific).warnings


def test_service_models_are_not_listed_for_re_review_since_they_are_not_rated(db):
    from tests.factories import ModelFactory

    model = ModelFactory(title="Palvelumalli ilman arviota", evidence_level=EvidenceLevel.NOT_RATED)
    method = MethodFactory(title="Menetelmä ilman arviota", evidence_level=EvidenceLevel.NOT_RATED)
    overview = review_overview(TODAY)
    listed = {page.title for page in overview.overdue + overview.due_soon + overview.unrated}
    assert method.title in listed
    assert model.title not in listed
