"""Security: admin login throttling, upload limits and rich text that cannot carry scripts."""

import copy
import io
import json
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from PIL import Image
from wagtail.admin.rich_text.converters.contentstate import ContentstateConverter
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection

from methods.blocks import RICH_TEXT_FEATURES
from methods.exchange import ExchangeError, validate
from tests.factories import MethodFactory

SMALL_LIBRARY = Path(__file__).resolve().parents[1] / "data" / "small_library.json"

# --- Admin login throttling --------------------------------------------------------------------


@override_settings(AXES_ENABLED=True, AXES_FAILURE_LIMIT=5)
def test_after_five_failed_logins_even_the_right_password_is_refused(client, db, django_user_model):
    django_user_model.objects.create_superuser("editor", "editor@example.org", "right-password")
    login = reverse("wagtailadmin_login")
    for _attempt in range(4):
        response = client.post(login, {"username": "editor", "password": "wrong"})
        assert response.status_code == 200  # the form again, with an error
    response = client.post(login, {"username": "editor", "password": "wrong"})
    assert response.status_code == 429  # the fifth failure locks the account out
    response = client.post(login, {"username": "editor", "password": "right-password"})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


@override_settings(AXES_ENABLED=True, AXES_FAILURE_LIMIT=5)
def test_a_few_failed_logins_do_not_lock_an_editor_out(client, db, django_user_model):
    django_user_model.objects.create_superuser("editor", "editor@example.org", "right-password")
    login = reverse("wagtailadmin_login")
    for _attempt in range(3):
        client.post(login, {"username": "editor", "password": "wrong"})
    response = client.post(login, {"username": "editor", "password": "right-password"})
    assert response.status_code == 302
    assert client.session["_auth_user_id"]


# --- Uploads -----------------------------------------------------------------------------------


@pytest.fixture
def admin_client(client, db, django_user_model):
    user = django_user_model.objects.create_superuser("uploader", "u@example.org", "pw")
    client.force_login(user)
    return client


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "teal").save(buffer, "PNG")
    return buffer.getvalue()


def upload_image(admin_client, name, content):
    return admin_client.post(
        reverse("wagtailimages:add"),
        {
            "title": "Upload",
            "collection": Collection.get_first_root_node().pk,
            "file": SimpleUploadedFile(name, content),
        },
    )


def upload_document(admin_client, name, content):
    return admin_client.post(
        reverse("wagtaildocs:add"),
        {
            "title": "Upload",
            "collection": Collection.get_first_root_node().pk,
            "file": SimpleUploadedFile(name, content),
        },
    )


def test_a_small_png_image_is_accepted(admin_client):
    response = upload_image(admin_client, "photo.png", png_bytes())
    assert response.status_code == 302
    assert get_image_model().objects.filter(title="Upload").exists()


@pytest.mark.parametrize(
    "name, content",
    [
        ("program.exe", b"MZ\x90\x00" + b"\x00" * 100),
        ("drawing.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
        ("disguised.png", b"MZ\x90\x00" + b"\x00" * 100),
        ("huge.png", png_bytes() + b"\x00" * (10 * 1024 * 1024)),
    ],
    ids=["exe", "svg", "not-really-png", "over-10-MB"],
)
def test_an_image_of_the_wrong_type_or_size_is_refused(admin_client, name, content):
    response = upload_image(admin_client, name, content)
    assert response.status_code == 200
    assert response.context["form"].errors["file"]
    assert not get_image_model().objects.filter(title="Upload").exists()


def test_a_pdf_document_is_accepted(admin_client):
    response = upload_document(admin_client, "guide.pdf", b"%PDF-1.4\n%%EOF\n")
    assert response.status_code == 302
    assert get_document_model().objects.filter(title="Upload").exists()


@pytest.mark.parametrize(
    "name, content",
    [
        ("program.exe", b"MZ\x90\x00"),
        ("page.html", b"<script>alert(1)</script>"),
        ("huge.pdf", b"%PDF-1.4\n" + b"0" * (10 * 1024 * 1024)),
    ],
    ids=["exe", "html", "over-10-MB"],
)
def test_a_document_of_the_wrong_type_or_size_is_refused(admin_client, name, content):
    response = upload_document(admin_client, name, content)
    assert response.status_code == 200
    assert response.context["form"].errors["file"]
    assert not get_document_model().objects.filter(title="Upload").exists()


# --- Rich text ---------------------------------------------------------------------------------

HOSTILE_HTML = [
    "<p>Hi</p><script>alert(1)</script>",
    '<p><img src="x" onerror="alert(1)"></p>',
    '<p onclick="alert(1)">Hi</p>',
    '<p><a href="javascript:alert(1)">link</a></p>',
    '<p><iframe src="https://evil.example"></iframe></p>',
    '<p><a href="https://example.org" style="color:red">x</a></p>',
]


def library_with(change) -> dict:
    data = json.loads(SMALL_LIBRARY.read_text())
    change(data["entries"][0]["translations"]["fi"])
    return data


@pytest.mark.parametrize("html", HOSTILE_HTML)
def test_an_import_with_scripts_in_a_rich_text_field_is_refused(db, html):
    data = library_with(lambda fi: fi.update(aims=html))
    with pytest.raises(ExchangeError, match=r"field translations\.fi\.aims: "):
        validate(copy.deepcopy(data), "library.json")


def test_rich_text_written_in_the_editor_imports_again(db):
    from home.models import HomePage

    home = HomePage.objects.get(locale__language_code="fi")
    html = (
        '<p data-block-key="k1">See <a href="https://example.org">this</a> and '
        f'<a linktype="page" entry="{home.translation_key}/fi">that</a>.</p>'
    )
    validate(library_with(lambda fi: fi.update(aims=html)), "library.json")


@pytest.mark.parametrize("html", HOSTILE_HTML)
def test_an_import_with_scripts_in_a_paragraph_block_is_refused(db, html):
    data = library_with(lambda fi: fi.update(body=[{"type": "paragraph", "value": html}]))
    with pytest.raises(ExchangeError, match=r"body\[1\]\.value: "):
        validate(data, "library.json")


def test_the_editors_rich_text_cannot_carry_scripts_to_the_public_page(client, db):
    # What the admin's rich text editor (Draftail) posts: text and a link entity.
    contentstate = {
        "blocks": [
            {
                "key": "a1",
                "type": "unstyled",
                "depth": 0,
                "text": "<script>alert('aims')</script> read more",
                "inlineStyleRanges": [],
                "entityRanges": [{"offset": 36, "length": 4, "key": 0}],
                "data": {},
            }
        ],
        "entityMap": {
            "0": {"type": "LINK", "mutability": "MUTABLE", "data": {"url": "javascript:alert(1)"}}
        },
    }
    stored = ContentstateConverter(features=RICH_TEXT_FEATURES).to_database_format(
        json.dumps(contentstate)
    )
    entry = MethodFactory(
        title="Turvatesti", slug="turvatesti", aims=stored, body=[("paragraph", stored)]
    )
    html = client.get(entry.url).content.decode()
    assert client.get(entry.url).status_code == 200
    assert "&lt;script&gt;alert(" in html
    assert "<script>alert" not in html
    assert "javascript:" not in html
