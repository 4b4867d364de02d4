"""A production deployment for the tests in this folder: its own PostgreSQL database
(lape_prod_<pid>), static files collected once, gunicorn with the production settings."""

import os

import pytest

from .servers import (
    ProductionServer,
    create_database,
    database_url,
    drop_database,
    postgres_reachable,
    prepare_site,
    production_environment,
)


@pytest.fixture(scope="session")
def production_database():
    reason = postgres_reachable()
    if reason:
        if os.environ.get("CI") == "true":
            pytest.fail(f"PostgreSQL is required under CI: {reason}")
        pytest.skip(f"PostgreSQL not reachable: {reason}")
    name = f"lape_prod_{os.getpid()}"
    create_database(name)
    yield name
    drop_database(name)


@pytest.fixture(scope="session")
def production_env(production_database, tmp_path_factory):
    """Environment of the production site, with the database migrated and the demo loaded."""
    folder = tmp_path_factory.mktemp("production")
    env = production_environment(folder, database_url(production_database))
    prepare_site(env)
    return env


@pytest.fixture(scope="session")
def production_server(production_env, tmp_path_factory):
    server = ProductionServer(tmp_path_factory.mktemp("gunicorn"), production_env).start()
    yield server
    server.stop()


@pytest.fixture(autouse=True)
def keep_the_active_language():
    """Requests through the test client leave their language active; restore the one before."""
    from django.utils import translation

    language = translation.get_language()
    yield
    if language is None:
        translation.deactivate_all()
    else:
        translation.activate(language)
