"""Content events: one stream of changes that the index, the feed, caches and webhooks all hear."""

import pytest
from django.db import transaction
from wagtail.models import PageViewRestriction

from methods import events
from methods.content_version import current_version
from methods.events import EventType
from tests.factories import MethodFactory, ModelFactory, TargetGroupFactory, index_page


@pytest.fixture
def heard():
    """Every event in the order subscribers hear it: [(moment, type, translation keys)]."""
    log = []

    def recorded(event):
        log.append(("recorded", event.type, event.translation_keys))

    def committed(event):
        log.append(("committed", event.type, event.translation_keys))

    events.on_recorded(recorded)
    events.on_committed(committed)
    yield log
    events._recorded.remove(recorded)
    events._committed.remove(committed)


def types(log, moment="recorded"):
    return [event_type for when, event_type, _keys in log if when == moment]


def test_publishing_an_entry_is_heard_in_the_transaction_and_after_commit(
    db, heard, django_capture_on_commit_callbacks
):
    group = TargetGroupFactory(code="events-group")
    with django_capture_on_commit_callbacks(execute=True):
        page = MethodFactory(slug="event-entry", target_groups=[group])
    key = str(page.translation_key)
    assert ("recorded", EventType.ENTRY_PUBLISHED, [key]) in heard
    assert ("committed", EventType.ENTRY_PUBLISHED, [key]) in heard
    assert heard.index(("recorded", EventType.ENTRY_PUBLISHED, [key])) < heard.index(
        ("committed", EventType.ENTRY_PUBLISHED, [key])
    )


def test_methods_and_models_count_as_entries_and_other_pages_do_not(db, heard):
    group = TargetGroupFactory(code="events-group")
    MethodFactory(slug="a-method", target_groups=[group])
    ModelFactory(slug="a-model", target_groups=[group])
    index = index_page("fi")
    index.save_revision().publish()
    assert types(heard).count(EventType.ENTRY_PUBLISHED) == 2
    assert EventType.SITE_CHANGED in types(heard)


def test_every_kind_of_change_is_an_event_and_bumps_the_content_version(db, heard):
    group = TargetGroupFactory(code="events-group")
    page = MethodFactory(slug="changing", target_groups=[group])
    before = current_version()[0]
    page.unpublish()
    page.save_revision().publish()
    restriction = PageViewRestriction.objects.create(page=page, restriction_type="login")
    restriction.delete()
    group.name = "Renamed group"
    group.save()
    page.move(index_page("fi"), pos="first-child")
    page.delete()
    # Wagtail unpublishes a live page while deleting it: the feed keeps the tombstone
    assert types(heard)[-8:] == [
        EventType.ENTRY_UNPUBLISHED,
        EventType.ENTRY_PUBLISHED,
        EventType.RESTRICTION_CHANGED,
        EventType.RESTRICTION_CHANGED,
        EventType.FACET_CHANGED,
        EventType.ENTRIES_MOVED,
        EventType.ENTRY_DELETED,
        EventType.ENTRY_UNPUBLISHED,
    ]
    assert current_version()[0] >= before + 8


def test_a_rolled_back_change_reaches_no_after_commit_subscriber(
    db, heard, django_capture_on_commit_callbacks
):
    group = TargetGroupFactory(code="events-group")
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuntimeError), transaction.atomic():
            MethodFactory(slug="rolled-back", target_groups=[group])
            raise RuntimeError("editor's save failed")
    assert EventType.ENTRY_PUBLISHED in types(heard, "recorded")
    assert EventType.ENTRY_PUBLISHED not in types(heard, "committed")


def test_a_restriction_names_every_entry_below_the_restricted_page(db, heard):
    group = TargetGroupFactory(code="events-group")
    first = MethodFactory(slug="below-one", target_groups=[group])
    second = ModelFactory(slug="below-two", target_groups=[group])
    PageViewRestriction.objects.create(page=index_page("fi"), restriction_type="login")
    restricted = [keys for _w, kind, keys in heard if kind is EventType.RESTRICTION_CHANGED]
    assert {str(first.translation_key), str(second.translation_key)} <= set(restricted[-1])
