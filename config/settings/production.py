"""Production: PostgreSQL, Redis, secrets and addresses from the environment only.

Every value is documented in docs/deployment.md. No state is kept on local disk except media when
no bucket is configured, so several app servers can run side by side.
"""

from .base import *  # noqa: F403
from .base import (
    DATABASES,
    ELASTICSEARCH_URL,
    WAGTAILSEARCH_BACKENDS,
    env,
)

DEBUG = False

# --- The public address: links in API answers, the feed, webhooks and widgets are built from it.
SITE_URL = env.str("SITE_URL", default="").rstrip("/")
if not SITE_URL.startswith(("http://", "https://")):
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured(
        "SITE_URL is not set. Set it to the site's public address, e.g. https://menetelmat.example.fi"
    )
WAGTAILADMIN_BASE_URL = env.str("WAGTAILADMIN_BASE_URL", default=SITE_URL)
API_BASE_URL = env.str("API_BASE_URL", default=SITE_URL).rstrip("/")

# --- Database: persistent connections, checked before reuse so that they recover after an outage.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# Fail fast: a database that does not answer costs a request a few seconds and a 503, never the
# worker (gunicorn's timeout, config/gunicorn.py, is well above these bounds). Requests get a
# short statement_timeout; management commands and the task worker (manage.py sets
# DJANGO_PROCESS=command) a long one. The backend (operations/postgresql) bounds every wait on
# the socket a little above it, since a hung server or network never reports the timeout.
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    _command = env.str("DJANGO_PROCESS", default="web") == "command"
    _statement_timeout = (
        env.float("DATABASE_COMMAND_STATEMENT_TIMEOUT", default=600)
        if _command
        else env.float("DATABASE_STATEMENT_TIMEOUT", default=5)
    )
    DATABASES["default"]["ENGINE"] = "operations.postgresql"
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "connect_timeout": env.int("DATABASE_CONNECT_TIMEOUT", default=3),
            # PGOPTIONS (e.g. a lock_timeout for migrations) is kept: `options` would replace it.
            "options": " ".join(
                [
                    env.str("PGOPTIONS", default=""),
                    f"-c statement_timeout={int(_statement_timeout * 1000)}",
                ]
            ).strip(),
            "answer_timeout": _statement_timeout + 1 if _statement_timeout else None,
            "retry_seconds": env.float("DATABASE_RETRY_SECONDS", default=1),
            # TCP keepalives: a connection whose peer vanished is noticed within about a minute
            # even while idle, and unacknowledged writes give up after 10 s.
            "keepalives": 1,
            "keepalives_idle": 30,
            "keepalives_interval": 10,
            "keepalives_count": 3,
            "tcp_user_timeout": 10_000,
        }
    )

