"""The change feed: publish, unpublish and delete events in order, paged exactly by cursor."""

from django.conf import settings

from methods.models import EntryPage
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
    assert event["url"] == f"{settings.SITE_URL}/fi/menetelmat/feed-entry/"


def test_since_accepts_a_timestamp(client, db):
    everything = feed(client, "?limit=1000")["events"]
    middle = everything[len(everything) // 2]
    later = feed(client, f"?since={middle['occurred_at']}&limit=1000")["events"]
    assert later[0]["sequence"] <= middle["sequence"]
    assert {e["sequence"] for e in later} >= {
        e["sequence"] for e in everything if e["occurred_at"] > middle["occurred_at"]
    }
    assert feed(client, "?since=2999-01-01T00:00:00Z")["events"] == []


def read_feed(client, cursor=None, mirror=None, limit=5):
    """Apply the feed to `mirror` ({(id, lang): (slug, title, url)}) from `cursor` (None: from
    the beginning), following `next`; return the mirror and the last cursor."""
    mirror = {} if mirror is None else mirror
    path = f"/api/v1/changes/?limit={limit}" + (f"&since={cursor}" if cursor is not None else "")
    while path:
        page = feed(client, path.removeprefix("/api/v1/changes/").split("testserver")[-1])
        for event in page["events"]:
            key = (event["id"], event["lang"])
            if event["event"] == "publish":
                mirror[key] = (event["slug"], event["title"], event["url"])
            else:
                mirror.pop(key, None)
        cursor = page["cursor"]
        path = page["next"] and page["next"].removeprefix("http://testserver")
    return mirror, cursor


def listed(client) -> dict:
    """What the API's own list holds, in every language."""
    found = {}
    for language in ("fi", "sv", "en"):
        offset = 0
        while True:
            response = client.get(f"/api/v1/methods/?lang={language}&limit=100&offset={offset}")
            data = response.json()
            for entry in data["results"]:
                found[(entry["id"], language)] = (entry["slug"], entry["title"], entry["url"])
            if not data["next"]:
                break
            offset += 100
    return found


def test_the_feed_from_the_beginning_holds_every_public_entry_in_every_language(client, db):
    replay = feed(client, "?limit=1000")
    assert {event["event"] for event in replay["events"]} == {"publish"}
    assert len(replay["events"]) == 36  # the demo's twelve entries in three languages
    assert feed(client, "?since=0&limit=1000") == replay
    mirror, _cursor = read_feed(client)
    assert mirror == listed(client)


def test_a_mirror_built_only_from_the_feed_equals_the_list_after_every_kind_of_change(client, db):
    from wagtail.models import Page, PageViewRestriction

    from tests.factories import index_page

    early, cursor = read_feed(client)  # a mirror started before the changes
    group = TargetGroupFactory(code="mirror-group")
    added = MethodFactory(title="Added", slug="added", target_groups=[group])
    translate(added, "sv", slug="tillagd", title="Tillagd")
    renamed = MethodFactory(title="Old name", slug="renamed", target_groups=[group])
    renamed.title = "New name"
    renamed.save_revision().publish()
    MethodFactory(title="Unpublished", slug="unpublished", target_groups=[group]).unpublish()
    MethodFactory(title="Deleted", slug="deleted", target_groups=[group]).delete()
    moved = MethodFactory(title="Moved", slug="moved", target_groups=[group])
    section = index_page("fi").add_child(instance=Page(title="Osio", slug="osio"))
    section.save_revision().publish()
    moved.move(section, pos="last-child")
    hidden = MethodFactory(title="Hidden", slug="hidden", target_groups=[group])
    private = index_page("fi").add_child(instance=Page(title="Sisäinen", slug="sisainen"))
    private.save_revision().publish()
    hidden.move(private, pos="last-child")
    restricted = EntryPage.objects.filter(locale__language_code="sv").live().first()
    PageViewRestriction.objects.create(page=restricted, restriction_type="password", password="x")
    PageViewRestriction.objects.create(page=private, restriction_type="password", password="x")

    expected = listed(client)
    assert (str(added.translation_key), "sv") in expected
    assert expected[(str(moved.translation_key), "fi")][2].endswith("/osio/moved/")
    assert (str(restricted.translation_key), "sv") not in expected
    assert (str(hidden.translation_key), "fi") not in expected
    assert read_feed(client)[0] == expected  # a new mirror, from the beginning
    assert read_feed(client, cursor, early)[0] == expected  # the early mirror, caught up


def test_entries_public_before_the_feed_existed_are_in_it_after_migrate(client, db):
    from django.core.management import call_command

    Change.objects.all().delete()  # as on a site that had entries before the feed
    assert feed(client, "?limit=1000")["events"] == []
    call_command("migrate", verbosity=0)
    mirror, _cursor = read_feed(client)
    assert len(mirror) == 36 and mirror == listed(client)
