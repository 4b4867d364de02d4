"""Settings for `make bench`: the test settings on a file database, plus a constant view."""

from config.settings.test import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
API_RATE_LIMIT = 0
TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
# Persistent database connections, as a deployment would have them (the same for every endpoint).
DATABASES["default"]["CONN_MAX_AGE"] = 600  # noqa: F405
