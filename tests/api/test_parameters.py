"""Query parameters: a filter can be built from a facet alone, and a misspelt parameter is a 400."""

import re

import pytest


def test_a_filter_built_from_a_facet_key_filters_like_the_documented_parameter(api):
    _, everything = api("/api/v1/methods/?limit=100")
    for key, values in everything["facets"].items():
        value = values[-1]
        status, by_key = api(f"/api/v1/methods/?limit=100&{key}={value['code']}")
        assert status == 200, (key, by_key)
        assert by_key["count"] == value["count"] < everything["count"], key


def test_both_spellings_of_a_facet_filter_give_the_same_entries(api):
    _, by_parameter = api("/api/v1/methods/?target_group=parents&limit=100")
    _, by_facet_key = api("/api/v1/methods/?target_groups=parents&limit=100")
    assert by_parameter["count"] > 0
    assert by_facet_key["results"] == by_parameter["results"]


@pytest.mark.parametrize(
    "path, parameter",
    [
        ("/api/v1/methods/?target_grup=parents", "target_grup"),
        ("/api/v1/methods/no-such-entry/?language=sv", "language"),
        ("/api/v1/taxonomies/?langu=sv", "langu"),
        ("/api/v1/evidence-levels/?x=1", "x"),
        ("/api/v1/changes/?cursor=3", "cursor"),
        ("/api/v1/preview/?token=abc&page=1", "page"),
    ],
)
def test_an_unknown_parameter_is_a_400_that_names_it_and_lists_the_allowed_ones(
    api, path, parameter
):
    status, data = api(path)
    assert status == 400
    assert data["error"] == "invalid_parameter" and data["parameter"] == parameter
    assert parameter in data["message"]
    assert "lang" in data["allowed"] or "token" in data["allowed"]


def test_the_list_parameters_include_both_spellings_and_defaults_that_fit_their_schemas(client, db):
    document = client.get("/api/v1/openapi.json").json()
    parameters = {p["name"]: p for p in document["paths"]["/api/v1/methods/"]["get"]["parameters"]}
    assert {"target_group", "target_groups", "evidence_min", "evidence_level"} <= set(parameters)
    for name, parameter in parameters.items():
        schema, default = parameter["schema"], parameter["schema"].get("default")
        if default is not None and "pattern" in schema:
            assert re.search(schema["pattern"], str(default)), name
