"""Helpers for the editorial workflow tests: users in each role, and editing like an editor does."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from methods.roles import EDITORS, REVIEWERS, translators_group_name


@pytest.fixture
def make_user(db):
    def make(username, *groups, superuser=False):
        User = get_user_model()
        if superuser:
            return User.objects.create_superuser(username, f"{username}@example.org", "pw")
        user = User.objects.create_user(username, f"{username}@example.org", "pw")
        for name in groups:
            user.groups.add(Group.objects.get(name=name))
        return user

    return make


@pytest.fixture
def role_users(make_user):
    return {
        "editor": make_user("editor", EDITORS),
        "translator_sv": make_user("translator-sv", translators_group_name("sv")),
        "translator_en": make_user("translator-en", translators_group_name("en")),
        "reviewer": make_user("reviewer", REVIEWERS),
    }


def change_and_publish(page, user=None, **fields):
    """Edit a page and publish the change, as the editor's "Publish" does."""
    page = page.get_latest_revision_as_object()
    for name, value in fields.items():
        setattr(page, name, value)
    revision = page.save_revision(user=user)
    revision.publish(user=user)
    page.refresh_from_db()
    return page
