"""Regions as reference data, the rules of an implementation, and the editor's errors."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from methods.implementations import Implementation, ImplementationStatus, OperatorKind
from methods.models import EntryPage, Region
from methods.regions import TILE_POSITIONS, LanguageStatus
from tests.factories import MethodFactory
from tests.forms import form_data


def test_every_install_has_the_23_regions_with_statistics_finlands_codes(db):
    codes = list(Region.objects.values_list("code", flat=True))
    assert codes == [f"{n:02d}" for n in range(1, 22)] + ["90", "91"]
    ostrobothnia = Region.objects.get(code="17")
    assert (ostrobothnia.name_fi, ostrobothnia.name_sv, ostrobothnia.name_en) == (
        "Pohjanmaan hyvinvointialue",
        "Österbottens välfärdsområde",
        "Ostrobothnia wellbeing services county",
    )
    bilingual = set(
        Region.objects.filter(language_status=LanguageStatus.BILINGUAL).values_list(
            "code", flat=True
        )
    )
    assert bilingual == {"01", "03", "04", "05", "10", "17", "18", "90"}
    assert Region.objects.get(code="91").language_status == LanguageStatus.SWEDISH
    assert sum(Region.objects.values_list("municipality_count", flat=True)) == 308


def test_every_region_has_one_square_on_the_tile_map(db):
    codes = set(Region.objects.values_list("code", flat=True))
    assert set(TILE_POSITIONS) == codes
    assert len(set(TILE_POSITIONS.values())) == len(codes)


def implementation(**fields):
    values = {
        "operator_kind": OperatorKind.COUNTY,
        "region": Region.objects.get(code="03"),
        "status": ImplementationStatus.IN_USE,
        "since_year": 2020,
        "service_languages": "fi, sv",
        "source": "The county's web page",
        "last_confirmed": "2025-01-01",
    }
    values.update(fields)
    return Implementation(**values)


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"status": "ended", "since_year": 2020, "end_year": 2018}, "end_year", "before the start"),
        ({"service_languages": "fi, xx"}, "service_languages", "Unknown language code: xx"),
        ({"status": "ended", "end_year": None}, "end_year", "needs the year it ended"),
        ({"end_year": 2022}, "end_year", "Only an ended implementation"),
        ({"operator_kind": "nationwide"}, "region", "no county"),
        ({"region": None}, "region", "Choose the county"),
        ({"operator_kind": "ngo", "organisation": ""}, "organisation", "Name the"),
    ],
)
def test_an_implementation_that_breaks_a_rule_names_the_field(db, fields, field, message):
    with translation.override("en"), pytest.raises(ValidationError) as error:
        implementation(**fields).clean()
    assert message in " ".join(error.value.message_dict[field])


def test_language_codes_are_normalised(db):
    item = implementation(service_languages="FI;sv , se")
    item.clean()
    assert item.service_languages == "fi, sv, se"


def test_the_editor_shows_a_clear_error_and_saves_nothing(admin_client_in, db):
    client = admin_client_in("en")
    page = MethodFactory()
    revisions = page.revisions.count()
    bad = {
        "operator_kind": "county",
        "region": str(Region.objects.get(code="17").pk),
        "organisation": "",
        "service_area": "",
        "status": "ended",
        "since_year": "2021",
        "end_year": "2019",
        "service_languages": "fi, qq",
        "contact_url": "",
        "contact_email": "",
        "source": "A report",
        "last_confirmed": "2025-01-01",
        "description": "",
    }
    response = client.post(
        f"/admin/pages/{page.pk}/edit/",
        form_data(title=page.title, slug=page.slug, implementations=[bad]),
    )
    assert response.status_code == 200
    text = response.content.decode()
    assert "The end year (2019) is before the start year (2021)." in text
    assert "Unknown language code: qq" in text
    assert page.revisions.count() == revisions
    assert not Implementation.objects.filter(page=page).exists()


def test_the_editor_adds_an_implementation_copied_to_publication(admin_client_in, db):
    client = admin_client_in("en")
    page = MethodFactory()
    good = {
        "operator_kind": "county",
        "region": str(Region.objects.get(code="17").pk),
        "organisation": "",
        "service_area": "",
        "status": "in-use",
        "since_year": "2021",
        "end_year": "",
        "service_languages": "sv, fi",
        "contact_url": "https://example.org/service",
        "contact_email": "",
        "source": "A report",
        "last_confirmed": "2025-01-01",
        "description": "Grupper på svenska.",
    }
    response = client.post(
        f"/admin/pages/{page.pk}/edit/",
        form_data(title=page.title, slug=page.slug, implementations=[good]),
    )
    assert response.status_code == 302
    live = EntryPage.objects.get(pk=page.pk)
    [item] = live.implementations.all()
    assert (item.region.code, item.service_language_list) == ("17", ["sv", "fi"])


def test_the_dashboard_lists_implementations_not_confirmed_in_24_months(admin_client_in, db):
    page = MethodFactory(
        title="Vanha tieto",
        implementations=[
            {
                "operator_kind": "county",
                "region": Region.objects.get(code="20"),
                "status": "in-use",
                "service_languages": "fi",
                "source": "An old report",
                "last_confirmed": "2019-05-01",
            },
            {
                "operator_kind": "county",
                "region": Region.objects.get(code="21"),
                "status": "ended",
                "since_year": 2015,
                "end_year": 2018,
                "service_languages": "fi",
                "source": "An old report",
                "last_confirmed": "2019-05-01",
            },
        ],
    )
    html = admin_client_in("en").get("/admin/").content.decode()
    panel = html[html.index('class="w-mb-8 where-used-panel"') :]
    stale = panel[panel.index("stale-implementations") :]
    assert f"/admin/pages/{page.pk}/edit/" in stale
    assert stale.count("Vanha tieto") == 1  # the ended one is not stale
