"""Where each method is in use, on the site: entry pages, county pages, filters and field reports."""

import datetime
import re

import pytest
from django.test import Client, override_settings

from methods.implementations import Implementation, ImplementationReport, ReportStatus
from methods.models import EntryPage, Region
from tests.factories import MethodFactory, index_page

VOIMAPERHEET = "108419ae-507c-45c6-b860-67013ec46841"
MST = "dc3fb001-ac8c-4592-b14f-11323426c890"


def text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def section(response, element_id: str) -> str:
    html = response.content.decode()
    start = html.index(f'id="{element_id}"')
    return re.sub(
        r"\s+", " ", re.sub(r"<[^>]+>", " ", html[start : html.index("</section>", start)])
    )


def entry(key: str, language: str) -> EntryPage:
    return EntryPage.objects.get(translation_key=key, locale__language_code=language)


@pytest.mark.parametrize(
    ("language", "county"),
    [
        ("fi", "Länsi-Uudenmaan hyvinvointialue"),
        ("sv", "Västra Nylands välfärdsområde"),
        ("en", "West Uusimaa wellbeing services county"),
    ],
)
def test_voimaperheet_shows_west_uusimaa_in_finnish_and_swedish(client, db, language, county):
    response = client.get(entry(VOIMAPERHEET, language).url)
    html = response.content.decode()
    heading = re.search(rf'<h3><a href="[^"]+regions/03/">{county}</a></h3>', html)
    assert heading
    group = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html[heading.end() : heading.end() + 1500]))
    assert "fi sv" in group.split("Lähde")[0].split("Källa")[0].split("Source")[0]
    assert "2023" in group
    # the tile of West Uusimaa names the county and its languages
    assert re.search(rf"{county}: [^<]*(ruotsi|Svenska|Swedish)", response.content.decode())


def test_mst_is_shown_as_not_known_to_be_in_use_in_finland(client, db):
    assert "Not known to be in use in Finland" in section(
        client.get(entry(MST, "en").url), "where-used"
    )


def test_a_swedish_speaking_worker_in_ostrobothnia_lists_what_is_offered_in_swedish(client, db):
    index = index_page("sv")
    response = client.get(f"{index.url}regions/17/?service_language=sv")
    assert response.status_code == 200
    page = text(response)
    assert "Österbottens välfärdsområde" in page
    assert "KiVa Skola" in page and "Familjecentrum" in page
    # in use there, but with no Swedish recorded
    assert "Systemisk" not in page.split("i bruk här")[-1] or "barnskydd" not in page
    catalogue = client.get(index.url, {"region": "17", "service_language": "sv"})
    titles = re.findall(r'<h3 id="result-\d+"><a [^>]+>([^<]+)</a>', catalogue.content.decode())
    assert sorted(titles) == ["Familjecentrum", "KiVa Skola"]


def test_the_county_list_shows_swedish_coverage_of_bilingual_counties(client, db):
    response = client.get(f"{index_page('en').url}regions/")
    html = response.content.decode()
    row = re.search(r">Ostrobothnia wellbeing services county</a></th>(.*?)</tr>", html).group(1)
    assert "bilingual" in row
    assert re.search(r"<strong>\d+</strong> / \d+", row)
    assert html.count('class="tile ') == 23


def test_an_unknown_county_is_not_found(client, db):
    assert client.get(f"{index_page('fi').url}regions/99/").status_code == 404


def test_draft_implementations_never_reach_the_site(client, db):
    page = MethodFactory(title="Luonnosmenetelmä")
    draft = page.get_latest_revision_as_object()
    draft.implementations = [
        Implementation(
            locale=page.locale,
            operator_kind="county",
            region=Region.objects.get(code="17"),
            status="in-use",
            service_languages="sv",
            source="Draft",
            last_confirmed=datetime.date(2025, 1, 1),
        )
    ]
    draft.save_revision()
    shown = client.get(page.url).content.decode()
    assert "Käyttöpaikkoja ei ole vielä kirjattu." in shown  # "No places of use recorded yet."
    assert "regions/17/" not in shown
    region = client.get(f"{index_page('fi').url}regions/17/")
    assert "Luonnosmenetelmä" not in text(region)


# --- Reports from the field ----------------------------------------------------------------------


def report_data(**overrides):
    data = {
        "operator_kind": "county",
        "organisation": "",
        "region": str(Region.objects.get(code="17").pk),
        "service_area": "",
        "status": "in-use",
        "since_year": "2024",
        "end_year": "",
        "service_languages": "sv, fi",
        "contact_url": "https://example.org/familjetjanster",
        "contact_email": "",
        "source": "Our service's web page",
        "description": "Grupper för föräldrar på svenska och finska.",
        "homepage": "",
    }
    data.update(overrides)
    return data


@pytest.fixture(autouse=True)
def fresh_rate_limit():
    from django.core.cache import cache

    cache.clear()


def report_url(page) -> str:
    return f"{page.get_parent().url}report/{page.translation_key}/"


def test_a_report_needs_no_csrf_token_and_the_browser_sends_none(db):
    """The report form is anonymous (no session, no user): a CSRF token would protect nothing and
    would keep every entry page out of the page cache. The honeypot and the limit per address
    stay."""
    page = MethodFactory(title="Raportoitava ilman evästettä")
    browser = Client(enforce_csrf_checks=True)
    html = browser.get(page.url).content.decode()
    start = html.index('id="report"')
    assert "<form" in html[start : html.index("</form>", start)]
    assert "csrfmiddlewaretoken" not in html[start : html.index("</form>", start)]
    response = browser.post(report_url(page), report_data())
    assert response.status_code == 303
    assert ImplementationReport.objects.filter(entry_key=page.translation_key).count() == 1
    # the rest of the site still checks: the admin's sign-in is refused without a token
    assert browser.post("/admin/login/", {"username": "x", "password": "y"}).status_code == 403


