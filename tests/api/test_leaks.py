"""Drafts, unpublished pages, unpublished changes and private pages never reach any API answer,
facet count, change event or webhook payload."""

import pytest
from wagtail.models import PageViewRestriction

from partners.models import Change, WebhookDelivery, WebhookEndpoint
from tests.factories import MethodFactory, TargetGroupFactory, index_page

SURFACES = [
    "/api/v1/methods/?lang=fi&limit=100",
    "/api/v1/methods/?lang=fi&q=salainen&limit=100",
    "/api/v1/methods/?lang=fi&target_group=leak-group&limit=100",
    "/api/v1/changes/?limit=1000",
    "/api/v2/pages/?type=methods.MethodPage&fields=*&limit=20",
    "/api/v2/pages/?search=salainen",
]


@pytest.fixture
def endpoint(db):
    return WebhookEndpoint.objects.create(
        name="Partner", url="http://127.0.0.1:9/", events=["publish"], languages=["fi"]
    )


@pytest.fixture
def group(db):
    return TargetGroupFactory(code="leak-group")


def assert_nowhere(client, text: str, entry_id=None, slug=None):
    for path in SURFACES:
        response = client.get(path)
        assert response.status_code == 200, path
        assert text not in response.content.decode(), path
        if entry_id:
            assert str(entry_id) not in response.content.decode(), path
    if entry_id:
        counts = client.get("/api/v1/methods/?lang=fi").json()["facets"]["target_groups"]
        assert {c["code"]: c["count"] for c in counts}.get("leak-group", 0) == 0
        for key in (entry_id, slug):
            assert client.get(f"/api/v1/methods/{key}/?lang=fi").status_code == 404
        assert not Change.objects.filter(entry_id=entry_id).exists()
    assert text not in "".join(WebhookDelivery.objects.values_list("payload", flat=True))


def test_drafts_never_reach_the_api(client, group, endpoint, publish_on_commit):
    draft = publish_on_commit(
        lambda: MethodFactory(
            title="Salainen luonnos", slug="salainen-luonnos", live=False, target_groups=[group]
        )
    )
    assert_nowhere(client, "Salainen luonnos", draft.translation_key, draft.slug)


def test_unpublished_entries_never_reach_the_api(client, group, endpoint, publish_on_commit):
    page = MethodFactory(title="Salainen poistettu", slug="salainen-pois", target_groups=[group])
    publish_on_commit(page.unpublish)
    for path in SURFACES[:3]:
        assert "Salainen poistettu" not in client.get(path).content.decode()
    assert client.get(f"/api/v1/methods/{page.translation_key}/?lang=fi").status_code == 404
    # the feed tells mirrors to drop it; the webhook payload carries no content
    events = list(
        Change.objects.filter(entry_id=page.translation_key).values_list("event", flat=True)
    )
    assert events == ["publish", "unpublish"]


def test_draft_changes_of_a_live_entry_never_reach_the_api(
    client, group, endpoint, publish_on_commit
):
    page = MethodFactory(title="Julkinen otsikko", slug="julkinen", target_groups=[group])
    page.title = "Salainen muutos"
    page.summary = "Salainen tiivistelmä"
    publish_on_commit(page.save_revision)
    assert_nowhere(client, "Salainen")
    detail = client.get(f"/api/v1/methods/{page.translation_key}/?lang=fi").json()
    assert detail["title"] == "Julkinen otsikko"


def test_private_entries_and_their_children_never_reach_the_api(
    client, group, endpoint, publish_on_commit
):
    index = index_page("fi")
    restriction = PageViewRestriction.objects.create(
        page=index, restriction_type="password", password="x"
    )
    page = publish_on_commit(
        lambda: MethodFactory(
            title="Salainen yksityinen", slug="salainen-yksityinen", target_groups=[group]
        )
    )
    assert_nowhere(client, "Salainen yksityinen", page.translation_key, page.slug)
    # and nothing that was public before leaks either: the whole section went private
    assert client.get("/api/v1/methods/?lang=fi").json()["count"] == 0
    restriction.delete()
    assert client.get("/api/v1/methods/?lang=fi").json()["count"] > 0


def test_a_private_entry_being_published_produces_no_event(group, endpoint, publish_on_commit):
    page = MethodFactory(title="Yksityinen", slug="yksityinen", live=False, target_groups=[group])
    PageViewRestriction.objects.create(page=page, restriction_type="password", password="x")
    publish_on_commit(page.save_revision().publish)
    assert not Change.objects.filter(entry_id=page.translation_key).exists()
    assert not WebhookDelivery.objects.exists()


def test_making_a_public_entry_private_tells_mirrors_to_drop_it(group, publish_on_commit):
    page = MethodFactory(title="Ennen julkinen", slug="ennen-julkinen", target_groups=[group])
    PageViewRestriction.objects.create(page=page, restriction_type="password", password="x")
    last = Change.objects.filter(entry_id=page.translation_key).last()
    assert last.event == "unpublish" and last.url == ""


def test_links_to_private_pages_lose_their_target(client, group):
    private = MethodFactory(title="Piilossa", slug="piilossa", target_groups=[group])
    PageViewRestriction.objects.create(page=private, restriction_type="password", password="x")
    page = MethodFactory(
        slug="linkittaja", aims=f'<p><a linktype="page" id="{private.pk}">katso</a></p>'
    )
    aims = client.get(f"/api/v1/methods/{page.translation_key}/?lang=fi").json()["aims"]
    assert aims == "<p><a>katso</a></p>"


def test_wagtail_v2_hides_private_pages_even_from_editors(admin_client, group):
    page = MethodFactory(title="Salainen v2", slug="salainen-v2", target_groups=[group])
    PageViewRestriction.objects.create(page=page, restriction_type="login")
    listing = admin_client.get("/api/v2/pages/?type=methods.MethodPage&limit=20").content
    assert b"Salainen v2" not in listing
    assert admin_client.get(f"/api/v2/pages/{page.pk}/").status_code == 404
