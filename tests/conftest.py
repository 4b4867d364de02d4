"""Test database: migrated once per run with the demo content loaded; each test runs in a transaction."""

import pytest
from django.core.management import call_command


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        import os

        if os.environ.get("TEST_DEMO_FILE"):
            call_command(
                "import_methods", os.environ["TEST_DEMO_FILE"], stdout=open("/dev/null", "w")
            )
        else:
            call_command("load_demo", stdout=open("/dev/null", "w"))


@pytest.fixture
def admin_client_in(client, db):
    """Sign in a superuser whose admin language is the one given: admin_client_in("sv")."""
    from django.contrib.auth import get_user_model
    from wagtail.users.models import UserProfile

    def sign_in(language):
        user = get_user_model().objects.create_superuser(f"admin-{language}", "a@example.org", "pw")
        profile = UserProfile.get_for_user(user)
        profile.preferred_language = language
        profile.save()
        client.force_login(user)
        return client

    return sign_in


@pytest.fixture
def locales(db):
    from wagtail.models import Locale

    return {locale.language_code: locale for locale in Locale.objects.all()}


@pytest.fixture
def indexes(db):
    from home.tree import ensure_site_tree

    return ensure_site_tree()


@pytest.fixture(scope="session")
def app_server(tmp_path_factory):
    """A real server of the app in a subprocess, on its own SQLite file with the demo content.

    For browser tests and anything that needs real HTTP. Yields the base URL; a superuser
    `admin` with password `admin-password` exists.
    """
    from tests.servers import AppServer

    server = AppServer(tmp_path_factory.mktemp("app-server"))
    server.start()
    yield server
    server.stop()
