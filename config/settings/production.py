"""Production: PostgreSQL, a shared cache and secrets from the environment only."""

from .base import *  # noqa: F403
