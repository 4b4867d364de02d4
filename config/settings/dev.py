"""Local development: debug on, a throwaway secret key unless one is given."""

import os

os.environ.setdefault("DEBUG", "true")
os.environ.setdefault("SECRET_KEY", "dev-only-not-secret")

from .base import *  # noqa: E402,F403

# Nothing is collected here: whitenoise serves the apps' own static files.
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