def test_a_report_is_shown_only_after_an_editor_approves_it(client, admin_client_in, db):
    page = MethodFactory(title="Raportoitava menetelmä")
    response = client.post(report_url(page), report_data())
    assert response.status_code == 303
    assert response["Location"].endswith("?reported=1#report")
    report = ImplementationReport.objects.get(entry_key=page.translation_key)
    assert report.review_status == ReportStatus.PENDING
    assert "Österbottens" not in text(client.get(page.url))
    assert not page.implementations.exists()

    editor = admin_client_in("en")
    dashboard = editor.get("/admin/")
    assert f"/admin/field-reports/{report.pk}/" in dashboard.content.decode()
    review = editor.post(f"/admin/field-reports/{report.pk}/", {"action": "approve"})
    assert review.status_code == 302
    report.refresh_from_db()
    assert report.review_status == ReportStatus.APPROVED
    shown = section(client.get(page.url), "where-used")
    assert "Pohjanmaan hyvinvointialue" in shown
    assert "sv fi" in shown
    # approving twice adds nothing
    editor.post(f"/admin/field-reports/{report.pk}/", {"action": "approve"})
    assert EntryPage.objects.get(pk=page.pk).implementations.count() == 1


def test_a_rejected_report_shows_nothing(client, admin_client_in, db):
    page = MethodFactory()
    client.post(report_url(page), report_data())
    report = ImplementationReport.objects.get(entry_key=page.translation_key)
    admin_client_in("en").post(f"/admin/field-reports/{report.pk}/", {"action": "reject"})
    report.refresh_from_db()
    assert report.review_status == ReportStatus.REJECTED
    assert not EntryPage.objects.get(pk=page.pk).implementations.exists()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"homepage": "http://spam.example"}, "a field meant to stay empty was filled in"),
        ({"description": "<a href='http://x'>cheap</a>"}, "HTML is not accepted here"),
        ({"source": "Look &lt;here&gt;"}, "HTML is not accepted here"),
        ({"status": "ended", "end_year": "2020"}, "is before the start year"),
        ({"service_languages": "sv, zz"}, "Unknown language code: zz"),
        ({"status": "ended"}, "needs the year it ended"),
        ({"service_languages": ""}, "This field is required"),
        ({"contact_url": ""}, "shared mailbox"),
    ],
)
def test_spam_and_bad_reports_are_refused_with_a_clear_message(client, db, overrides, message):
    page = MethodFactory(language="en")
    response = client.post(report_url(page), report_data(**overrides))
    assert response.status_code == 400
    assert message in response.content.decode().replace("&#x27;", "'")
    assert not ImplementationReport.objects.filter(entry_key=page.translation_key).exists()


@override_settings(IMPLEMENTATION_REPORT_RATE_LIMIT=2)
def test_reports_are_rate_limited(client, db):
    page = MethodFactory()
    assert [client.post(report_url(page), report_data()).status_code for _ in range(3)] == [
        303,
        303,
        429,
    ]
    assert ImplementationReport.objects.filter(entry_key=page.translation_key).count() == 2


def test_a_report_about_a_draft_entry_is_not_found(client, db):
    page = MethodFactory(live=False)
    assert client.post(report_url(page), report_data()).status_code == 404


def test_the_report_form_says_what_is_kept_and_has_a_hidden_honeypot(client, db):
    page = MethodFactory(language="en")
    html = client.get(page.url).content.decode()
    note = re.search(r'<p class="privacy-note">(.*?)</p>', html, re.S).group(1)
    assert "we keep only what you write in this form and the time it was sent" in note
    assert "Your IP address is not stored" in note
    honeypot = re.search(r'<div class="honeypot" aria-hidden="true">(.*?)</div>', html, re.S)
    assert 'name="homepage"' in honeypot.group(1)


def test_a_report_about_a_private_entry_is_not_found_and_its_uses_stay_hidden(client, db):
    from wagtail.models import PageViewRestriction

    page = MethodFactory(title="Suljettu menetelmä")
    content = page.get_latest_revision_as_object()
    content.implementations = [
        Implementation(
            locale=page.locale,
            operator_kind="county",
            region=Region.objects.get(code="17"),
            status="in-use",
            service_languages="sv",
            source="The county",
            last_confirmed=datetime.date(2025, 1, 1),
        )
    ]
    content.save_revision().publish()
    in_ostrobothnia = client.get("/api/v1/regions/17/?lang=fi").json()["count"]
    PageViewRestriction.objects.create(page=page, restriction_type="password", password="x")

    assert client.post(report_url(page), report_data()).status_code == 404
    region = client.get(f"{index_page('fi').url}regions/17/?service_language=sv")
    assert "Suljettu menetelmä" not in text(region)
    api = client.get("/api/v1/regions/17/?lang=fi").json()
    assert api["count"] == in_ostrobothnia - 1
    assert "Suljettu menetelmä" not in [entry["title"] for entry in api["entries"]]
    listed = client.get("/api/v1/methods/?lang=fi&region=17&service_language=sv&limit=100").json()
    assert "Suljettu menetelmä" not in [entry["title"] for entry in listed["results"]]
