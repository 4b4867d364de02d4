"""Preview tokens through HTTP, as an editor and a partner front end use them: issued from the
page editor for the latest revision, shown as that revision even after a newer draft, refused
once revoked in the admin or expired."""

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.urls import reverse

from api.models import PreviewToken
from tests.factories import MethodFactory


@pytest.fixture
def editor_client(client, db):
    user = get_user_model().objects.create_superuser("editor", "editor@example.org", "pw")
    client.force_login(user)
    return client


def save_draft(entry, summary):
    draft = entry.get_latest_revision_as_object()
    draft.summary = summary
    return draft.save_revision()


def issue(editor_client, entry) -> str:
    """Follow the page editor's button; the preview address it leads to."""
    response = editor_client.get(reverse("api_partner_preview", args=[entry.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith(f"{settings.API_BASE_URL}/api/v1/preview/?token=")
    return response["Location"]


def test_a_token_shows_the_revision_it_was_issued_for_not_a_newer_draft(editor_client, client):
    entry = MethodFactory(summary="Julkaistu.")
    save_draft(entry, "Ensimmäinen luonnos.")
    address = issue(editor_client, entry)
    save_draft(entry, "Toinen luonnos, jota kumppani ei vielä näe.")

    first = client.get(address)
    assert first.status_code == 200
    assert first.json()["summary"] == "Ensimmäinen luonnos."
    assert client.get(address).json()["summary"] == "Ensimmäinen luonnos."  # reusable until...
    # a new token for the newer draft
    assert client.get(issue(editor_client, entry)).json()["summary"].startswith("Toinen luonnos")


def test_a_token_revoked_in_the_admin_opens_nothing(editor_client, client):
    entry = MethodFactory()
    address = issue(editor_client, entry)
    assert client.get(address).status_code == 200
    token = PreviewToken.objects.get()

    listing = editor_client.get(reverse("preview_tokens:index"))
    assert listing.status_code == 200 and entry.title in listing.content.decode()
    response = editor_client.post(
        reverse("preview_tokens:edit", args=[token.pk]), {"revoked": "on"}
    )
    assert response.status_code == 302

    refused = client.get(address)
    assert refused.status_code == 403
    assert refused.json()["error"] == "token_revoked"


def test_tokens_are_short_lived_by_default_and_refused_once_expired(
    editor_client, client, settings
):
    from config.settings import base

    assert base.PREVIEW_TOKEN_MAX_AGE_SECONDS <= 15 * 60
    settings.PREVIEW_TOKEN_MAX_AGE_SECONDS = 0
    address = issue(editor_client, MethodFactory())
    refused = client.get(address)
    assert refused.status_code == 403
    assert refused.json()["error"] == "token_expired"


def test_only_editors_of_the_page_can_issue_a_token_and_no_one_can_add_one_by_hand(client, db):
    entry = MethodFactory()
    viewer = get_user_model().objects.create_user("reader", "reader@example.org", "pw")
    client.force_login(viewer)
    response = client.get(reverse("api_partner_preview", args=[entry.pk]))
    assert response.status_code in (302, 403)  # the admin's login redirect or refusal
    assert not PreviewToken.objects.exists()


def test_the_admin_cannot_create_a_token_by_hand(editor_client):
    assert editor_client.get(reverse("preview_tokens:add")).status_code in (302, 403)


def test_the_key_is_not_stored(editor_client):
    address = issue(editor_client, MethodFactory())
    key = address.split("token=")[1]
    token = PreviewToken.objects.get()
    assert key not in token.key_hash
