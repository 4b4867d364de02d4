"""Export and import of regions and implementations (lape-methods/2): the round trip is exact, a
version 1 file still imports, and bad input is refused whole with a message that names it."""

import json

import pytest
from django.core.management import CommandError, call_command

from methods.exchange import SCHEMA, dumps
from methods.models import EntryPage, Implementation, Region
from tests.methods.test_exchange import SMALL, database_state, empty_library, export_text

SMALL_VERSION_1 = "tests/data/small_library_v1.json"

QUIET = {"stdout": open("/dev/null", "w")}
IN_OSTROBOTHNIA = {
    "id": "7a0c8a4e-1f7e-4c1b-9a55-2b8f0d6c3e01",
    "operator_kind": "municipality",
    "region": "17",
    "service_area": "family-centre",
    "status": "ended",
    "since_year": 2019,
    "end_year": 2022,
    "service_languages": ["sv", "fi"],
    "contact_url": "https://example.org/familjecentret/",
    "contact_email": "",
    "source": "The municipality's annual report",
    "last_confirmed": "2024-05-02",
    "organisation": {"fi": "Mustasaari", "sv": "Korsholm", "en": "Korsholm"},
    "description": {"fi": "Ryhmät perhekeskuksessa.", "sv": "Grupper på familjecentret."},
}
NATIONWIDE = {
    "id": "7a0c8a4e-1f7e-4c1b-9a55-2b8f0d6c3e02",
    "operator_kind": "nationwide",
    "status": "in-use",
    "since_year": 2015,
    "source": "The programme's own pages",
    "last_confirmed": "2025-01-10",
}


def library(**changes) -> dict:
    """The small library as version 2, its first entry in use in Ostrobothnia and nationwide."""
    data = json.loads(open(SMALL, encoding="utf-8").read())
    data["schema"] = SCHEMA
    data["entries"][0]["implementations"] = [dict(IN_OSTROBOTHNIA), dict(NATIONWIDE)]
    for path, value in changes.items():
        target = data["entries"][0]["implementations"][0]
        target[path] = value
    return data


def write(tmp_path, data, name="methods.json") -> str:
    path = tmp_path / name
    path.write_text(dumps(data), encoding="utf-8")
    return str(path)


def implementations_of(slug: str) -> list[tuple]:
    page = EntryPage.objects.get(slug=slug)
    return [
        (str(i.translation_key), i.region.code if i.region else None, i.organisation, i.status)
        for i in page.implementations.all()
    ]


def test_an_export_carries_the_regions_and_every_entrys_implementations(db, tmp_path):
    data = json.loads(export_text(tmp_path))
    assert data["schema"] == "lape-methods/2"
    assert [region["code"] for region in data["regions"]] == list(
        Region.objects.order_by("code").values_list("code", flat=True)
    )
    ostrobothnia = next(region for region in data["regions"] if region["code"] == "17")
    assert ostrobothnia["names"]["sv"] == "Österbottens välfärdsområde"
    assert ostrobothnia["language_status"] == "fi-sv"
    voimaperheet = next(
        entry for entry in data["entries"] if entry["translations"]["fi"]["slug"] == "voimaperheet"
    )
    west_uusimaa = [use for use in voimaperheet["implementations"] if use["region"] == "03"]
    assert [use["service_languages"] for use in west_uusimaa] == [["fi", "sv"]]
    assert set(west_uusimaa[0]["description"]) == {"fi", "sv", "en"}
    not_known = {
        entry["translations"]["fi"]["slug"]
        for entry in data["entries"]
        if entry["not_known_in_finland"]
    }
    assert not_known and all(
        not entry["implementations"]
        for entry in data["entries"]
        if entry["translations"]["fi"]["slug"] in not_known
    )


def test_implementations_survive_the_round_trip_byte_for_byte(db, tmp_path):
    call_command("import_methods", write(tmp_path, library()), **QUIET)
    first = export_text(tmp_path, "first.json")
    assert "Korsholm" in first

    empty_library()
    assert not Implementation.objects.exists()
    call_command("import_methods", str(tmp_path / "first.json"), **QUIET)

    assert export_text(tmp_path, "second.json") == first
    english = EntryPage.objects.get(slug="group-method")
    assert [(i.organisation, i.description) for i in english.implementations.all()][0] == (
        "Korsholm",
        "",  # no English description in the file
    )


def test_the_demo_librarys_round_trip_through_an_empty_database_is_byte_identical(db, tmp_path):
    first = export_text(tmp_path, "first.json")
    empty_library()
    call_command("import_methods", str(tmp_path / "first.json"), **QUIET)
    assert export_text(tmp_path, "second.json") == first


def test_a_version_1_file_still_imports_and_leaves_implementations_as_they_are(db, tmp_path):
    call_command("import_methods", write(tmp_path, library()), **QUIET)
    before = implementations_of("ryhmamenetelma")
    assert len(before) == 2

    data = json.loads(open(SMALL_VERSION_1, encoding="utf-8").read())
    assert data["schema"] == "lape-methods/1"
    data["entries"][0]["translations"]["fi"]["title"] = "Ryhmämenetelmä (uusi)"
    call_command("import_methods", write(tmp_path, data, "old.json"), **QUIET)

    assert EntryPage.objects.get(slug="ryhmamenetelma").title == "Ryhmämenetelmä (uusi)"
    assert implementations_of("ryhmamenetelma") == before


