"""Studies, measures and outcome domains in the partner API: the shapes are in the OpenAPI document,
and only public entries are ever named."""

import pytest

from methods.models import MethodPage

IY = "8a365b2f-1e4a-482c-b5a6-3834aece79ae"


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_the_incredible_years_trial_is_in_the_entry(api, language):
    status, data = api(f"/api/v1/methods/{IY}/?lang={language}")
    assert status == 200
    trial, follow_up = data["studies"]
    assert trial["design"]["code"] == "rct"
    assert trial["country"]["code"] == "FI"
    assert trial["sample_size"] == 102
    assert {o["measure"]["code"] for o in trial["outcomes"]} == {"ecbi", "cbcl"}
    assert {o["direction"]["code"] for o in trial["outcomes"]} == {"improved"}
    assert follow_up["follow_up_months"] == 12
    assert {(o["timepoint_months"], o["direction"]["code"]) for o in follow_up["outcomes"]} == {
        (12, "no-difference")
    }
    assert follow_up["outcomes"][0]["measure"]["api_url"].endswith(
        f"/api/v1/measures/ecbi/?lang={language}"
    )
    assert data["evidence"]["supported_level"] == "4"
    assert data["evidence"]["criteria"]


def test_the_study_texts_and_labels_are_in_the_readers_language(api):
    _, fi = api(f"/api/v1/methods/{IY}/?lang=fi")
    _, sv = api(f"/api/v1/methods/{IY}/?lang=sv")
    assert fi["studies"][0]["setting"] == "Lastensuojelu"
    assert sv["studies"][0]["setting"] == "Barnskyddet"
    assert sv["studies"][0]["design"]["label"] == "Randomiserad kontrollerad studie"
    assert sv["studies"][0]["outcomes"][0]["domain"]["label"] == "Beteendeproblem"


def test_the_ecbi_measure_lists_the_methods_whose_studies_used_it(api):
    status, data = api("/api/v1/measures/ecbi/?lang=en")
    assert status == 200
    assert data["abbreviation"] == "ECBI"
    assert (data["age_min"], data["age_max"], data["item_count"]) == (2, 16, 36)
    assert [entry["id"] for entry in data["used_by"]] == [IY]


def test_measures_filter_by_outcome_domain(api):
    _, data = api("/api/v1/measures/?domain=parental-depression&lang=sv")
    assert [m["code"] for m in data["results"]] == ["epds"]
    status, error = api("/api/v1/measures/?domain=nope")
    assert status == 400 and error["parameter"] == "domain"
    status, error = api("/api/v1/measures/nope/")
    assert status == 404


def test_entries_filter_by_outcome_domain(api):
    _, data = api("/api/v1/methods/?outcome=bullying&lang=en")
    assert [entry["slug"] for entry in data["results"]] == ["kiva-anti-bullying-programme"]
    counts = {value["code"]: value["count"] for value in data["facets"]["outcome_domains"]}
    assert counts["bullying"] == 1
    _, same = api("/api/v1/methods/?outcome_domains=bullying&lang=en")
    assert same["count"] == 1
    status, error = api("/api/v1/methods/?outcome=nope")
    assert status == 400 and error["parameter"] == "outcome"


def test_an_unpublished_entry_is_not_named_by_a_measure(api):
    for page in MethodPage.objects.filter(translation_key=IY):
        page.unpublish()
    _, data = api("/api/v1/measures/ecbi/?lang=en")
    assert data["used_by"] == []


def test_the_shapes_are_in_the_openapi_document(api):
    _, document = api("/api/v1/openapi.json")
    schemas = document["components"]["schemas"]
    assert {"Study", "StudyOutcome", "Measure", "MeasureList"} <= set(schemas)
    assert "/api/v1/measures/{code}/" in document["paths"]
    assert "outcome" in {
        p["name"] for p in document["paths"]["/api/v1/methods/"]["get"]["parameters"]
    }


def test_the_scale_carries_its_criteria(api):
    _, data = api("/api/v1/evidence-levels/?lang=fi")
    level_four = next(level for level in data["levels"] if level["code"] == "4")
    assert level_four["criteria"]
