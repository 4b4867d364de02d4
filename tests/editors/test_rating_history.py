"""Rating history and the audit log: a changed rating keeps its previous level, date, rationale and author."""

from django.template import Context, Template
from wagtail.models import PageLogEntry

from methods.evidence import EvidenceLevel
from methods.models import EntryPage
from methods.rating_history import RATING_CHANGED, RatingChange
from tests.factories import MethodFactory, locale, translate

from .conftest import change_and_publish


def test_publishing_a_new_rating_records_the_change_and_who_made_it(make_user):
    reviewer = make_user("reviewer-user", superuser=True)
    entry = MethodFactory(evidence_level=EvidenceLevel.SOME_RESEARCH, references=["Study 2020"])

    change_and_publish(
        entry,
        user=reviewer,
        evidence_level=EvidenceLevel.SOME_EVIDENCE,
        evidence_rationale="<p>A new controlled study.</p>",
    )

    change = RatingChange.objects.get(entry_key=entry.translation_key)
    assert (change.previous_level, change.new_level) == (2, 3)
    assert change.changed_by == reviewer
    assert "controlled study" in change.rationale
    log_entry = PageLogEntry.objects.get(page=entry, action=RATING_CHANGED)
    assert log_entry.user == reviewer
    assert log_entry.data == {"previous_level": "2", "new_level": "3"}
    assert "2" in log_entry.message and "3" in log_entry.message


def test_publishing_without_changing_the_rating_records_nothing(db):
    entry = MethodFactory(evidence_level=EvidenceLevel.NOT_RATED)
    change_and_publish(entry, summary="Toinen tiivistelmä.")
    assert not RatingChange.objects.filter(entry_key=entry.translation_key).exists()


def test_a_saved_draft_with_a_new_rating_is_not_history_yet(db):
    entry = MethodFactory(evidence_level=EvidenceLevel.NOT_RATED)
    draft = entry.get_latest_revision_as_object()
    draft.evidence_level = EvidenceLevel.DESCRIBED
    draft.save_revision()
    assert not RatingChange.objects.filter(entry_key=entry.translation_key).exists()


def test_the_history_is_shared_by_every_translation_and_shown_in_the_api(client, db):
    entry = MethodFactory(evidence_level=EvidenceLevel.NOT_RATED)
    swedish = translate(entry, "sv")
    change_and_publish(entry, evidence_level=EvidenceLevel.DESCRIBED, references=[])
    # The synchronised rating reaches the translation; it is recorded once, for the entry.
    change_and_publish(swedish, evidence_level=EvidenceLevel.DESCRIBED)

    detail = client.get(f"/api/v1/methods/{swedish.translation_key}/?lang=sv").json()
    history = detail["evidence"]["rating_history"]
    assert len(history) == 1
    assert history[0]["previous_level"] == "NR" and history[0]["new_level"] == "1"
    assert history[0]["changed_at"].endswith("Z")


def test_the_public_entry_page_include_lists_the_changes(db):
    entry = MethodFactory(evidence_level=EvidenceLevel.NOT_RATED)
    change_and_publish(entry, evidence_level=EvidenceLevel.DESCRIBED)
    page = EntryPage.objects.get(translation_key=entry.translation_key, locale=locale("fi"))

    html = Template("{% load editorial_tags %}{% rating_history page %}").render(
        Context({"page": page})
    )
    assert 'class="rating-history"' in html
    assert "<time" in html


def test_the_public_entry_page_shows_the_rating_history(client, db):
    entry = MethodFactory(evidence_level=EvidenceLevel.SOME_RESEARCH, references=["Study 2020"])
    change_and_publish(
        entry,
        evidence_level=EvidenceLevel.SOME_EVIDENCE,
        evidence_rationale="<p>A new controlled study.</p>",
    )
    html = client.get(EntryPage.objects.get(pk=entry.pk).url).content.decode()
    assert 'class="rating-history"' in html
    assert "A new controlled study." in html
