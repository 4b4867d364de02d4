"""What the OpenAPI document allows, the API accepts: a value that fits a parameter's documented
pattern never gets a 400. (schemathesis found `target_group=0` and `since=3322-36-67` valid per
the document but refused.)"""

import re

import pytest

from methods.vocabulary import FACETS


def documented_patterns(client, path: str) -> dict[str, str]:
    """{parameter: pattern} of the operation at `path`, as the OpenAPI document gives them."""
    operation = client.get("/api/v1/openapi.json").json()["paths"][path]["get"]
    patterns = {}
    for parameter in operation["parameters"]:
        schema = parameter["schema"]
        for option in [schema, *schema.get("anyOf", [])]:
            if "pattern" in option:
                patterns[parameter["name"]] = option["pattern"]
    return patterns


def test_a_facet_code_that_does_not_exist_is_refused_by_the_document_too(client, db):
    patterns = documented_patterns(client, "/api/v1/methods/")
    taxonomies = {
        facet["parameter"]: [value["code"] for value in facet["values"]]
        for facet in client.get("/api/v1/taxonomies/?lang=fi").json()["facets"]
    }
    for spec in FACETS:
        pattern = patterns[spec.parameter]
        assert patterns[spec.field] == pattern
        assert not re.fullmatch(pattern, "0")
        assert client.get(f"/api/v1/methods/?{spec.parameter}=0").status_code == 400
        codes = taxonomies[spec.parameter]
        assert codes
        assert re.fullmatch(pattern, ",".join(codes))
        response = client.get(f"/api/v1/methods/?{spec.parameter}={','.join(codes)}")
        assert response.status_code == 200, response.json()


def test_a_new_facet_code_appears_in_the_document(client, db):
    from methods.models import TargetGroup

    fi_row = TargetGroup.objects.filter(locale__language_code="fi").first()
    TargetGroup.objects.create(code="kinship-carers", name="Sukulaissijaiset", locale=fi_row.locale)
    pattern = documented_patterns(client, "/api/v1/methods/")["target_group"]
    assert re.fullmatch(pattern, "kinship-carers")
    assert client.get("/api/v1/methods/?target_group=kinship-carers").status_code == 200


@pytest.mark.parametrize(
    "value",
    [
        "3322-36-67",
        "2025-02-30",
        "2023-02-29",
        "0000-01-01",
        "2025-01-31T24:00",
        "2025-01-31T12:00+24:00",
    ],
)
def test_a_date_that_does_not_exist_is_refused_by_the_document_too(client, db, value):
    for path, parameter in (("/api/v1/methods/", "updated_since"), ("/api/v1/changes/", "since")):
        assert not re.fullmatch(documented_patterns(client, path)[parameter], value)
        assert client.get(f"{path}?{parameter}={value}").status_code == 400


@pytest.mark.parametrize(
    "value",
    [
        "2024-02-29",
        "2000-02-29T23:59:59.999999Z",
        "0001-01-01T00:00:00+23:59",  # before year 1 in UTC
        "9999-12-31T23:59:59-23:59",  # after year 9999 in UTC
        "2025-01-31 12:00",
    ],
)
def test_every_date_the_document_allows_is_accepted(client, db, value):
    for path, parameter in (("/api/v1/methods/", "updated_since"), ("/api/v1/changes/", "since")):
        assert re.fullmatch(documented_patterns(client, path)[parameter], value)
        response = client.get(f"{path}?{parameter}={value.replace('+', '%2B')}")
        assert response.status_code == 200, (path, value, response.json())


def test_any_sequence_number_the_document_allows_is_accepted(client, db):
    pattern = documented_patterns(client, "/api/v1/changes/")["since"]
    for value in ("0", "9999999999999999999"):
        assert re.fullmatch(pattern, value)
        response = client.get(f"/api/v1/changes/?since={value}")
        assert response.status_code == 200
    assert response.json()["events"] == []