# --- Cache: Redis through Django's own backend, wrapped so that a dead Redis only means "uncached".
CACHE_URL = env.str("CACHE_URL", default="")
if CACHE_URL.startswith(("redis://", "rediss://")):
    CACHES = {
        "default": {
            "BACKEND": "operations.cache.ResilientRedisCache",
            "LOCATION": CACHE_URL,
            "KEY_PREFIX": env.str("CACHE_KEY_PREFIX", default="lape"),
            "TIMEOUT": env.int("CACHE_TIMEOUT", default=300),
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }

# --- Search: with Elasticsearch configured, public search still keeps our database index and falls
# back to it while the engine is unreachable (search/fallback.py); Wagtail's admin search keeps a
# database backend next to the engine's, and rebuilds switch an alias.
if ELASTICSEARCH_URL:
    WAGTAILSEARCH_BACKENDS["default"]["ATOMIC_REBUILD"] = True
    WAGTAILSEARCH_BACKENDS["database"] = {"BACKEND": "wagtail.search.backends.database"}

# --- Static files: whitenoise, compressed; hashed names are cached for ten years (immutable), files
# under their plain names only briefly, since the name stays when the content changes.
WHITENOISE_MAX_AGE = env.int("STATIC_MAX_AGE", default=300)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# --- Media: an S3-compatible bucket when AWS_STORAGE_BUCKET_NAME is set, else MEDIA_ROOT
# (then shared between app servers by the platform, and served by the reverse proxy).
AWS_STORAGE_BUCKET_NAME = env.str("AWS_STORAGE_BUCKET_NAME", default="")
if AWS_STORAGE_BUCKET_NAME:
    STORAGES["default"] = {"BACKEND": "storages.backends.s3.S3Storage"}
    AWS_S3_ENDPOINT_URL = env.str("AWS_S3_ENDPOINT_URL", default="") or None
    AWS_S3_REGION_NAME = env.str("AWS_S3_REGION_NAME", default="") or None
    AWS_S3_CUSTOM_DOMAIN = env.str("AWS_S3_CUSTOM_DOMAIN", default="") or None
    AWS_QUERYSTRING_AUTH = env.bool("AWS_QUERYSTRING_AUTH", default=False)
    AWS_S3_FILE_OVERWRITE = False
    AWS_DEFAULT_ACL = None
    AWS_S3_OBJECT_PARAMETERS = {"CacheControl": "max-age=86400"}
    # Credentials: AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY are read by boto3 from the environment.

# --- CDN: Wagtail purges changed pages from the frontend cache on publish.
FRONTEND_CACHE = env.str("FRONTEND_CACHE", default="")  # "", "http", "cloudflare" or "cloudfront"
WAGTAILFRONTENDCACHE = {}
if FRONTEND_CACHE == "http":
    WAGTAILFRONTENDCACHE["default"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
        "LOCATION": env.str("FRONTEND_CACHE_PURGE_URL"),
    }
elif FRONTEND_CACHE == "cloudflare":
    WAGTAILFRONTENDCACHE["default"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudflareBackend",
        "BEARER_TOKEN": env.str("CLOUDFLARE_BEARER_TOKEN"),
        "ZONEID": env.str("CLOUDFLARE_ZONE_ID"),
    }
elif FRONTEND_CACHE == "cloudfront":
    WAGTAILFRONTENDCACHE["default"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudfrontBackend",
        "DISTRIBUTION_ID": env.str("CLOUDFRONT_DISTRIBUTION_ID"),
    }
elif FRONTEND_CACHE:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured(
        f"FRONTEND_CACHE={FRONTEND_CACHE!r}: use 'http', 'cloudflare', 'cloudfront' or leave it empty"
    )

# --- HTTPS: on by default; HTTPS=false only for serving on loopback (make serve-prod).
HTTPS = env.bool("HTTPS", default=True)
SECURE_SSL_REDIRECT = HTTPS
# Load balancers probe the health endpoints over plain HTTP, from inside the network.
SECURE_REDIRECT_EXEMPT = [r"^health/"]
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = env.int("HSTS_SECONDS", default=365 * 24 * 3600) if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env.bool("HSTS_PRELOAD", default=True)
# TLS ends at the reverse proxy, which must set (and overwrite) X-Forwarded-Proto.
if env.bool("BEHIND_TLS_PROXY", default=True):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_HTTPONLY = True
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

# --- Content Security Policy (django-csp), under which the site and the Wagtail admin work.
# Inline styles are allowed (the admin sets them from its scripts); inline scripts are not,
# except in the Wagtail admin, which still has a few (operations/csp.py).
_media_origins = env.list("CSP_MEDIA_ORIGINS", default=[])
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:", *_media_origins],
        "media-src": ["'self'", *_media_origins],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "frame-src": [
            "'self'",
            "https://www.youtube.com",
            "https://www.youtube-nocookie.com",
            "https://player.vimeo.com",
        ],
        "frame-ancestors": env.list("CSP_FRAME_ANCESTORS", default=["'self'"]),
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    },
}
