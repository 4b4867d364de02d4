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


def test_bad_ids_and_fallbacks_are_clear_400s(client, db):
    for query, parameter in (
        ("fallback=de", "fallback"),
        ("ids=not-an-id", "ids"),
        ("ids=" + ",".join(["00000000-0000-4000-8000-000000000000"] * 101), "ids"),
        ("ids=00000000-0000-4000-8000-000000000000&fallback=de", "fallback"),
    ):
        response = client.get(f"/api/v1/methods/?lang=sv&{query}")
        assert response.status_code == 400, query
        assert response.json()["parameter"] == parameter


def test_fallback_on_the_list_adds_the_entries_lang_lacks_once_each(client, db, publish_on_commit):
    swedish = client.get("/api/v1/methods/?lang=sv&limit=100").json()
    page = publish_on_commit(finnish_only)  # indexed for text search too
    english = MethodFactory(
        title="Fallback source",
        slug="fallback-source",
        target_groups=[TargetGroupFactory(code="batch-group-2")],
    )
    translate(english, "en", title="In English", slug="in-english")

    response = client.get("/api/v1/methods/?lang=sv&limit=100&fallback=en,fi")
    assert response.status_code == 200
    data = response.json()
    results = data["results"]
    assert data["count"] == swedish["count"] + 2 == len(results)
    assert len({entry["id"] for entry in results}) == len(results)  # one per entry
    served = {entry["id"]: (entry["lang"], entry["requested_lang"]) for entry in results}
    assert served[str(page.translation_key)] == ("fi", "sv")
    assert served[str(english.translation_key)] == ("en", "sv")
    assert all(served[entry["id"]] == ("sv", None) for entry in swedish["results"])
    assert response["Content-Language"].split(", ")[0] == "sv"
    assert set(response["Content-Language"].split(", ")) == {"sv", "fi", "en"}

    # the facets count the same entries as the results
    facets = data["facets"]
    assert sum(value["count"] for value in facets["kind"]) == data["count"]
    counts = {value["code"]: value["count"] for value in facets["target_groups"]}
    assert counts["batch-group"] == counts["batch-group-2"] == 1
    filtered = client.get("/api/v1/methods/?lang=sv&fallback=en,fi&target_group=batch-group")
    assert [entry["title"] for entry in filtered.json()["results"]] == ["Vain suomeksi"]
    found = client.get("/api/v1/methods/?lang=sv&fallback=fi&q=suomeksi").json()["results"]
    assert [(entry["title"], entry["lang"]) for entry in found] == [("Vain suomeksi", "fi")]


def test_without_fallback_the_list_is_lang_only(client, db):
    page = finnish_only()
    data = client.get("/api/v1/methods/?lang=sv&limit=100").json()
    assert str(page.translation_key) not in {entry["id"] for entry in data["results"]}
    assert {entry["requested_lang"] for entry in data["results"]} == {None}


def test_fallback_pages_through_the_list_without_duplicates(client, db):
    finnish_only()
    pages = [
        client.get(f"/api/v1/methods/?lang=en&fallback=fi,sv&limit=5&offset={offset}").json()
        for offset in range(0, 40, 5)
    ]
    ids = [entry["id"] for page in pages for entry in page["results"]]
    assert len(ids) == len(set(ids)) == pages[0]["count"]
