"""Translation status: which translations exist, are published and keep up with their Finnish source."""

import csv
import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from wagtail_localize.models import Translation, TranslationSource
from wagtail_localize.operations import translate_object

from methods.models import EntryPage
from methods.translation_status import source_entries, translation_statuses
from tests.factories import MethodFactory, locale, translate

from .conftest import change_and_publish


def demo_entry():
    return source_entries().get(slug="lapset-puheeksi").specific


def report(*args) -> str:
    out = io.StringIO()
    call_command("translation_report", *args, stdout=out)
    return out.getvalue()


def test_demo_translations_are_up_to_date_and_published(db):
    statuses = translation_statuses(source_entries())
    states = [state for by_language in statuses.values() for state in by_language.values()]
    assert len(states) == 2 * source_entries().count()
    assert all(state.exists and state.up_to_date for state in states)


def test_changing_the_finnish_entry_marks_swedish_and_english_out_of_date_until_synced(db):
    entry = demo_entry()
    change_and_publish(entry, summary="Uusi tiivistelmä.")

    states = translation_statuses([entry])[entry.pk]
    assert states["sv"].up_to_date is False
    assert states["en"].up_to_date is False
    assert states["sv"].source_changed_at > states["sv"].synced_at
    assert states["sv"].behind.total_seconds() > 0

    swedish = EntryPage.objects.get(translation_key=entry.translation_key, locale=locale("sv"))
    change_and_publish(swedish.specific, summary="Ny sammanfattning.")

    states = translation_statuses([entry])[entry.pk]
    assert states["sv"].up_to_date is True
    assert states["en"].up_to_date is False


def test_a_saved_draft_of_a_live_source_does_not_yet_outdate_translations(db):
    entry = demo_entry()
    draft = entry.get_latest_revision_as_object()
    draft.summary = "Luonnos."
    draft.save_revision()

    assert translation_statuses([entry])[entry.pk]["sv"].up_to_date is True


def test_a_missing_translation_is_reported_as_missing(db):
    entry = MethodFactory()
    translate(entry, "sv")

    states = translation_statuses([entry])[entry.pk]
    assert states["sv"].exists and states["sv"].live
    assert not states["en"].exists
    assert states["en"].up_to_date is None


def test_localize_translations_start_as_drafts_and_follow_sync(db, make_user):
    admin = make_user("admin-user", superuser=True)
    entry = MethodFactory()
    translate_object(entry, [locale("sv")], user=admin)

    swedish = EntryPage.objects.get(translation_key=entry.translation_key, locale=locale("sv"))
    assert swedish.live is False
    state = translation_statuses([entry])[entry.pk]["sv"]
    assert state.managed and state.up_to_date

    change_and_publish(entry, summary="Muutettu tiivistelmä.")
    assert translation_statuses([entry])[entry.pk]["sv"].up_to_date is False

    # "Sync translated pages": the source is extracted again and the translation rebuilt.
    source = TranslationSource.objects.get_for_instance(entry)
    source.update_from_db()
    Translation.objects.get(source=source, target_locale=locale("sv")).save_target(
        user=admin, publish=False
    )
    assert translation_statuses([entry])[entry.pk]["sv"].up_to_date is True


def test_the_status_of_every_entry_takes_a_fixed_number_of_queries(db, django_assert_num_queries):
    entries = list(source_entries())
    with django_assert_num_queries(3):
        translation_statuses(entries)


def test_the_status_view_lists_out_of_date_translations_with_dates_and_links(db, client, make_user):
    client.force_login(make_user("admin-user", superuser=True))
    entry = demo_entry()
    change_and_publish(entry, summary="Uusi tiivistelmä.")
    swedish = EntryPage.objects.get(translation_key=entry.translation_key, locale=locale("sv"))

    response = client.get(
        reverse("methods_translation_status"), {"status": "outdated", "language": "sv"}
    )

    assert response.status_code == 200
    rows = response.context["rows"]
    assert [row["entry"].pk for row in rows] == [entry.pk]
    assert rows[0]["states"][0].synced_at is not None
    assert reverse("wagtailadmin_pages:edit", args=[swedish.pk]) in response.content.decode()


