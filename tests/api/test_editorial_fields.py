"""Editorial state partners see in the API: whether translations keep up with the source, and
how an entry's rating has changed."""

from methods.evidence import EvidenceLevel
from methods.models import EntryPage
from tests.factories import MethodFactory, translate


def up_to_date_by_language(api, entry_id, language):
    status, body = api(f"/api/v1/methods/{entry_id}/?lang={language}")
    assert status == 200
    return {item["lang"]: item["up_to_date"] for item in body["translations"]}


def test_translations_are_marked_out_of_date_when_the_finnish_source_changes(api):
    source = MethodFactory(title="Lähde", slug="lahde")
    translate(source, "sv", title="Källa", slug="kalla")
    translate(source, "en", title="Source", slug="source")
    assert up_to_date_by_language(api, source.translation_key, "fi") == {"sv": True, "en": True}

    source = EntryPage.objects.get(pk=source.pk).specific
    source.summary = "Uusi tiivistelmä."
    source.save_revision().publish()

    assert up_to_date_by_language(api, source.translation_key, "fi") == {"sv": False, "en": False}
    assert up_to_date_by_language(api, source.translation_key, "sv") == {"fi": True, "en": False}
    status, listing = api("/api/v1/methods/?lang=sv&limit=100")
    item = next(i for i in listing["results"] if i["id"] == str(source.translation_key))
    assert {t["lang"]: t["up_to_date"] for t in item["translations"]} == {"fi": True, "en": False}


def test_the_rating_history_is_part_of_the_evidence(api):
    entry = MethodFactory(evidence_level=EvidenceLevel.SOME_RESEARCH, references=["Study 2020"])
    entry = EntryPage.objects.get(pk=entry.pk).specific
    entry.evidence_level = EvidenceLevel.SOME_EVIDENCE
    entry.evidence_rationale = "<p>A new controlled study.</p>"
    entry.save_revision().publish()

    status, body = api(f"/api/v1/methods/{entry.translation_key}/?lang=fi")
    assert status == 200
    history = body["evidence"]["rating_history"]
    assert [(h["previous_level"], h["new_level"]) for h in history] == [("2", "3")]
    assert "A new controlled study." in history[0]["rationale"]
