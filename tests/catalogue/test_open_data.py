"""Open data: the files at their stable URLs hold exactly what the public API answers, never a draft
or a private page, change with the content, import again, and are described in DCAT in three
languages."""

import csv
import datetime
import io

import pytest
from django.core.management import call_command
from wagtail.models import PageViewRestriction

from methods.evidence import EvidenceLevel
from methods.exchange.schema import SCHEMA
from methods.models import EntryPage, ModelMethod, ModelPage, TargetGroup
from tests.catalogue.test_discovery import ROOT, Head
from tests.factories import MethodFactory, ModelFactory, TargetGroupFactory, translate
from tests.methods.test_exchange import empty_library

LANGUAGES = ("fi", "sv", "en")


def api_entries(client) -> dict[tuple[str, str], dict]:
    """{(id, lang): summary} of every entry the public API lists, in every language."""
    found = {}
    for language in LANGUAGES:
        offset = 0
        while True:
            answer = client.get(
                f"/api/v1/methods/?lang={language}&limit=100&offset={offset}"
            ).json()
            for entry in answer["results"]:
                found[(entry["id"], language)] = entry
            offset += 100
            if not answer["next"]:
                break
        assert len([key for key in found if key[1] == language]) == answer["count"]
    return found


def open_csv(client) -> list[dict]:
    response = client.get("/open-data/methods.csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.content.startswith("\ufeff".encode())
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


def open_json(client) -> dict:
    response = client.get("/open-data/methods.json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    return response.json()


def _codes(values) -> str:
    return "; ".join(value["code"] for value in values)


def _seconds(text: str) -> datetime.datetime:
    return datetime.datetime.fromisoformat(text.replace("Z", "+00:00")).replace(microsecond=0)


@pytest.fixture
def hidden(db):
    """A draft, an unpublished and a private entry, a private translation, and a public entry
    and model that link to the draft."""
    secret = TargetGroupFactory(code="salainen-ryhma-od", name="Salainen ryhmä")
    draft = MethodFactory(title="Luonnos OD", slug="luonnos-od", live=False, target_groups=[secret])
    unpublished = MethodFactory(title="Vedetty OD", slug="vedetty-od")
    unpublished.unpublish()
    private = MethodFactory(title="Yksityinen OD", slug="yksityinen-od")
    PageViewRestriction.objects.create(page=private, restriction_type="password", password="x")
    parents = TargetGroup.objects.get(code="parents", locale__language_code="fi")
    public = MethodFactory(
        title="Julkinen OD",
        slug="julkinen-od",
        target_groups=[parents],
        aims=f'<p>Katso <a linktype="page" id="{draft.pk}">luonnos</a> ja lue lisää.</p>',
    )
    hemlig = translate(public, "sv", title="Hemlig OD", slug="hemlig-od")
    PageViewRestriction.objects.create(page=hemlig, restriction_type="password", password="x")
    translate(public, "en", title="Public OD", slug="public-od")
    model = ModelFactory(title="Malli OD", slug="malli-od", target_groups=[parents])
    model = ModelPage.objects.get(pk=model.pk)
    model.method_links = [ModelMethod(method=draft), ModelMethod(method=public)]
    model.save_revision().publish()
    return {"draft": draft, "unpublished": unpublished, "private": private, "public": public}


def test_the_csv_has_one_row_per_entry_and_language_that_the_api_lists(client, hidden):
    api = api_entries(client)
    rows = open_csv(client)
    by_key = {(row["id"], row["lang"]): row for row in rows}
    assert len(by_key) == len(rows), "one row per entry and language"
    assert set(by_key) == set(api)
    for key, entry in api.items():
        row = by_key[key]
        assert row["kind"] == entry["kind"]
        assert row["title"] == entry["title"]
        assert row["slug"] == entry["slug"]
        assert row["summary"] == entry["summary"]
        assert row["url"] == entry["url"]
        assert row["evidence_level"] == (entry["evidence"]["level"] or "")
        assert row["evidence_label"] == (entry["evidence"]["label"] or "")
        for facet in ("target_groups", "service_areas", "topics", "delivery_formats"):
            assert row[f"{facet}_codes"] == _codes(entry[facet])
            assert row[facet] == "; ".join(value["label"] for value in entry[facet])
        assert row["alternative_names"] == "; ".join(entry["alternative_names"])
        assert row["age_min"] == ("" if entry["age_min"] is None else str(entry["age_min"]))
        assert _seconds(row["updated_at"]) == _seconds(entry["updated_at"])
        assert row["translations"] == "; ".join(t["lang"] for t in entry["translations"])


def test_the_json_holds_the_entries_and_languages_the_api_lists(client, hidden):
    api = api_entries(client)
    data = open_json(client)
    assert data["schema"] == SCHEMA
    languages: dict[str, set] = {}
    for entry_id, language in api:
        languages.setdefault(entry_id, set()).add(language)
    assert {entry["id"]: set(entry["translations"]) for entry in data["entries"]} == languages
    for entry in data["entries"]:
        for language, text in entry["translations"].items():
            listed = api[(entry["id"], language)]
            assert text["live"] is True
            assert (text["title"], text["slug"], text["summary"]) == (
                listed["title"],
                listed["slug"],
                listed["summary"],
            )
            assert entry["kind"] == listed["kind"]
            assert entry["evidence"]["level"] == listed["evidence"]["level"]
            for facet in ("target_groups", "service_areas", "topics", "delivery_formats"):
                assert entry[facet] == [value["code"] for value in listed[facet]]


def test_no_draft_unpublished_or_private_content_in_any_file(client, hidden):
    bodies = [
        client.get(url).content.decode("utf-8-sig")
        for url in ("/open-data/methods.json", "/open-data/methods.csv")
    ]
    for body in bodies:
        for text in ("luonnos-od", "vedetty-od", "yksityinen-od", "hemlig-od", "Hemlig OD"):
            assert text not in body
        for page in ("draft", "unpublished", "private"):
            assert hidden[page].entry_id not in body
    entry = next(e for e in open_json(client)["entries"] if e["id"] == hidden["public"].entry_id)
    assert set(entry["translations"]) == {"fi", "en"}
    assert entry["translations"]["fi"]["aims"] == "<p>Katso <a>luonnos</a> ja lue lisää.</p>"
    model = next(
        e for e in open_json(client)["entries"] if e["translations"]["fi"]["slug"] == "malli-od"
    )
    assert model["uses_methods"] == [hidden["public"].entry_id]


def test_unpublished_changes_stay_out_of_the_files(client, db):
    page = MethodFactory(title="Julkaistu OD", slug="julkaistu-od", summary="Julkaistu.")
    draft = EntryPage.objects.get(pk=page.pk).specific
    draft.summary = "Luonnoksen tiivistelmä."
    draft.save_revision()
    for url in ("/open-data/methods.json", "/open-data/methods.csv"):
        body = client.get(url).content.decode("utf-8-sig")
        assert "Julkaistu." in body and "Luonnoksen tiivistelmä." not in body


def test_the_files_change_as_soon_as_the_content_does(client, db):
    first_json = client.get("/open-data/methods.json")
    first_csv = client.get("/open-data/methods.csv")
    assert (
        client.get("/open-data/methods.json", HTTP_IF_NONE_MATCH=first_json["ETag"]).status_code
        == 304
    )
    page = MethodFactory(title="Uusi OD", slug="uusi-od")
    assert page.entry_id in client.get("/open-data/methods.json").content.decode()
    assert page.entry_id in client.get("/open-data/methods.csv").content.decode()
    assert (
        client.get("/open-data/methods.json", HTTP_IF_NONE_MATCH=first_json["ETag"]).status_code
        == 200
    )
    assert client.get("/open-data/methods.csv")["ETag"] != first_csv["ETag"]
    page.unpublish()
    assert page.entry_id not in client.get("/open-data/methods.json").content.decode()


def test_the_json_imports_into_an_empty_library(client, hidden, tmp_path):
    api_before = api_entries(client)
    path = tmp_path / "methods.json"
    path.write_bytes(client.get("/open-data/methods.json").content)
    empty_library()
    call_command("import_methods", str(path), stdout=open("/dev/null", "w"))
    assert {(key, lang) for key, lang in api_entries(client)} == set(api_before)


def test_dcat_metadata_in_three_languages(client, db):
    response = client.get("/open-data/catalog.jsonld")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/ld+json; charset=utf-8"
    catalog = response.json()
    assert catalog["@type"] == "dcat:Catalog"
    dataset = catalog["dcat:dataset"]
    assert dataset["@type"] == "dcat:Dataset"
    for field in ("dct:title", "dct:description", "dct:rights"):
        texts = {value["@language"]: value["@value"] for value in dataset[field]}
        assert set(texts) == set(LANGUAGES), field
        assert len(set(texts.values())) == 3, f"{field} is translated: {texts}"
    names = {v["@language"]: v["@value"] for v in dataset["dct:publisher"]["foaf:name"]}
    assert set(names) == set(LANGUAGES)
    assert dataset["dct:license"] == {"@id": "https://creativecommons.org/licenses/by/4.0/"}
    modified = _seconds(dataset["dct:modified"]["@value"])
    assert modified.tzinfo is not None
    distributions = {d["dcat:downloadURL"]["@id"]: d for d in dataset["dcat:distribution"]}
    assert set(distributions) == {
        f"{ROOT}/open-data/methods.json",
        f"{ROOT}/open-data/methods.csv",
    }
    for url, distribution in distributions.items():
        body = client.get(url.removeprefix(ROOT)).content
        assert int(distribution["dcat:byteSize"]["@value"]) == len(body)
        assert distribution["dcat:mediaType"] in {"application/json", "text/csv"}
        assert distribution["dct:license"] == dataset["dct:license"]
        assert {v["@language"] for v in distribution["dct:title"]} == set(LANGUAGES)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_open_data_page_names_the_files_and_the_licence(client, db, language):
    html = client.get(f"/open-data/{language}/").content.decode()
    assert f'href="{ROOT}/open-data/methods.json"' in html
    assert f'href="{ROOT}/open-data/methods.csv"' in html
    assert 'href="https://creativecommons.org/licenses/by/4.0/" rel="license"' in html
    head = Head(html)
    assert head.canonical() == [f"{ROOT}/open-data/{language}/"]
    assert set(head.hreflang()) == {"fi", "sv", "en", "x-default"}
    assert head.data()["@type"] == "dcat:Catalog"
    assert f'<html lang="{language}">' in html
    assert f'href="{ROOT}/feeds/{language}.atom"' in html
    assert f'href="/open-data/{language}/"' in html.split("<footer")[1]


def test_every_page_links_to_the_open_data(client, db):
    assert 'href="/open-data/sv/"' in client.get("/sv/").content.decode()
    response = client.get("/open-data/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 302 and response["Location"] == "/open-data/en/"
    assert client.get("/open-data/nothing.xml").status_code == 404
    assert client.get("/open-data/de/", follow=True).status_code == 404


def test_a_rated_entry_keeps_its_rating_in_both_files(client, db):
    page = MethodFactory(
        title="Arvioitu OD",
        slug="arvioitu-od",
        evidence_level=EvidenceLevel.GOOD_EVIDENCE,
        references=["Tutkija, T. (2021). Satunnaistettu koe."],
    )
    row = next(row for row in open_csv(client) if row["id"] == page.entry_id)
    assert row["evidence_level"] == "4"
    entry = next(e for e in open_json(client)["entries"] if e["id"] == page.entry_id)
    assert entry["evidence"]["level"] == "4"
    assert (
        entry["evidence"]["references"][0]["citation"] == "Tutkija, T. (2021). Satunnaistettu koe."
    )
