"""The change feed: publish, unpublish and delete events in order, paged exactly by cursor."""

from partners.models import Change
from tests.factories import MethodFactory, TargetGroupFactory, translate


def feed(client, query=""):
    response = client.get(f"/api/v1/changes/{query}")
    assert response.status_code == 200
    return response.json()


def test_a_mirror_that_follows_the_feed_ends_up_exact(client, db):
    start = feed(client)["cursor"]
    while True:  # catch up first
        page = feed(client, f"?since={start}")
        if not page["has_more"]:
            start = page["cursor"]
            break
        start = page["cursor"]
    group = TargetGroupFactory(code="feed-group")
    kept = MethodFactory(title="Kept", slug="kept", target_groups=[group])
    swedish = translate(kept, "sv", slug="behallen")
    gone = MethodFactory(title="Gone", slug="gone", target_groups=[group])
    hidden = MethodFactory(title="Hidden", slug="hidden", target_groups=[group])
    kept.save_revision().publish()  # a second publish: the mirror refreshes it
    hidden.unpublish()
    gone_key = gone.translation_key
    gone.delete()

    mirror: dict = {}
    cursor = start
    while True:
        page = feed(client, f"?since={cursor}&limit=2")
        for event in page["events"]:
            key = (event["id"], event["lang"])
            if event["event"] == "publish":
                mirror[key] = event["slug"]
            else:
                mirror.pop(key, None)
        cursor = page["cursor"]
        if not page["has_more"]:
            break
    assert mirror == {
        (str(kept.translation_key), "fi"): "kept",
        (str(swedish.translation_key), "sv"): "behallen",
    }
    tombstone = Change.objects.filter(entry_id=gone_key).last()
    assert tombstone.event == "delete" and tombstone.slug == "gone"
    sequences = list(Change.objects.values_list("sequence", flat=True))
    assert sequences == sorted(sequences) and len(set(sequences)) == len(sequences)


def test_events_carry_what_a_mirror_needs(client, db):
    group = TargetGroupFactory(code="feed-group")
    page = MethodFactory(title="Feed entry", slug="feed-entry", target_groups=[group])
    event = feed(client, "?lang=fi&limit=1000")["events"][-1]
    assert event["event"] == "publish" and event["id"] == str(page.translation_key)
    assert event["kind"] == "method" and event["lang"] == "fi"
    assert event["api_url"].endswith(f"/api/v1/methods/{page.translation_key}/?lang=fi")
    assert event["url"] == "http://localhost/fi/menetelmat/feed-entry/"


def test_since_accepts_a_timestamp(client, db):
    everything = feed(client, "?limit=1000")["events"]
    middle = everything[len(everything) // 2]
    later = feed(client, f"?since={middle['occurred_at']}&limit=1000")["events"]
    assert later[0]["sequence"] <= middle["sequence"]
    assert {e["sequence"] for e in later} >= {
        e["sequence"] for e in everything if e["occurred_at"] > middle["occurred_at"]
    }
    assert feed(client, "?since=2999-01-01T00:00:00Z")["events"] == []
