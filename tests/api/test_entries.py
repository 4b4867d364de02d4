"""The entry list and the full entry: what a partner needs to render both without other calls."""

import json

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext

from methods.models import EntryPage
from tests.factories import MethodFactory, ModelFactory, TargetGroupFactory, translate

LIST_FIELDS = {
    "id", "lang", "kind", "slug", "title", "alternative_names", "summary", "age_min", "age_max",
    "target_groups", "service_areas", "topics", "delivery_formats", "outcome_domains", "evidence",
    "updated_at",
    "url", "api_url", "translations", "requested_lang",
}  # fmt: skip


def test_a_list_item_has_everything_a_list_needs_in_the_requested_language(api):
    status, data = api("/api/v1/methods/?lang=sv&limit=100")
    assert status == 200
    assert set(data) == {
        "count",
        "next",
        "previous",
        "results",
        "facets",
        "synonyms",
        "did_you_mean",
        "browse",
        "missing",
    }
    assert data["count"] == len(data["results"]) == 12
    first = data["results"][0]
    assert set(first) == LIST_FIELDS
    assert first["lang"] == "sv"
    assert first["url"].startswith(f"{settings.SITE_URL}/sv/")
    assert first["api_url"].endswith(f"/api/v1/methods/{first['id']}/?lang=sv")
    assert {t["lang"] for t in first["translations"]} == {"fi", "en"}
    labels = {v["code"]: v["label"] for item in data["results"] for v in item["target_groups"]}
    assert labels["parents"] == "Föräldrar"
    assert first["evidence"]["level"] in {"NR", "1", "2", "3", "4", "5"}


def test_the_id_is_the_same_in_every_language(api):
    _, fi = api("/api/v1/methods/?lang=fi&ordering=title&limit=100")
    _, en = api("/api/v1/methods/?lang=en&ordering=title&limit=100")
    assert {item["id"] for item in fi["results"]} == {item["id"] for item in en["results"]}


def test_filters_combine_or_within_a_facet_and_and_across_facets(api):
    _, both = api("/api/v1/methods/?lang=en&topic=bullying,substance-use&limit=100")
    _, bullying = api("/api/v1/methods/?lang=en&topic=bullying&limit=100")
    _, substance = api("/api/v1/methods/?lang=en&topic=substance-use&limit=100")
    ids = lambda data: {item["id"] for item in data["results"]}  # noqa: E731
    assert ids(both) == ids(bullying) | ids(substance)
    _, narrowed = api("/api/v1/methods/?lang=en&topic=bullying,substance-use&delivery_format=group")
    assert ids(narrowed) <= ids(both)
    for item in narrowed["results"]:
        assert "group" in {v["code"] for v in item["delivery_formats"]}


def test_facet_counts_are_what_choosing_each_value_would_give(api):
    _, data = api("/api/v1/methods/?lang=fi&service_area=school")
    for value in data["facets"]["target_groups"]:
        _, chosen = api(
            f"/api/v1/methods/?lang=fi&service_area=school&target_group={value['code']}"
        )
        assert chosen["count"] == value["count"], value
    assert {v["code"] for v in data["facets"]["kind"]} == {"method", "model"}
    assert data["facets"]["topics"][0]["label"]


@pytest.mark.parametrize(
    "query, check",
    [
        ("age=15", lambda item: item["age_min"] <= 15 <= item["age_max"]),
        ("evidence_min=4", lambda item: item["evidence"]["level"] in {"4", "5"}),
        ("kind=model", lambda item: item["kind"] == "model"),
    ],
)
def test_each_filter_keeps_only_matching_entries(api, query, check):
    _, data = api(f"/api/v1/methods/?lang=fi&limit=100&{query}")
    assert data["results"]
    assert all(check(item) for item in data["results"])


def test_updated_since_and_ordering(api):
    _, everything = api("/api/v1/methods/?lang=fi&ordering=-updated_at&limit=100")
    dates = [item["updated_at"] for item in everything["results"]]
    assert dates == sorted(dates, reverse=True)
    _, recent = api(f"/api/v1/methods/?lang=fi&updated_since={dates[2]}&limit=100")
    assert recent["count"] == 3
    _, none = api("/api/v1/methods/?lang=fi&updated_since=2999-01-01")
    assert none["count"] == 0


def test_text_search_goes_through_the_search_service(api):
    _, data = api("/api/v1/methods/?lang=fi&q=perhekeskus")
    assert data["count"] >= 1
    assert "Perhekeskus" in data["results"][0]["title"]


def test_paging_links(api):
    _, first = api("/api/v1/methods/?lang=fi&ordering=title&limit=5")
    assert first["previous"] is None and "offset=5" in first["next"]
    _, second = api(first["next"].split("testserver")[1])
    assert "offset=0" in second["previous"]
    assert {i["id"] for i in first["results"]}.isdisjoint({i["id"] for i in second["results"]})


def test_a_list_page_costs_the_same_number_of_queries_whatever_its_length(db, client, settings):
    settings.API_CACHE_TIMEOUT = 0
    client.get("/api/v1/methods/?lang=fi&limit=100")  # warm Django's and Wagtail's own caches
    with CaptureQueriesContext(connection) as small:
        assert client.get("/api/v1/methods/?lang=fi&limit=2").status_code == 200
    with CaptureQueriesContext(connection) as large:
        assert client.get("/api/v1/methods/?lang=fi&limit=100").status_code == 200
    assert len(large.captured_queries) == len(small.captured_queries)


