"""Export and import: the round trip is exact, and bad input is refused whole with a message that names it."""

import json
import shutil

import pytest
from django.core.management import CommandError, call_command
from wagtail.models import Page, Revision

from methods.exchange import dumps, export_library
from methods.models import EntryPage
from methods.vocabulary import facet_models

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
    assert data["schema"] == "lape-methods/1"
    assert len(data["entries"]) >= 12
    for entry in data["entries"]:
        assert set(entry["translations"]) == {"fi", "sv", "en"}
        assert entry["evidence"]["level"] in {"5", "4", "3", "2", "1", "NR"}
    assert {"target_groups", "service_areas", "topics", "delivery_formats"} == set(
        data["taxonomies"]
    )


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
