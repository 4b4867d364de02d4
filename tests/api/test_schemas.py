"""One shape per resource: the schemas in api/schemas.py are what the API sends."""

import re

import pytest
from pydantic import ValidationError

from api import schemas, serializers
from api.models import PreviewToken, StoredDocument
from api.preview import preview_url
from tests.factories import MethodFactory

RFC3339_UTC = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$")
TIMESTAMP_FIELDS = {"updated_at", "first_published_at", "changed_at", "occurred_at"}


def timestamps(data):
    """Every value of a timestamp field anywhere in an answer."""
    if isinstance(data, dict):
        for key, value in data.items():
            if key in TIMESTAMP_FIELDS and value is not None:
                yield key, value
            yield from timestamps(value)
    elif isinstance(data, list):
        for item in data:
            yield from timestamps(item)


def test_every_answer_is_its_schemas_own_output(client, db, settings):
    settings.API_CACHE_TIMEOUT = 0
    entry_id = client.get("/api/v1/methods/?limit=1").json()["results"][0]["id"]
    answers = {
        "/api/v1/methods/?lang=sv&limit=100": schemas.EntryList,
        f"/api/v1/methods/{entry_id}/?lang=en": schemas.EntryDetail,
        "/api/v1/taxonomies/?lang=fi": schemas.Taxonomies,
        "/api/v1/evidence-levels/?lang=sv": schemas.EvidenceLevels,
        "/api/v1/regions/?lang=sv": schemas.RegionList,
        "/api/v1/regions/17/?lang=sv": schemas.RegionDetail,
        "/api/v1/changes/?limit=1000": schemas.ChangeFeed,
    }
    for path, schema in answers.items():
        body = client.get(path).content
        assert schema.model_validate_json(body).model_dump_json().encode() == body, path


def test_a_field_the_schema_does_not_name_cannot_be_sent(client, db, settings, monkeypatch):
    settings.API_CACHE_TIMEOUT = 0
    summary = serializers._summary
    monkeypatch.setattr(serializers, "_summary", lambda *args: {**summary(*args), "internal_pk": 1})
    StoredDocument.objects.all().delete()  # rendered now, not read from the store
    with pytest.raises(ValidationError, match="internal_pk"):
        client.get("/api/v1/methods/?limit=1")


def test_timestamps_are_rfc3339_in_utc_with_z_everywhere(client, db):
    entry = MethodFactory()
    answers = [
        client.get("/api/v1/methods/?limit=100").json(),
        client.get(f"/api/v1/methods/{entry.translation_key}/").json(),
        client.get("/api/v1/changes/?limit=1000").json(),
        client.get(preview_url(PreviewToken.issue(entry))).json(),
    ]
    found = [pair for answer in answers for pair in timestamps(answer)]
    assert {key for key, _value in found} >= {"updated_at", "first_published_at", "occurred_at"}
    assert [value for _key, value in found if not RFC3339_UTC.match(value)] == []


def test_translations_have_one_shape_in_the_list_the_detail_and_the_preview(client, db):
    listed = client.get("/api/v1/methods/?limit=1").json()["results"][0]
    detail = client.get(listed["api_url"].removeprefix("http://testserver")).json()
    fields = set(schemas.Translation.model_fields)
    assert listed["translations"] and detail["translations"] == listed["translations"]
    assert all(set(item) == fields for item in listed["translations"])


def test_the_openapi_document_describes_the_preview_with_the_detail_schema(client, db):
    document = client.get("/api/v1/openapi.json").json()
    preview = document["paths"]["/api/v1/preview/"]["get"]
    ref = preview["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
    assert ref.endswith("/EntryPreview")
    properties = document["components"]["schemas"]["EntryPreview"]["properties"]
    assert set(document["components"]["schemas"]["EntryDetail"]["properties"]) | {
        "preview",
        "live",
    } == set(properties)
    assert properties["updated_at"]["anyOf"][0]["format"] == "date-time"


def test_a_list_costs_a_fixed_number_of_queries(
    client, db, settings, django_assert_max_num_queries
):
    settings.API_CACHE_TIMEOUT = 0
    client.get("/api/v1/methods/?lang=fi&limit=100")  # warm Django's and Wagtail's own caches
    for query in ("limit=1", "limit=100", "region=17&service_language=sv&limit=100"):
        with django_assert_max_num_queries(LIST_QUERIES):
            assert client.get(f"/api/v1/methods/?lang=fi&{query}").status_code == 200


LIST_QUERIES = 14  # content version (2), public entries, restrictions, translations (5), facets (5)
