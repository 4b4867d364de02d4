"""The editor's screens for entries and facets open in every admin language."""

import pytest
from django.urls import reverse

from methods.models import MethodPage, ModelPage, TargetGroup


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
@pytest.mark.parametrize("model", [MethodPage, ModelPage])
def test_the_entry_editor_opens(admin_client_in, language, model):
    client = admin_client_in(language)
    page = model.objects.filter(locale__language_code="fi").first()
    response = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert page.title in html or page.title.replace("'", "&#x27;") in html
    assert f'lang="{language}"' in html


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_facets_are_listed_as_snippets(admin_client_in, language):
    client = admin_client_in(language)
    response = client.get(reverse("wagtailsnippets_methods_targetgroup:list"))
    assert response.status_code == 200
    for row in TargetGroup.objects.filter(locale__language_code="fi"):
        assert row.name in response.content.decode()
