"""Which page types may live where in the tree."""

from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase

from catalogue.models import MethodIndexPage
from home.models import HomePage
from methods.models import EntryPage, MethodPage, ModelPage


class PageTreeRules(WagtailPageTestCase):
    def test_a_home_page_sits_at_the_root_of_each_language(self):
        self.assertCanCreateAt(Page, HomePage)
        self.assertAllowedParentPageTypes(HomePage, {Page})

    def test_the_method_index_sits_under_a_home_page(self):
        self.assertAllowedParentPageTypes(MethodIndexPage, {HomePage})
        self.assertAllowedSubpageTypes(HomePage, {MethodIndexPage})

    def test_methods_and_models_sit_under_the_method_index_only(self):
        self.assertAllowedSubpageTypes(MethodIndexPage, {MethodPage, ModelPage})
        self.assertCanCreateAt(MethodIndexPage, MethodPage)
        self.assertCanCreateAt(MethodIndexPage, ModelPage)
        self.assertCanNotCreateAt(HomePage, MethodPage)
        self.assertCanNotCreateAt(Page, ModelPage)

    def test_entries_have_no_children(self):
        self.assertAllowedSubpageTypes(MethodPage, set())
        self.assertAllowedSubpageTypes(ModelPage, set())

    def test_the_shared_base_is_never_created_on_its_own(self):
        self.assertFalse(EntryPage.is_creatable)
        self.assertCanNotCreateAt(MethodIndexPage, EntryPage)


def test_every_language_has_a_home_and_an_index(db):
    for language in ("fi", "sv", "en"):
        home = HomePage.objects.get(locale__language_code=language)
        assert MethodIndexPage.objects.child_of(home).live().count() == 1


def test_translations_of_the_home_page_share_one_translation_key(db):
    keys = set(HomePage.objects.values_list("translation_key", flat=True))
    assert len(keys) == 1
