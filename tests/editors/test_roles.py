"""Roles: editors write Finnish entries, translators only their language, reviewers approve and publish."""

import pytest
from django.urls import reverse
from wagtail.models import Page, Workflow

from methods.models import EntryPage
from methods.roles import EDITORS, REVIEWERS, WORKFLOW_NAME, ensure_editorial_roles
from tests.factories import MethodFactory, index_page, locale, translate
from tests.forms import form_data


def entry_in(language):
    return EntryPage.objects.filter(locale=locale(language), live=True).first()


def permissions(user, page):
    return page.permissions_for_user(user)


def test_editors_create_and_edit_finnish_entries_but_cannot_publish(role_users):
    editor = role_users["editor"]
    assert permissions(editor, index_page("fi")).can_add_subpage()
    assert permissions(editor, entry_in("fi")).can_edit()
    assert not permissions(editor, entry_in("fi")).can_publish()
    assert not permissions(editor, entry_in("sv")).can_edit()
    assert not permissions(editor, entry_in("en")).can_edit()
    assert editor.has_perm("wagtail_localize.submit_translation")


@pytest.mark.parametrize("language, other", [("sv", "en"), ("en", "sv")])
def test_translators_edit_only_their_own_language_and_never_publish(role_users, language, other):
    translator = role_users[f"translator_{language}"]
    assert permissions(translator, entry_in(language)).can_edit()
    assert not permissions(translator, entry_in(language)).can_publish()
    assert not permissions(translator, entry_in(other)).can_edit()
    assert not permissions(translator, entry_in("fi")).can_edit()
    assert not permissions(translator, index_page("fi")).can_add_subpage()


def test_reviewers_publish_in_every_language(role_users):
    reviewer = role_users["reviewer"]
    for language in ("fi", "sv", "en"):
        assert permissions(reviewer, entry_in(language)).can_publish()


def test_the_review_workflow_covers_the_entries_of_every_language(db):
    workflow = Workflow.objects.get(name=WORKFLOW_NAME)
    for language in ("fi", "sv", "en"):
        assert entry_in(language).get_workflow() == workflow


def test_setting_up_the_roles_twice_changes_nothing(db, indexes):
    from django.contrib.auth.models import Group
    from wagtail.models import GroupPagePermission

    counts = (Group.objects.count(), GroupPagePermission.objects.count())
    ensure_editorial_roles(indexes)
    assert (Group.objects.count(), GroupPagePermission.objects.count()) == counts


def test_an_editor_submits_and_a_reviewer_approves_and_publishes(client, role_users):
    editor, reviewer = role_users["editor"], role_users["reviewer"]
    client.force_login(editor)
    add_url = reverse("wagtailadmin_pages:add", args=("methods", "methodpage", index_page("fi").pk))
    data = form_data(slug="arvioitava", title="Arvioitava menetelmä")
    data.pop("action-publish")
    data["action-submit"] = "action-submit"
    response = client.post(add_url, data)
    assert response.status_code == 302, response.context["form"].errors
    page = EntryPage.objects.get(slug="arvioitava", locale=locale("fi"))
    assert not page.live
    state = page.current_workflow_state
    assert state is not None and state.status == "in_progress"

    task_state = state.current_task_state
    approve_url = reverse(
        "wagtailadmin_pages:workflow_action", args=(page.pk, "approve", task_state.pk)
    )
    client.post(approve_url, {})  # an editor cannot approve
    page.refresh_from_db()
    assert not page.live and page.current_workflow_state.status == "in_progress"

    client.force_login(reviewer)
    response = client.post(approve_url, {})
    assert response.status_code in (200, 302)
    page.refresh_from_db()
    assert page.live


def test_a_translator_cannot_publish_even_by_asking(client, role_users):
    translator = role_users["translator_sv"]
    source = MethodFactory()
    swedish = translate(source, "sv", live=False)
    client.force_login(translator)
    url = reverse("wagtailadmin_pages:edit", args=[swedish.pk])
    assert client.get(url).status_code == 200
    data = form_data(slug=swedish.slug, title="Svensk titel")
    response = client.post(url, data)  # "action-publish" without the permission
    swedish.refresh_from_db()
    assert not swedish.live
    assert response.status_code in (200, 302, 403)


def test_a_translator_cannot_open_the_editor_of_another_language(client, role_users):
    client.force_login(role_users["translator_sv"])
    page = entry_in("en")
    assert client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).status_code in (302, 403)


def test_the_groups_exist(db):
    from django.contrib.auth.models import Group

    names = set(Group.objects.values_list("name", flat=True))
    assert {EDITORS, REVIEWERS, "Translators (sv)", "Translators (en)"} <= names
    assert Page.objects.filter(depth=2).count() == 3


def test_the_roles_command_reports_the_groups_it_ensured(db):
    import io

    from django.core.management import call_command

    out = io.StringIO()
    call_command("setup_editorial_roles", stdout=out)
    assert "Reviewers" in out.getvalue() and "Translators (sv)" in out.getvalue()
