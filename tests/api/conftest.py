"""Helpers for the API tests: a fresh cache per test and JSON GETs."""

import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def api(client, db):
    """GET a path and return (status, JSON body)."""

    def get(path, **headers):
        response = client.get(path, headers=headers)
        return response.status_code, response.json()

    return get


@pytest.fixture
def publish_on_commit(django_capture_on_commit_callbacks):
    """Run what publishing schedules for after the commit (webhook tasks, cache purges)."""

    def run(action):
        with django_capture_on_commit_callbacks(execute=True):
            return action()

    return run


@pytest.fixture
def image(db):
    """A real (small) image with alt text."""
    import io

    from django.core.files.images import ImageFile
    from PIL import Image as PillowImage
    from wagtail.images import get_image_model

    buffer = io.BytesIO()
    PillowImage.new("RGB", (1200, 800), "green").save(buffer, "PNG")
    return get_image_model().objects.create(
        title="Tree",
        description="A tree in the wind",
        file=ImageFile(buffer, name="tree.png"),
    )


@pytest.fixture
def document(db):
    from django.core.files.base import ContentFile
    from wagtail.documents import get_document_model

    return get_document_model().objects.create(
        title="Handbook", file=ContentFile(b"%PDF-1.4 handbook", name="handbook.pdf")
    )
