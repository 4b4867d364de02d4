"""PO files for translation agencies, and the token-protected draft preview for partner front ends."""

import json

import polib
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail_localize.models import Translation, TranslationSource
from wagtail_localize.operations import translate_object

from api.models import PreviewToken
from api.preview import preview_url
from methods.models import EntryPage
from tests.factories import MethodFactory, TargetGroupFactory, locale, translate

from .conftest import change_and_publish


def swedish_translation(user):
    entry = MethodFactory(summary="Menetelmän lyhyt kuvaus.")
    translate_object(entry, [locale("sv")], user=user)
    source = TranslationSource.objects.get_for_instance(entry)
    return entry, Translation.objects.get(source=source, target_locale=locale("sv"))


def test_the_po_download_holds_the_source_strings(client, make_user):
    admin = make_user("admin-user", superuser=True)
    client.force_login(admin)
    _entry, translation = swedish_translation(admin)

    response = client.get(reverse("wagtail_localize:download_pofile", args=[translation.pk]))

    assert response.status_code == 200
    po = polib.pofile(response.content.decode())
    assert "Menetelmän lyhyt kuvaus." in [entry.msgid for entry in po]


def test_an_uploaded_po_file_translates_the_entry(client, make_user):
    admin = make_user("admin-user", superuser=True)
    client.force_login(admin)
    entry, translation = swedish_translation(admin)
    po = polib.pofile(
        client.get(
            reverse("wagtail_localize:download_pofile", args=[translation.pk])
        ).content.decode()
    )
    for po_entry in po:
        if po_entry.msgid == "Menetelmän lyhyt kuvaus.":
            po_entry.msgstr = "Metodens korta beskrivning."
    upload = SimpleUploadedFile("sv.po", str(po).encode(), "text/x-gettext-translation")

    response = client.post(
        reverse("wagtail_localize:upload_pofile", args=[translation.pk]), {"file": upload}
    )
    assert response.status_code == 302

    translation.save_target(user=admin, publish=False)
    swedish = EntryPage.objects.get(translation_key=entry.translation_key, locale=locale("sv"))
    assert swedish.get_latest_revision_as_object().summary == "Metodens korta beskrivning."


def test_the_preview_endpoint_returns_the_latest_draft_with_a_valid_token(client, db):
    entry = MethodFactory(summary="Julkaistu.")
    draft = entry.get_latest_revision_as_object()
    draft.summary = "Luonnos, ei julkaistu."
    draft.save_revision()

    response = client.get(preview_url(PreviewToken.issue(entry)))

    assert response.status_code == 200
    data = response.json()
    assert data["preview"] is True
    assert data["summary"] == "Luonnos, ei julkaistu."
    assert data["id"] == entry.entry_id
    assert response["Cache-Control"] == "private, no-store"


def test_a_never_published_draft_is_reachable_only_with_its_token(client, db):
    draft = MethodFactory(live=False, summary="Salainen luonnos.")
    other = MethodFactory(live=False)

    response = client.get(reverse("api-v1:entry_preview"), {"token": PreviewToken.issue(other)})
    assert "Salainen luonnos." not in response.content.decode()
    assert client.get(reverse("api-v1:entry_preview")).status_code == 400
    assert client.get(reverse("api-v1:entry_preview"), {"token": "forged"}).status_code == 403
    tampered = PreviewToken.issue(draft)[:-2] + "xx"
    assert client.get(reverse("api-v1:entry_preview"), {"token": tampered}).status_code == 403


def test_an_expired_token_is_refused_with_a_clear_error(client, db, settings):
    settings.PREVIEW_TOKEN_MAX_AGE_SECONDS = -1
    entry = MethodFactory()
    response = client.get(preview_url(PreviewToken.issue(entry)))
    assert response.status_code == 403
    assert response.json()["error"] == "token_expired"


def test_the_preview_is_the_full_entry_of_the_api_marked_as_a_preview(client, db):
    entry = MethodFactory()
    change_and_publish(entry, evidence_level=1, references=[])
    translate(entry, "sv", title="Svensk metod")

    preview = client.get(preview_url(PreviewToken.issue(entry))).json()
    detail = client.get(f"/api/v1/methods/{entry.translation_key}/?lang=fi").json()

    assert preview.pop("preview") is True and preview.pop("live") is True
    assert preview == detail
    assert preview["evidence"]["rating_history"][0]["new_level"] == "1"
    assert preview["evidence"]["rating_history"][0]["changed_at"].endswith("Z")
    assert [item["lang"] for item in preview["translations"]] == ["sv"]
    assert set(preview["translations"][0]) == {"lang", "title", "url", "api_url", "up_to_date"}


def test_the_preview_resolves_a_drafts_facets_links_and_body_as_the_detail_does(client, db):
    group = TargetGroupFactory(code="parents-of-babies")
    hidden = MethodFactory(slug="hidden-draft", live=False)
    target = MethodFactory(slug="public-target")
    entry = MethodFactory()
    draft = entry.get_latest_revision_as_object()
    draft.target_groups = [group]
    link = f'<p><a linktype="page" id="{target.pk}">a</a> <a linktype="page" id="{hidden.pk}">b</a></p>'
    draft.aims = link
    draft.body = json.dumps([{"type": "paragraph", "value": link}])
    draft.save_revision()

    data = client.get(preview_url(PreviewToken.issue(entry))).json()

    assert data["target_groups"] == [{"code": "parents-of-babies", "label": group.name}]
    assert data["lang"] == "fi" and "language" not in data
    assert 'data-api-url="http://testserver/api/v1/methods/' in data["aims"]
    assert "hidden-draft" not in data["aims"] and "linktype" not in data["aims"]
    assert data["body"][0]["type"] == "paragraph"
    assert data["body"][0]["value"]["html"] == data["aims"]
    assert data["updated_at"].endswith("Z")
    # the public entry is unchanged
    detail = client.get(f"/api/v1/methods/{entry.translation_key}/?lang=fi").json()
    assert detail["target_groups"] == [] and detail["body"] == []


def test_editors_find_the_partner_preview_button_in_the_page_header(client, make_user):
    client.force_login(make_user("admin-user", superuser=True))
    entry = MethodFactory()
    html = client.get(reverse("wagtailadmin_pages:edit", args=[entry.pk])).content.decode()
    assert reverse("api_partner_preview", args=[entry.pk]) in html
    # rendering the editor issues no token: the button does, when it is followed
    assert not PreviewToken.objects.exists()
