"""Export and import: the round trip is exact, and bad input is refused whole with a message that names it."""

import json
import os
import shutil

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation
from wagtail.models import Page, Revision

from methods.exchange import dumps, export_library
from methods.exchange.schema import MAX_FILE_BYTES, EntryRecord, Taxonomies, Translation
from methods.models import RICH_TEXT_FIELD_NAMES, EntryPage, Measure
from methods.vocabulary import FACET_FIELDS, facet_models
from tests.factories import MethodFactory

SMALL = "tests/data/small_library.json"


def export_text(tmp_path, name="export.json") -> str:
    path = tmp_path / name
    call_command("export_methods", str(path), stderr=open("/dev/null", "w"))
    return path.read_text(encoding="utf-8")


def empty_library():
    for page in EntryPage.objects.all():
        page.delete()
    for model in facet_models().values():
        model.objects.all().delete()
    Measure.objects.all().delete()


def database_state():
    return (
        Page.objects.count(),
        Revision.objects.count(),
        EntryPage.objects.filter(live=True).count(),
        sum(model.objects.count() for model in facet_models().values()),
        [(p.title, p.summary, p.age_min, p.age_max) for p in EntryPage.objects.order_by("pk")],
    )


def test_export_covers_every_entry_in_every_language(db, tmp_path):
    data = json.loads(export_text(tmp_path))
    assert data["schema"] == "lape-methods/2"
    assert len(data["entries"]) >= 12
    for entry in data["entries"]:
        assert set(entry["translations"]) == {"fi", "sv", "en"}
        assert entry["evidence"]["level"] in {"5", "4", "3", "2", "1", "NR"}
    assert {
        "target_groups",
        "service_areas",
        "topics",
        "delivery_formats",
        "outcome_domains",
    } == set(data["taxonomies"])


def test_round_trip_through_an_empty_database_is_byte_identical(db, tmp_path):
    call_command("import_methods", SMALL, stdout=open("/dev/null", "w"))
    first = export_text(tmp_path, "first.json")

    empty_library()
    assert EntryPage.objects.count() == 0
    call_command("import_methods", str(tmp_path / "first.json"), stdout=open("/dev/null", "w"))

    assert export_text(tmp_path, "second.json") == first


def test_importing_the_same_file_again_changes_nothing(db, tmp_path):
    call_command("import_methods", SMALL, stdout=open("/dev/null", "w"))
    before = database_state()
    call_command("import_methods", SMALL, stdout=open("/dev/null", "w"))
    assert database_state() == before


def test_import_updates_an_existing_entry_and_keeps_its_id(db, tmp_path):
    call_command("import_methods", SMALL, stdout=open("/dev/null", "w"))
    data = json.loads(open(SMALL, encoding="utf-8").read())
    data["entries"][0]["translations"]["fi"]["title"] = "Ryhmämenetelmä (uusi)"
    data["entries"][0]["age_max"] = 11
    path = tmp_path / "changed.json"
    path.write_text(dumps(data), encoding="utf-8")

    call_command("import_methods", str(path), stdout=open("/dev/null", "w"))

    entries = EntryPage.objects.filter(translation_key=data["entries"][0]["id"])
    assert {page.locale.language_code: page.age_max for page in entries} == {
        "fi": 11,
        "sv": 11,
        "en": 11,
    }
    assert entries.get(locale__language_code="fi").title == "Ryhmämenetelmä (uusi)"


def test_draft_translation_stays_unpublished(db):
    call_command("import_methods", SMALL, stdout=open("/dev/null", "w"))
    english = EntryPage.objects.get(slug="group-method")
    assert english.live is False


def test_a_model_lists_its_methods_and_a_method_shows_its_models(db):
    call_command("import_methods", SMALL, stdout=open("/dev/null", "w"))
    model = EntryPage.objects.get(slug="servicemodellen").specific
    method = EntryPage.objects.get(slug="gruppmetoden").specific
    assert [page.title for page in model.methods_used()] == ["Gruppmetoden"]
    assert [page.title for page in method.models_using()] == ["Servicemodellen"]


# --- Bad input --------------------------------------------------------------------------------


def broken(tmp_path, change) -> str:
    data = json.loads(open(SMALL, encoding="utf-8").read())
    change(data)
    path = tmp_path / "methods.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return str(path)


def set_path(*keys_and_value):
    *keys, value = keys_and_value

    def change(data):
        target = data
        for key in keys[:-1]:
            target = target[key]
        target[keys[-1]] = value

    return change


def remove(*keys):
    def change(data):
        target = data
        for key in keys[:-1]:
            target = target[key]
        del target[keys[-1]]

    return change