def test_importing_the_same_version_2_file_again_changes_nothing(db, tmp_path):
    path = write(tmp_path, library())
    call_command("import_methods", path, **QUIET)
    before = (database_state(), Implementation.objects.count())
    call_command("import_methods", path, **QUIET)
    assert (database_state(), Implementation.objects.count()) == before


def test_an_implementation_removed_from_the_file_is_removed_from_every_translation(db, tmp_path):
    call_command("import_methods", write(tmp_path, library()), **QUIET)
    data = library()
    data["entries"][0]["implementations"] = [dict(NATIONWIDE)]
    call_command("import_methods", write(tmp_path, data, "fewer.json"), **QUIET)
    for slug in ("ryhmamenetelma", "gruppmetoden", "group-method"):
        assert [key for key, *_ in implementations_of(slug)] == [NATIONWIDE["id"]]


def test_a_region_renamed_in_the_file_is_renamed_in_the_database(db, tmp_path):
    data = json.loads(export_text(tmp_path))
    data["regions"][0]["names"]["en"] = "Renamed county"
    data["entries"] = []
    call_command("import_methods", write(tmp_path, data), **QUIET)
    assert Region.objects.get(code=data["regions"][0]["code"]).name_en == "Renamed county"


BAD_INPUTS = {
    "unknown county code": (
        {"region": "99"},
        "methods.json, record 1 (ryhmamenetelma), field implementations[1].region: "
        "unknown county code '99'; known codes: 01, 02",
    ),
    "end year before the start year": (
        {"since_year": 2022, "end_year": 2019},
        "methods.json, record 1 (ryhmamenetelma), field implementations[1].end_year: "
        "The end year (2019) is before the start year (2022).",
    ),
    "unknown language code": (
        {"service_languages": ["sv", "xx"]},
        "methods.json, record 1 (ryhmamenetelma), field implementations[1].service_languages[2]: "
        "unknown language code 'xx'",
    ),
    "a municipality without a county": (
        {"region": None},
        "field implementations[1].region: Choose the county where it is in use",
    ),
    "a nationwide one with a county": (
        {"operator_kind": "nationwide"},
        "field implementations[1].region: A nationwide implementation has no county.",
    ),
    "a municipality without its name": (
        {"organisation": {"sv": "Korsholm"}},
        "field implementations[1].organisation.fi: Name the municipality, NGO or parish",
    ),
    "unknown status": (
        {"status": "planned"},
        "field implementations[1].status: 'planned' is not one of: piloting, in-use, ended",
    ),
    "unknown service area": (
        {"service_area": "no-such-area"},
        "field implementations[1].service_area: unknown code 'no-such-area'",
    ),
    "a private address that is not an address": (
        {"contact_email": "not an address"},
        "field implementations[1].contact_email: 'not an address' is not an email address",
    ),
    "no source": (
        {"source": ""},
        "field implementations[1].source: is required",
    ),
}


@pytest.mark.parametrize("case", BAD_INPUTS, ids=list(BAD_INPUTS))
def test_bad_implementations_are_refused_whole_and_named(db, tmp_path, case):
    changes, message = BAD_INPUTS[case]
    path = write(tmp_path, library(**changes))
    before = (database_state(), Implementation.objects.count())

    with pytest.raises(CommandError) as error:
        call_command("import_methods", path, **QUIET)

    assert message in str(error.value)
    assert (database_state(), Implementation.objects.count()) == before


def test_a_version_1_file_cannot_hold_what_version_2_added(db, tmp_path):
    data = library()
    data["schema"] = "lape-methods/1"
    before = (database_state(), Implementation.objects.count())

    with pytest.raises(CommandError) as error:
        call_command("import_methods", write(tmp_path, data), **QUIET)

    assert (
        "methods.json, record 1 (ryhmamenetelma), field implementations: "
        "is not part of lape-methods/1"
    ) in str(error.value)
    assert (database_state(), Implementation.objects.count()) == before


def test_an_unknown_version_names_the_versions_that_import(db, tmp_path):
    data = library()
    data["schema"] = "lape-methods/9"
    with pytest.raises(CommandError, match="expected 'lape-methods/1' or 'lape-methods/2'"):
        call_command("import_methods", write(tmp_path, data), **QUIET)


def test_a_region_with_a_bad_code_is_refused(db, tmp_path):
    data = library()
    data["regions"] = [
        {
            "code": "1",
            "names": {"fi": "X", "sv": "X", "en": "X"},
            "language_status": "fi",
            "municipality_count": 1,
        }
    ]
    with pytest.raises(
        CommandError, match=r"methods.json, region 1, field code: is not a valid value"
    ):
        call_command("import_methods", write(tmp_path, data), **QUIET)
