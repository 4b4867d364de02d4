"""Drafts, unpublished changes and private entries never reach the catalogue, its counts, compare or entry pages."""

import pytest
from wagtail.models import PageViewRestriction

from methods.models import EntryPage, MethodPage
from tests.factories import (
    MethodFactory,
    ModelFactory,
    TargetGroupFactory,
    index_page,
    translate,
)


def html_of(client, url):
    return client.get(url).content.decode()


def restrict(page):
    PageViewRestriction.objects.create(page=page, restriction_type="password", password="x")


@pytest.fixture
def secret_group(db):
    return TargetGroupFactory(code="salainen-ryhma", name="Salainen ryhmä")


def test_a_draft_is_not_in_the_catalogue_its_counts_or_compare(client, secret_group):
    draft = MethodFactory(
        title="Luonnosmenetelmä", slug="luonnos", live=False, target_groups=[secret_group]
    )
    catalogue = html_of(client, "/fi/menetelmat/?q=Luonnosmenetelmä")
    assert ">Luonnosmenetelmä</a>" not in catalogue
    assert "salainen-ryhma" not in html_of(client, "/fi/menetelmat/")
    other = EntryPage.objects.live().filter(locale__language_code="fi").first()
    compare = html_of(client, f"/fi/menetelmat/compare/?ids={draft.entry_id},{other.entry_id}")
    assert "Luonnosmenetelmä" not in compare
    assert client.get("/fi/menetelmat/luonnos/").status_code == 404


def test_unpublished_changes_never_show_anywhere(client, secret_group):
    page = MethodFactory(title="Julkaistu nimi", slug="julkaistu", summary="Julkaistu tiivistelmä")
    page = MethodPage.objects.get(pk=page.pk)
    page.title = "Luonnoksen nimi"
    page.summary = "Luonnoksen tiivistelmä"
    page.target_groups = [secret_group]
    page.save_revision()
    other = EntryPage.objects.live().filter(locale__language_code="fi").first()
    for url in (
        "/fi/menetelmat/",
        "/fi/menetelmat/?q=tiivistelmä",
        page.url,
        f"/fi/menetelmat/compare/?ids={page.entry_id},{other.entry_id}",
        "/fi/",
    ):
        html = html_of(client, url)
        assert "Luonnoksen" not in html, url
        assert "salainen-ryhma" not in html, url
    assert "Julkaistu nimi" in html_of(client, page.url)


def test_a_private_entry_is_hidden_from_every_site_surface(client, secret_group):
    page = MethodFactory(
        title="Yksityinen menetelmä",
        slug="yksityinen",
        summary="Salainen tiivistelmä",
        target_groups=[secret_group],
    )
    restrict(page)
    other = EntryPage.objects.live().filter(locale__language_code="fi").first()
    for url in (
        "/fi/",
        "/fi/menetelmat/",
        "/fi/menetelmat/?q=Yksityinen",
        f"/fi/menetelmat/compare/?ids={page.entry_id},{other.entry_id}",
    ):
        html = html_of(client, url)
        assert "Yksityinen menetelmä" not in html, url
        assert "salainen-ryhma" not in html, url
    assert "Salainen tiivistelmä" not in html_of(client, page.url)


def test_a_private_translation_is_not_offered_by_the_language_switcher(client, db):
    page = MethodFactory(title="Kaksikielinen", slug="kaksikielinen")
    swedish = translate(page, "sv", title="Tvåspråkig", slug="tvasprakig")
    restrict(swedish)
    html = html_of(client, page.url)
    assert swedish.url not in html


def test_a_draft_model_is_not_listed_on_the_methods_it_uses(client, db):
    method = MethodFactory(title="Käytetty menetelmä", slug="kaytetty")
    draft_model = ModelFactory(title="Luonnosmalli", slug="luonnosmalli", live=False)
    draft_model.method_links.create(method=method)
    draft_model.save_revision()
    assert "Luonnosmalli" not in html_of(client, method.url)


def test_cards_kept_for_the_catalogue_never_outlive_a_change(client, db):
    page = EntryPage.objects.live().get(locale__language_code="fi", slug="lapset-puheeksi")
    card = f">{page.title}</a></h3>"
    urls = ("/fi/menetelmat/?q=puheeksi", "/fi/menetelmat/", "/fi/menetelmat/?kind=method")
    for url in urls:
        assert card in html_of(client, url), url
    restrict(page)
    for url in urls:
        assert card not in html_of(client, url), url


def test_a_draft_of_the_catalogue_page_shows_in_its_preview_only(client, db):
    index = index_page("fi")
    public = html_of(client, "/fi/menetelmat/")
    draft = index.get_latest_revision_as_object()
    draft.search_description = "Luonnoksen kuvaus"
    draft.intro = "<p>Luonnoksen johdanto</p>"
    draft.save_revision()
    preview = draft.make_preview_request().content.decode()
    assert 'content="Luonnoksen kuvaus"' in preview
    assert "Luonnoksen johdanto" in preview
    after = html_of(client, "/fi/menetelmat/")
    assert "Luonnoksen" not in after
    assert after.split("</head>")[0] == public.split("</head>")[0]
