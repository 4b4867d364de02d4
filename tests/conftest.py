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
def locales(db):
    from wagtail.models import Locale

    return {locale.language_code: locale for locale in Locale.objects.all()}


@pytest.fixture
def indexes(db):
    from home.tree import ensure_site_tree

    return ensure_site_tree()