BAD_INPUTS = {
    "unknown facet code": (
        set_path("entries", 0, "target_groups", ["parents", "grandparents"]),
        "methods.json, record 1 (ryhmamenetelma), field target_groups: unknown code 'grandparents'",
    ),
    "age_min greater than age_max": (
        set_path("entries", 0, "age_min", 19),
        "methods.json, record 1 (ryhmamenetelma), field age_min: 19 is greater than age_max 12",
    ),
    "age outside 0-25": (
        set_path("entries", 1, "age_max", 40),
        "methods.json, record 2 (palvelumalli), field age_max: 40 is outside 0–25",
    ),
    "missing required field": (
        remove("entries", 0, "kind"),
        "methods.json, record 1 (ryhmamenetelma), field kind: is required",
    ),
    "missing title": (
        remove("entries", 1, "translations", "sv", "title"),
        "methods.json, record 2 (palvelumalli), field translations.sv.title: is required",
    ),
    "translation without its source": (
        remove("entries", 1, "translations", "fi"),
        "field translations: has no 'fi' source",
    ),
    "summary over 300 characters": (
        set_path("entries", 0, "translations", "sv", "summary", "x" * 301),
        "field translations.sv.summary: is 301 characters; at most 300 allowed",
    ),
    "rating without a reference": (
        set_path("entries", 0, "evidence", "references", []),
        "field evidence.level: cannot be published: A rating of 1 or higher needs at least one reference",
    ),
    "unknown evidence level": (
        set_path("entries", 0, "evidence", "level", "6"),
        "field evidence.level: '6' is not one of: 5, 4, 3, 2, 1, NR",
    ),
    "unknown language": (
        set_path("entries", 0, "translations", "de", {"slug": "x", "title": "X"}),
        "field translations: unknown language 'de'; allowed: fi, sv, en",
    ),
    "model listing an unknown method": (
        set_path("entries", 1, "uses_methods", ["00000000-0000-4000-8000-000000000000"]),
        "record 2 (palvelumalli), field uses_methods: 00000000-0000-4000-8000-000000000000 is not the id of a method",
    ),
    "age given as text": (
        set_path("entries", 0, "age_min", "three"),
        'field age_min: expected a whole number, got "three"',
    ),
    "bad date": (
        set_path("entries", 0, "evidence", "last_reviewed", "15.1.2026"),
        "field evidence.last_reviewed: '15.1.2026' is not a date (YYYY-MM-DD)",
    ),
    "duplicate slug": (
        set_path("entries", 1, "translations", "fi", "slug", "ryhmamenetelma"),
        "field translations.fi.slug: 'ryhmamenetelma' is already used by record 1",
    ),
}


@pytest.mark.parametrize("case", BAD_INPUTS, ids=list(BAD_INPUTS))
def test_bad_input_is_refused_whole_and_named(db, tmp_path, case):
    change, message = BAD_INPUTS[case]
    path = broken(tmp_path, change)
    before = database_state()

    with pytest.raises(CommandError) as error:
        call_command("import_methods", path, stdout=open("/dev/null", "w"))

    assert message in str(error.value)
    assert database_state() == before


def test_malformed_json_names_the_file_and_position(db, tmp_path):
    path = tmp_path / "methods.json"
    shutil.copy(SMALL, path)
    path.write_text(path.read_text(encoding="utf-8")[:-20], encoding="utf-8")
    before = database_state()

    with pytest.raises(
        CommandError, match=r"methods.json: not valid JSON: .* at line \d+ column \d+"
    ):
        call_command("import_methods", str(path))

    assert database_state() == before


def test_a_later_bad_record_leaves_earlier_good_records_unwritten(db, tmp_path):
    path = broken(tmp_path, set_path("entries", 1, "delivery_formats", ["carrier-pigeon"]))
    slugs_before = set(EntryPage.objects.values_list("slug", flat=True))

    with pytest.raises(CommandError, match="record 2 .* field delivery_formats"):
        call_command("import_methods", path)

    assert "ryhmamenetelma" not in set(EntryPage.objects.values_list("slug", flat=True))
    assert set(EntryPage.objects.values_list("slug", flat=True)) == slugs_before


def test_export_is_stable_across_two_runs(db):
    assert dumps(export_library()) == dumps(export_library())