def test_the_status_view_is_only_for_people_with_admin_access(db, client, make_user):
    client.force_login(make_user("nobody"))
    response = client.get(reverse("methods_translation_status"))
    assert response.status_code in (302, 403)


def test_unknown_filter_values_are_ignored(db, client, make_user):
    client.force_login(make_user("admin-user", superuser=True))
    response = client.get(
        reverse("methods_translation_status"), {"status": "bogus", "language": "xx"}
    )
    assert response.status_code == 200
    assert len(response.context["rows"]) == source_entries().count()


def test_the_report_prints_the_same_status_as_text_and_csv(db):
    entry = demo_entry()
    change_and_publish(entry, summary="Uusi tiivistelmä.")

    text = report("--outdated")
    assert f"{entry.title} [sv]: live, OUT OF DATE" in text
    assert f"{entry.title} [en]: live, OUT OF DATE" in text
    assert "2 out of date, 0 missing." in text

    rows = list(csv.DictReader(io.StringIO(report("--format", "csv"))))
    outdated = {(row["entry_id"], row["language"]) for row in rows if row["up_to_date"] == "False"}
    assert outdated == {(entry.entry_id, "sv"), (entry.entry_id, "en")}


def test_the_api_translations_say_whether_each_is_up_to_date(client, db):
    entry = demo_entry()
    change_and_publish(entry, summary="Uusi tiivistelmä.")

    detail = client.get(f"/api/v1/methods/{entry.translation_key}/?lang=fi").json()
    translations = {item["lang"]: item for item in detail["translations"]}
    assert translations["sv"]["up_to_date"] is False
    assert translations["en"]["up_to_date"] is False
    swedish = client.get(f"/api/v1/methods/{entry.translation_key}/?lang=sv").json()
    assert {item["lang"]: item["up_to_date"] for item in swedish["translations"]}["fi"] is True


@pytest.mark.parametrize("value", ["", "1"])
def test_machine_translation_is_configured_only_with_a_deepl_key(monkeypatch, value):
    import importlib

    import config.settings.base as base

    monkeypatch.setenv("DEEPL_API_KEY", value)
    monkeypatch.setenv("SECRET_KEY", "x")
    monkeypatch.delattr(base, "WAGTAILLOCALIZE_MACHINE_TRANSLATOR", raising=False)
    reloaded = importlib.reload(base)
    try:
        if value:
            assert reloaded.WAGTAILLOCALIZE_MACHINE_TRANSLATOR["CLASS"].endswith("DeepLTranslator")
            assert reloaded.WAGTAILLOCALIZE_MACHINE_TRANSLATOR["OPTIONS"]["AUTH_KEY"] == value
        else:
            assert not hasattr(reloaded, "WAGTAILLOCALIZE_MACHINE_TRANSLATOR")
    finally:
        monkeypatch.delenv("DEEPL_API_KEY")
        monkeypatch.delattr(base, "WAGTAILLOCALIZE_MACHINE_TRANSLATOR", raising=False)
        importlib.reload(base)


def test_machine_translation_is_off_by_default(settings):
    assert not hasattr(settings, "WAGTAILLOCALIZE_MACHINE_TRANSLATOR")


def test_a_changed_measure_marks_its_translations_out_of_date_until_they_are_saved(
    db, client, make_user
):
    import datetime

    from methods.models import Measure
    from methods.translation_status import measure_statuses

    assert all(
        state.up_to_date for _measure, states in measure_statuses() for state in states.values()
    )
    source = Measure.objects.get(code="ecbi", locale__language_code="fi")
    source.description = "Uusi kuvaus."
    source.save()
    states = dict(measure_statuses())[source]
    assert states["sv"].up_to_date is False and states["en"].up_to_date is False

    client.force_login(make_user("editor", "Editors"))
    response = client.get(reverse("methods_translation_status") + "?status=outdated")
    assert [row["measure"].code for row in response.context["measure_rows"]] == ["ecbi"]
    assert "ECBI" in report("--outdated")

    swedish = Measure.objects.get(code="ecbi", locale__language_code="sv")
    swedish.description = "Ny beskrivning."
    swedish.save()
    assert dict(measure_statuses())[source]["sv"].up_to_date
    assert isinstance(source.updated_at, datetime.datetime)
