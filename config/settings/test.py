"""Fast settings for the test suite: local-memory cache, immediate tasks, a fast password hasher."""

import os

os.environ.setdefault("SECRET_KEY", "test-only-not-secret")
os.environ.setdefault("DEBUG", "false")

from .base import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
ALLOWED_HOSTS = ["*"]
MEDIA_ROOT = BASE_DIR / ".test-media"  # noqa: F405
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
LOGGING["root"]["level"] = "WARNING"  # noqa: F405

# --- Production and security: login throttling off except in the tests that check it, so that
# `client.login()` (which passes no request) works.
AXES_ENABLED = False

# --- Partner API
API_RATE_LIMIT = 0  # the rate-limit test turns it on

# Nothing is collected here: whitenoise serves the apps' own static files.
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True

# --- Search: suggestions read the content version on every keystroke, so that a change made in
# one test is never answered from another test's memory (production checks it every second)
SEARCH_VERSION_CHECK_SECONDS = 0

# --- Public site: pages uncached, since the content version of one test can come back in another
# (each test's changes are rolled back); the tests of the page cache turn it on.
SITE_CACHE_TIMEOUT = 0
