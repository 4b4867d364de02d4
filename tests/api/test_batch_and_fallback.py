"""ids= fetches several entries in one answer (a page of cards); fallback= serves an entry that
has no translation into lang in another language, marked as such."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from methods.models import EntryPage
from tests.factories import MethodFactory, TargetGroupFactory, translate


def finnish_only():
    return MethodFactory(
        title="Vain suomeksi",
        slug="vain-suomeksi",
        target_groups=[TargetGroupFactory(code="batch-group")],
    )


def demo_ids(language="sv", count=3):
    pages = EntryPage.objects.filter(locale__language_code=language).live().order_by("title")
    return [str(page.translation_key) for page in pages[:count]]


def test_ids_answers_those_entries_in_their_order_in_one_request(client, db):
    ids = demo_ids()[::-1]
    unknown = "00000000-0000-4000-8000-000000000000"
    response = client.get(f"/api/v1/methods/?lang=sv&ids={','.join([*ids, unknown])}")
    assert response.status_code == 200 and response["Content-Language"] == "sv"
    data = response.json()
    assert [entry["id"] for entry in data["results"]] == ids
    assert {entry["lang"] for entry in data["results"]} == {"sv"}
    assert data["missing"] == [unknown] and data["count"] == 3


def test_a_list_of_ids_costs_the_same_queries_as_one(client, db):
    def queries(ids):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(f"/api/v1/methods/?lang=fi&ids={','.join(ids)}").status_code == 200
        return len(captured)

    client.get("/api/v1/methods/?lang=fi")  # the catalogue in memory
    assert queries(demo_ids("fi", 10)) == queries(demo_ids("fi", 1))


def test_without_fallback_an_untranslated_entry_is_missing(client, db):
    page = finnish_only()
    data = client.get(f"/api/v1/methods/?lang=sv&ids={page.translation_key}").json()
    assert data["results"] == [] and data["missing"] == [str(page.translation_key)]
    detail = client.get(f"/api/v1/methods/{page.translation_key}/?lang=sv")
    assert detail.status_code == 404 and detail.json()["error"] == "not_translated"


def test_fallback_serves_the_first_language_that_has_it_and_says_so(client, db):
    page = finnish_only()
    english = MethodFactory(
        title="Fallback source",
        slug="fallback-source",
        target_groups=[TargetGroupFactory(code="batch-group-2")],
    )
    translate(english, "en", title="In English", slug="in-english")
    both = f"{page.translation_key},{english.translation_key}"

    response = client.get(f"/api/v1/methods/?lang=sv&ids={both}&fallback=en,fi")
    data = response.json()
    assert [(e["title"], e["lang"], e["requested_lang"]) for e in data["results"]] == [
        ("Vain suomeksi", "fi", "sv"),
        ("In English", "en", "sv"),
    ]
    assert data["missing"] == [] and response["Content-Language"] == "fi, en"

    detail = client.get(f"/api/v1/methods/{page.translation_key}/?lang=sv&fallback=en,fi")
    assert detail.status_code == 200 and detail["Content-Language"] == "fi"
    body = detail.json()
    assert (body["lang"], body["requested_lang"], body["title"]) == ("fi", "sv", "Vain suomeksi")
    assert body["target_groups"][0]["label"]  # labels in the language served
    served = client.get(f"/api/v1/methods/{page.translation_key}/?lang=fi").json()
    assert served["requested_lang"] is None and served["lang"] == "fi"
    only_english = client.get(f"/api/v1/methods/{page.translation_key}/?lang=sv&fallback=en")
    assert only_english.status_code == 404


def test_fallback_without_ids_and_bad_ids_are_clear_400s(client, db):
    for query, parameter in (
        ("fallback=fi", "fallback"),
        ("ids=not-an-id", "ids"),
        ("ids=" + ",".join(["00000000-0000-4000-8000-000000000000"] * 101), "ids"),
        ("ids=00000000-0000-4000-8000-000000000000&fallback=de", "fallback"),
    ):
        response = client.get(f"/api/v1/methods/?lang=sv&{query}")
        assert response.status_code == 400, query
        assert response.json()["parameter"] == parameter