def test_internal_links_survive_the_round_trip_through_an_empty_database(db, tmp_path):
    call_command("import_methods", SMALL, stdout=open("/dev/null", "w"))
    method = EntryPage.objects.get(slug="ryhmamenetelma").specific
    model = EntryPage.objects.get(slug="palvelumalli")
    # a forward link: the method (imported first) links to the model (imported after it)
    method.aims = f'<p>Osa <a linktype="page" id="{model.pk}">palvelumallia</a>.</p>'
    method.save_revision().publish()
    first = export_text(tmp_path, "first.json")
    assert f'entry=\\"{model.translation_key}/fi\\"' in first

    empty_library()
    call_command("import_methods", str(tmp_path / "first.json"), stdout=open("/dev/null", "w"))

    new_model = EntryPage.objects.get(slug="palvelumalli")
    new_method = EntryPage.objects.get(slug="ryhmamenetelma").specific
    assert f'<a linktype="page" id="{new_model.pk}">' in new_method.aims
    assert export_text(tmp_path, "second.json") == first


def test_a_link_to_an_unknown_entry_is_refused(db, tmp_path):
    path = broken(
        tmp_path,
        set_path(
            "entries", 0, "translations", "fi", "aims",
            '<p><a linktype="page" entry="00000000-0000-4000-8000-000000000000/fi">x</a></p>',
        ),
    )  # fmt: skip
    with pytest.raises(CommandError, match=r"field translations.fi.aims: links to '00000000"):
        call_command("import_methods", path)


# --- Strict import: what the database would refuse, or store differently, is refused first ----


def written(tmp_path, change) -> str:
    """The small library changed, written as JSON with non-ASCII escaped (so that a lone
    surrogate can be written at all)."""
    data = json.loads(open(SMALL, encoding="utf-8").read())
    change(data)
    path = tmp_path / "methods.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return str(path)


def rename(*keys_and_new_name):
    *keys, old, new = keys_and_new_name

    def change(data):
        target = data
        for key in keys:
            target = target[key]
        target[new] = target.pop(old)

    return change


def append(*keys_and_value):
    *keys, value = keys_and_value

    def change(data):
        target = data
        for key in keys:
            target = target[key]
        target.append(value)

    return change


def same_id_twice(data):
    data["entries"][1]["id"] = data["entries"][0]["id"]


STRICT_INPUTS = {
    "unknown field in a translation": (
        rename("entries", 0, "translations", "fi", "summary", "sumary"),
        "methods.json, record 1 (ryhmamenetelma), field translations.fi: "
        "unknown field sumary; did you mean summary?",
    ),
    "unknown field in a record": (
        rename("entries", 0, "age_min", "agemin"),
        "methods.json, record 1 (ryhmamenetelma): unknown field agemin; did you mean age_min?",
    ),
    "duplicate facet code": (
        append(
            "taxonomies",
            "target_groups",
            {"code": "parents", "labels": {"fi": "Huoltajat", "sv": "Vårdnadshavare"}},
        ),
        "methods.json, field taxonomies.target_groups: "
        "the code 'parents' is given twice, in values 1 and 3",
    ),  # fmt: skip
    "duplicate entry id": (
        same_id_twice,
        "methods.json, record 2 (palvelumalli), field id: 6f1c2a9e-3f0b-4a8e-9d52-0c3e1b7a5d11 "
        "is already used by record 1 (ryhmamenetelma)",
    ),
    "javascript: address of a registry rating": (
        set_path("entries", 0, "evidence", "registry_ratings", 0, "url", "javascript:alert(1)"),
        "methods.json, record 1 (ryhmamenetelma), field evidence.registry_ratings[1].url: "
        "'javascript:alert(1)' is not an http:// or https:// address",
    ),
    "javascript: address of an embed": (
        append(
            "entries",
            0,
            "translations",
            "fi",
            "body",
            {"type": "embed", "value": "javascript:alert(1)"},
        ),
        "methods.json, record 1 (ryhmamenetelma), field translations.fi.body[4].value: "
        "'javascript:alert(1)' is not an http:// or https:// address",
    ),  # fmt: skip
    "20 MB rich-text field": (
        set_path("entries", 0, "translations", "fi", "aims", "<p>" + "x" * 20_000_000 + "</p>"),
        "methods.json, record 1 (ryhmamenetelma), field translations.fi.aims: "
        "is 20000007 characters; at most 100000 allowed",
    ),
    "200,000 blocks": (
        set_path(
            "entries",
            0,
            "translations",
            "fi",
            "body",
            [{"type": "heading", "value": "x"}] * 200_000,
        ),
        "methods.json, record 1 (ryhmamenetelma), field translations.fi.body: "
        "has 200000 items; at most 500 allowed",
    ),  # fmt: skip
    "NUL character": (
        set_path("entries", 0, "translations", "fi", "summary", "Ryhmä\x00"),
        "methods.json, record 1 (ryhmamenetelma), field translations.fi.summary: "
        "contains a NUL character, which the database cannot store",
    ),
    "lone surrogate": (
        set_path("entries", 0, "translations", "sv", "title", "Grupp\ud800"),
        "methods.json, record 1 (ryhmamenetelma), field translations.sv.title: "
        "is not valid Unicode text: it holds a lone surrogate",
    ),
    "DOI over 200 characters": (
        set_path("entries", 0, "evidence", "references", 0, "doi", "10.1000/" + "x" * 193),
        "methods.json, record 1 (ryhmamenetelma), field evidence.references[1].doi: "
        "is 201 characters; at most 200 allowed",
    ),
    "registry label over 120 characters": (
        set_path("entries", 0, "evidence", "registry_ratings", 0, "label", "P" * 121),
        "methods.json, record 1 (ryhmamenetelma), field evidence.registry_ratings[1].label: "
        "is 121 characters; at most 120 allowed",
    ),
    "material languages longer than their column": (
        set_path("entries", 0, "material_languages", ["fi", "sv", "en"] * 8),
        "methods.json, record 1 (ryhmamenetelma), field material_languages: "
        "is 94 characters as stored; at most 60 allowed",
    ),
}


