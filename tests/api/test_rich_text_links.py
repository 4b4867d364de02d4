"""Rich text links only to public pages on every surface: the site, API v1, API v2, the change
feed and webhooks. A link to a draft, or to an entry once it is unpublished, is plain text."""

import pytest
from wagtail.models import PageViewRestriction

from partners.models import Change, WebhookDelivery, WebhookEndpoint
from tests.factories import MethodFactory


def page_link(page, text):
    return f'<a linktype="page" id="{page.pk}">{text}</a>'


@pytest.fixture
def linked(db, publish_on_commit):
    """A live entry whose aims link to a never-published draft, a private entry and a live one."""
    WebhookEndpoint.objects.create(
        name="Partner", url="http://127.0.0.1:9/", events=["publish"], languages=["fi"]
    )
    draft = MethodFactory(title="Luonnos", slug="salainen-luonnos", live=False)
    private = MethodFactory(title="Yksityinen", slug="yksityinen-menetelma")
    PageViewRestriction.objects.create(
        page=private, restriction_type=PageViewRestriction.PASSWORD, password="x"
    )
    public = MethodFactory(title="Julkinen", slug="julkinen-menetelma")
    source = publish_on_commit(
        lambda: MethodFactory(
            title="Lähde",
            slug="lahde",
            aims=(
                f"<p>{page_link(draft, 'luonnokseen')} {page_link(private, 'yksityiseen')} "
                f"{page_link(public, 'julkiseen')}</p>"
            ),
        )
    )
    return source, draft, private, public


def surfaces(client, source) -> dict[str, str]:
    return {
        "site": client.get(source.url).content.decode(),
        "API v1": client.get(f"/api/v1/methods/{source.translation_key}/?lang=fi").content.decode(),
        "API v2": client.get(f"/api/v2/pages/{source.pk}/?fields=*").content.decode(),
        "change feed": client.get("/api/v1/changes/?limit=1000").content.decode(),
        "webhooks": "".join(
            str(p) for p in WebhookDelivery.objects.values_list("payload", flat=True)
        ),
    }


def test_links_to_pages_that_are_not_public_are_plain_text_everywhere(client, linked):
    source, draft, private, public = linked
    for surface, text in surfaces(client, source).items():
        # (the feed tells of the private entry's publication before it was restricted)
        for hidden in (draft, private) if surface in ("site", "API v1", "API v2") else (draft,):
            assert hidden.slug not in text, surface
            assert f'id="{hidden.pk}"' not in text and f'id=\\"{hidden.pk}\\"' not in text, surface
        assert "linktype" not in text, surface
    pages = surfaces(client, source)
    for surface in ("site", "API v1", "API v2"):
        assert "luonnokseen" in pages[surface], surface  # the words stay, without a link
        assert "/fi/menetelmat/julkinen-menetelma/" in pages[surface], surface


def test_a_link_stops_at_once_when_its_target_is_unpublished(client, linked, publish_on_commit):
    source, _draft, _private, public = linked
    before = surfaces(client, source)  # and kept in the caches
    for surface in ("site", "API v1", "API v2"):
        assert "julkinen-menetelma" in before[surface], surface
    publish_on_commit(public.unpublish)
    after = surfaces(client, source)
    for surface in ("site", "API v1", "API v2"):
        assert "julkinen-menetelma/" not in after[surface], surface
        assert "julkiseen" in after[surface], surface


def test_api_v2_offers_no_stored_rich_text(client, linked):
    source, *_ = linked
    response = client.get(f"/api/v2/pages/{source.pk}/?fields=*&rich_text_format=db_html")
    assert response.status_code == 400
    assert "rich_text_format" in response.json()["message"]
    assert Change.objects.filter(entry_id=source.translation_key).exists()
