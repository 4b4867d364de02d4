"""The index follows publishing: publish, unpublish, view restrictions, moves and deletions."""

import io

import pytest
from django.core.management import call_command
from wagtail.models import PageViewRestriction

from search.models import SearchDocument
from search.service import SearchRequest, search_entries
from tests.factories import MethodFactory, translate


def found(language, query):
    return [
        entry.title
        for entry in search_entries(SearchRequest(language=language, query=query)).entries
    ]


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run the after-commit index tasks of whatever happens inside the block."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def test_a_published_entry_is_found_in_its_language(db, committed):
    with committed():
        MethodFactory(title="Kirahvikoulutus", slug="kirahvi")
    assert found("fi", "kirahvikoulutuksen")[0] == "Kirahvikoulutus"


def test_a_translation_brings_its_name_to_every_language(db, committed):
    with committed():
        page = MethodFactory(title="Kirahvikoulutus", slug="kirahvi")
        translate(page, "sv", title="Giraffutbildning", slug="giraff")
    assert found("fi", "giraffutbildning")[0] == "Kirahvikoulutus"
    assert found("sv", "kirahvikoulutus")[0] == "Giraffutbildning"


def test_unpublished_entries_leave_the_index(db, committed):
    with committed():
        page = MethodFactory(title="Kirahvikoulutus", slug="kirahvi")
    with committed():
        page.unpublish()
    assert "Kirahvikoulutus" not in found("fi", "kirahvikoulutus")
    assert not SearchDocument.objects.filter(page_id=page.pk).exists()


def test_drafts_are_never_indexed(db, committed):
    with committed():
        page = MethodFactory(title="Kirahvikoulutus", slug="kirahvi")
        page.title = "Seepraluonnos"
        page.save_revision()
        MethodFactory(title="Virtahepoluonnos", slug="virtahepo", live=False)
    assert "Seepraluonnos" not in found("fi", "seepraluonnos")
    assert "Virtahepoluonnos" not in found("fi", "virtahepoluonnos")
    assert SearchDocument.objects.get(page_id=page.pk).title == "Kirahvikoulutus"


def test_a_private_entry_leaves_the_index(db, committed):
    with committed():
        page = MethodFactory(title="Kirahvikoulutus", slug="kirahvi")
    with committed():
        PageViewRestriction.objects.create(page=page, restriction_type="password", password="x")
    assert not SearchDocument.objects.filter(page_id=page.pk).exists()
    assert "Kirahvikoulutus" not in found("fi", "kirahvikoulutus")


def test_a_deleted_entry_leaves_the_index_and_its_translations_forget_its_name(db, committed):
    with committed():
        page = MethodFactory(title="Kirahvikoulutus", slug="kirahvi")
        swedish = translate(page, "sv", title="Giraffutbildning", slug="giraff")
    with committed():
        page.delete()
    assert "Kirahvikoulutus" not in found("fi", "kirahvikoulutus")
    assert "Kirahvikoulutus" not in SearchDocument.objects.get(page_id=swedish.pk).names


def test_rebuild_search_indexes_every_public_entry(db):
    out = io.StringIO()
    call_command("rebuild_search", stdout=out, stderr=io.StringIO())
    assert "36 documents" in out.getvalue()
    assert found("sv", "familjecenter")[0] == "Familjecentrum"


def test_an_entry_moved_into_a_private_section_leaves_the_index(db, committed):
    from wagtail.models import Page

    from tests.factories import index_page

    with committed():
        page = MethodFactory(title="Kirahvikoulutus", slug="kirahvi")
        section = index_page("fi").add_child(instance=Page(title="Sisäinen", slug="sisainen"))
        PageViewRestriction.objects.create(page=section, restriction_type="password", password="x")
    assert SearchDocument.objects.filter(page_id=page.pk).exists()
    with committed():
        page.move(section, pos="last-child")
    assert not SearchDocument.objects.filter(page_id=page.pk).exists()