# --- Full entry ----------------------------------------------------------------------------------


def test_a_full_entry_by_id_or_by_slug_in_any_language(api):
    _, data = api("/api/v1/methods/?lang=fi&kind=model&limit=1")
    model_id = data["results"][0]["id"]
    status, entry = api(f"/api/v1/methods/{model_id}/?lang=sv")
    assert status == 200 and entry["lang"] == "sv"
    for field in ("aims", "delivery", "body", "references", "registry_ratings", "uses_methods"):
        assert field in entry
    assert entry["uses_methods"], "a model lists the methods it uses"
    method = entry["uses_methods"][0]
    _, method_entry = api(method["api_url"].split("testserver")[1])
    assert model_id in {m["id"] for m in method_entry["used_by_models"]}
    # the Finnish slug finds the Swedish translation too
    fi_slug = api(f"/api/v1/methods/{model_id}/?lang=fi")[1]["slug"]
    assert api(f"/api/v1/methods/{fi_slug}/?lang=sv")[1]["id"] == model_id


def test_unknown_entry_is_a_404_in_json(api):
    status, data = api("/api/v1/methods/00000000-0000-0000-0000-000000000000/?lang=fi")
    assert status == 404 and data["error"] == "not_found"
    assert api("/api/v1/methods/no-such-slug/")[0] == 404


def test_an_untranslated_entry_is_a_404_that_lists_its_languages(api):
    group = TargetGroupFactory(code="untranslated-group")
    page = MethodFactory(slug="vain-suomeksi", target_groups=[group])
    translate(page, "sv", slug="bara-pa-svenska")
    status, data = api(f"/api/v1/methods/{page.translation_key}/?lang=en")
    assert status == 404
    assert data["error"] == "not_translated"
    assert data["languages"] == ["fi", "sv"]


def test_rich_text_links_images_and_documents_are_resolved(api, image, document):
    target = MethodFactory(title="Linked method", slug="linked-method")
    draft = MethodFactory(title="Draft", slug="draft-target", live=False)
    paragraph = (
        f'<p><a linktype="page" id="{target.pk}">public</a> '
        f'<a linktype="page" id="{draft.pk}">draft</a> '
        f'<a linktype="document" id="{document.pk}">file</a></p>'
    )
    page = MethodFactory(
        slug="with-body",
        aims=paragraph,
        body=json.dumps(
            [
                {"type": "paragraph", "value": paragraph},
                {"type": "image", "value": {"image": image.pk, "caption": "A caption"}},
                {"type": "document", "value": {"document": document.pk, "title": "Handbook"}},
                {"type": "embed", "value": "https://www.youtube.com/watch?v=abc"},
            ]
        ),
    )
    status, entry = api(f"/api/v1/methods/{page.translation_key}/?lang=fi")
    assert status == 200
    html = entry["body"][0]["value"]["html"]
    assert f'href="{settings.SITE_URL}/fi/menetelmat/linked-method/"' in html
    assert (
        f'data-api-url="http://testserver/api/v1/methods/{target.translation_key}/?lang=fi"' in html
    )
    assert "draft-target" not in html and "<a>draft</a>" in html
    assert f"{settings.SITE_URL}{document.url}" in html
    assert entry["aims"] == html.replace("</p>", "</p>") and "linktype" not in entry["aims"]
    image_block = entry["body"][1]["value"]
    assert image_block["image"]["alt"] == "A tree in the wind"
    assert set(image_block["image"]["renditions"]) == {"small", "medium", "large"}
    assert all(
        r["url"].startswith(settings.SITE_URL + "/media/")
        for r in image_block["image"]["renditions"].values()
    )
    assert entry["body"][2]["value"]["document"]["url"] == settings.SITE_URL + document.url
    assert entry["body"][3] == {
        "type": "embed",
        "id": entry["body"][3]["id"],
        "value": {"url": "https://www.youtube.com/watch?v=abc"},
    }


def test_a_model_without_methods_and_a_method_without_models(api):
    page = ModelFactory(slug="lonely-model")
    _, entry = api(f"/api/v1/methods/{page.translation_key}/")
    assert (
        entry["kind"] == "model" and entry["uses_methods"] == [] and entry["used_by_models"] == []
    )
    assert EntryPage.objects.filter(pk=page.pk).exists()


def test_taxonomies_and_evidence_levels_in_each_language(api):
    status, data = api("/api/v1/taxonomies/?lang=sv")
    assert status == 200
    facets = {facet["name"]: facet for facet in data["facets"]}
    assert set(facets) == {
        "target_groups",
        "service_areas",
        "topics",
        "delivery_formats",
        "outcome_domains",
        "kind",
    }
    assert facets["topics"]["parameter"] == "topic"
    assert {"code": "parents", "label": "Föräldrar"} in facets["target_groups"]["values"]
    status, levels = api("/api/v1/evidence-levels/?lang=en")
    assert [level["code"] for level in levels["levels"]] == ["5", "4", "3", "2", "1", "NR"]
    assert levels["levels"][0]["definition"]
