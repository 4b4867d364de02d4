"""A study's texts are translated in wagtail-localize like the rest of the entry; its facts are
synchronised to every translation."""

from wagtail_localize.models import StringSegment, TranslationSource
from wagtail_localize.operations import translate_object

from methods.models import EntryPage, Study
from tests.factories import MethodFactory, locale


def test_study_texts_are_strings_to_translate_and_facts_are_copied(db, make_user):
    admin = make_user("admin-user", superuser=True)
    entry = MethodFactory()
    Study.objects.create(
        page=entry,
        locale=entry.locale,
        authors="Tutkija, A.",
        year=2020,
        design="rct",
        sample_size=120,
        setting="Lastensuojelu",
        participants="3–7-vuotiaat lapset",
        outcomes=[
            ("outcome", {"domain": "conduct-problems", "measure": "ecbi", "direction": "improved"})
        ],
    )
    entry.save_revision().publish()

    translate_object(entry, [locale("sv")], user=admin)

    source = TranslationSource.objects.get_for_instance(entry)
    strings = set(
        StringSegment.objects.filter(source=source).values_list("string__data", flat=True)
    )
    assert {"Lastensuojelu", "3–7-vuotiaat lapset"} <= strings
    assert "Tutkija, A." not in strings  # a fact: copied, not translated
    swedish = EntryPage.objects.get(translation_key=entry.translation_key, locale=locale("sv"))
    study = swedish.get_latest_revision_as_object().studies.get()
    assert (study.design, study.sample_size, study.locale) == ("rct", 120, locale("sv"))
    assert study.outcome_values[0]["measure"] == "ecbi"
