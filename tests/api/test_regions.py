"""Where entries are in use, through the partner API: filters, facets, regions, entry detail, feed."""

import datetime

import pytest

from methods.implementations import Implementation
from methods.models import EntryPage, Region
from partners.models import Change
from tests.factories import MethodFactory

VOIMAPERHEET = "108419ae-507c-45c6-b860-67013ec46841"


def test_methods_in_ostrobothnia_in_swedish(client, db):
    answer = client.get(
        "/api/v1/methods/", {"lang": "sv", "region": "17", "service_language": "sv"}
    )
    assert answer.status_code == 200
    data = answer.json()
    assert sorted(result["title"] for result in data["results"]) == ["Familjecentrum", "KiVa Skola"]
    regions = {value["code"]: value for value in data["facets"]["regions"]}
    assert regions["17"]["label"] == "Österbottens välfärdsområde"
    # West Uusimaa adds Voimaperheet, offered there in Swedish
    assert regions["03"]["count"] == 3
    languages = {value["code"]: value["count"] for value in data["facets"]["service_languages"]}
    assert languages["sv"] == 2


def test_nationwide_use_counts_for_every_county(client, db):
    data = client.get("/api/v1/methods/", {"lang": "en"}).json()
    counts = {value["code"]: value["count"] for value in data["facets"]["regions"]}
    assert len(counts) == 23
    assert min(counts.values()) >= 4  # Voimaperheet, KiVa, family centres, the systemic model
    assert counts["03"] == counts["02"] + 0  # West Uusimaa's own row is Voimaperheet's too


@pytest.mark.parametrize(
    ("parameters", "parameter"),
    [({"region": "99"}, "region"), ({"service_language": "xx"}, "service_language")],
)
def test_unknown_codes_are_refused_naming_the_parameter(client, db, parameters, parameter):
    answer = client.get("/api/v1/methods/", parameters)
    assert answer.status_code == 400
    assert answer.json()["parameter"] == parameter


def test_the_entry_detail_lists_its_implementations(client, db):
    data = client.get(f"/api/v1/methods/{VOIMAPERHEET}/", {"lang": "sv"}).json()
    west = [
        item
        for item in data["implementations"]
        if item["region"] and item["region"]["code"] == "03"
    ]
    assert west and west[0]["service_languages"] == ["fi", "sv"]
    assert west[0]["since_year"] == 2023 and west[0]["status"] == "in-use"
    assert west[0]["region"]["name"] == "Västra Nylands välfärdsområde"
    assert data["not_known_in_finland"] is False
    assert any(item["operator_kind"] == "nationwide" for item in data["implementations"])


def test_the_regions_list_has_every_county_with_counts(client, db):
    data = client.get("/api/v1/regions/", {"lang": "en"}).json()
    assert [region["code"] for region in data["regions"]][-2:] == ["90", "91"]
    ostrobothnia = next(region for region in data["regions"] if region["code"] == "17")
    assert ostrobothnia["language_status"] == "fi-sv"
    assert ostrobothnia["entries_in_swedish"] == 2
    assert "Statistics Finland" in data["credit"]


def test_a_regions_methods(client, db):
    data = client.get("/api/v1/regions/90/", {"lang": "fi", "service_language": "sv"}).json()
    assert data["region"]["name"] == "Helsingin kaupunki"
    titles = [entry["title"] for entry in data["entries"]]
    assert "KiVa Koulu" in titles and "Monimuotoinen perheterapia (MDFT)" not in titles
    everything = client.get("/api/v1/regions/90/", {"lang": "fi"}).json()
    assert any("MDFT" in entry["title"] for entry in everything["entries"])
    assert client.get("/api/v1/regions/99/").status_code == 404


def test_regions_are_in_the_openapi_document(client, db):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert "/api/v1/regions/" in paths and "/api/v1/regions/{code}/" in paths
    parameters = {p["name"] for p in paths["/api/v1/methods/"]["get"]["parameters"]}
    assert {"region", "service_language"} <= parameters


def test_a_draft_implementation_never_reaches_the_api(client, db):
    page = MethodFactory(title="Draft-only use")
    draft = page.get_latest_revision_as_object()
    draft.implementations = [
        Implementation(
            locale=page.locale,
            operator_kind="county",
            region=Region.objects.get(code="20"),
            status="in-use",
            service_languages="fi",
            source="Draft",
            last_confirmed=datetime.date(2025, 1, 1),
        )
    ]
    draft.save_revision()
    detail = client.get(f"/api/v1/methods/{page.translation_key}/").json()
    assert detail["implementations"] == []
    region = client.get("/api/v1/regions/20/").json()
    assert "Draft-only use" not in [entry["title"] for entry in region["entries"]]


def test_publishing_an_implementation_reaches_the_feed_and_fresh_answers(client, db):
    page = MethodFactory(title="Kainuussa käytössä")
    before = client.get("/api/v1/regions/20/").json()["count"]
    content = page.get_latest_revision_as_object()
    content.implementations = [
        Implementation(
            locale=page.locale,
            operator_kind="county",
            region=Region.objects.get(code="20"),
            status="piloting",
            service_languages="fi",
            source="The county",
            last_confirmed=datetime.date(2025, 1, 1),
        )
    ]
    content.save_revision().publish()
    assert client.get("/api/v1/regions/20/").json()["count"] == before + 1
    last = Change.objects.order_by("-sequence").first()
    assert (str(last.entry_id), last.event) == (str(page.translation_key), "publish")
    assert EntryPage.objects.get(pk=page.pk).implementations.count() == 1