@pytest.mark.parametrize("case", STRICT_INPUTS, ids=list(STRICT_INPUTS))
def test_strict_import_refuses_what_the_database_would_not_keep_as_given(db, tmp_path, case):
    change, message = STRICT_INPUTS[case]
    path = written(tmp_path, change)
    before = database_state()

    with pytest.raises(CommandError) as error:
        call_command("import_methods", path, stdout=open("/dev/null", "w"))

    assert message in str(error.value).splitlines()
    assert database_state() == before


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(db, tmp_path):
    path = tmp_path / "methods.json"
    path.write_text("{}")
    os.truncate(path, MAX_FILE_BYTES + 1)  # sparse: large to stat(), nothing on disk
    before = database_state()

    with pytest.raises(CommandError, match=r"^methods.json: is 50.0 MB; at most 50 MB allowed$"):
        call_command("import_methods", str(path))

    assert database_state() == before


def test_a_slug_taken_by_a_page_outside_the_file_is_named_like_any_other_error(db, tmp_path):
    MethodFactory(title="Toinen", slug="ryhmamenetelma")
    before = database_state()

    with pytest.raises(CommandError) as error:
        call_command("import_methods", SMALL, stdout=open("/dev/null", "w"))

    assert str(error.value).startswith(
        "methods.json, record 1 (ryhmamenetelma), field translations.fi.slug: "
    ) or str(error.value).startswith(
        "small_library.json, record 1 (ryhmamenetelma), field translations.fi.slug: "
    )
    assert database_state() == before


def test_errors_are_in_english_unless_another_language_is_asked_for(db, tmp_path):
    path = broken(tmp_path, set_path("entries", 0, "age_min", 19))

    with translation.override("fi"), pytest.raises(CommandError) as english:
        call_command("import_methods", path)
    with pytest.raises(CommandError) as finnish:
        call_command("import_methods", path, lang="fi")
    with pytest.raises(CommandError) as swedish:
        call_command("import_methods", path, lang="sv")

    assert str(english.value) == (
        "methods.json, record 1 (ryhmamenetelma), field age_min: 19 is greater than age_max 12"
    )
    assert str(finnish.value) == (
        "methods.json, tietue 1 (ryhmamenetelma), kenttä age_min: 19 on suurempi kuin age_max 12"
    )
    assert str(swedish.value) == (
        "methods.json, post 1 (ryhmamenetelma), fält age_min: 19 är större än age_max 12"
    )


def test_every_problem_of_a_file_is_named_at_once(db, tmp_path):
    def two_mistakes(data):
        data["entries"][0]["age_min"] = "three"
        data["entries"][1]["translations"]["sv"]["title"] = ""

    with pytest.raises(CommandError) as error:
        call_command("import_methods", broken(tmp_path, two_mistakes))

    assert str(error.value).splitlines() == [
        'methods.json, record 1 (ryhmamenetelma), field age_min: expected a whole number, got "three"',
        "methods.json, record 2 (palvelumalli), field translations.sv.title: is required",
    ]


def test_the_format_has_a_field_for_every_facet_and_rich_text_section():
    assert set(FACET_FIELDS) == set(Taxonomies.model_fields)
    assert set(FACET_FIELDS) <= set(EntryRecord.model_fields)
    assert set(RICH_TEXT_FIELD_NAMES) <= set(Translation.model_fields)
