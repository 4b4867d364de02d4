"""Settings shared by every environment; each value that differs between machines comes from the environment."""

from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()

DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY and not DEBUG:
    raise ImproperlyConfigured(
        "SECRET_KEY is not set. Set the SECRET_KEY environment variable "
        "(or DEBUG=true for local development)."
    )

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])

# The project's apps first, from the bottom layer up, so that their templates and commands win
# over those of the packages after them.
INSTALLED_APPS = [
    "methods",
    "search",
    "partners",
    "api",
    "catalogue",
    "home",
    "operations",
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.simple_translation",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.frontend_cache",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail.api.v2",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django_tasks",
    "ninja",
    "rest_framework",
    "corsheaders",
    "axes",
    "csp",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Static files before anything that looks at sessions or languages.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # CORS answers preflight requests to /api/ before the API middleware's rate limit.
    "corsheaders.middleware.CorsMiddleware",
    # The API: rate limit, cached answers and compression, before sessions and the rest.
    "api.middleware.ApiMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Django's LocaleMiddleware everywhere but under /api/, which chooses its language with ?lang=.
    "api.middleware.LocaleMiddlewareOutsideApi",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "operations.csp.SiteAndAdminCSPMiddleware",
    # Last: it turns a login lockout into a 429 page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

WSGI_APPLICATION = "config.wsgi.application"

DATABASES = {
    "default": env.db_url_config(
        env.str("DATABASE_URL", default="") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}"
    ),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {"default": env.cache_url_config(env.str("CACHE_URL", default="") or "locmemcache://")}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Languages: Finnish is the default and the source language of content.
LANGUAGE_CODE = "fi"
LANGUAGES = [
    ("fi", "Suomi"),
    ("sv", "Svenska"),
    ("en", "English"),
]
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Helsinki"
USE_I18N = True
USE_TZ = True

STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "static")
STATIC_URL = "/static/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
MEDIA_URL = "/media/"

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

WAGTAIL_SITE_NAME = _("Methods library for child and family services")
WAGTAILADMIN_BASE_URL = env.str("WAGTAILADMIN_BASE_URL", default="http://127.0.0.1:8000")
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "rtf", "txt", "xlsx"]

# Search: Wagtail's database backend by default (SQLite FTS5 or PostgreSQL full text);
# Elasticsearch 9 / OpenSearch 3 when ELASTICSEARCH_URL is set.
ELASTICSEARCH_URL = env.str("ELASTICSEARCH_URL", default="")
# Our own Elasticsearch/OpenSearch indexes, and Wagtail's, are named with this prefix.
ELASTICSEARCH_INDEX_PREFIX = env.str("ELASTICSEARCH_INDEX_PREFIX", default="lape_")
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
if ELASTICSEARCH_URL:
    WAGTAILSEARCH_BACKENDS["default"] = {
        "BACKEND": "wagtail.search.backends.elasticsearch9",
        "URLS": [ELASTICSEARCH_URL],
        "INDEX_PREFIX": ELASTICSEARCH_INDEX_PREFIX,
        "TIMEOUT": 5,
    }

TASKS = {
    "default": {
        "BACKEND": env.str(
            "TASKS_BACKEND", default="django_tasks.backends.immediate.ImmediateBackend"
        )
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "django_tasks": {"level": "WARNING"},
        "wagtail": {"level": "WARNING"},
    },
}

# --- Editorial workflow: translation, review, preview
# New translations start as drafts, whatever the state of their source.
WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE = False
# Machine translation is off unless a DeepL key is given.
DEEPL_API_KEY = env.str("DEEPL_API_KEY", default="")
if DEEPL_API_KEY:
    WAGTAILLOCALIZE_MACHINE_TRANSLATOR = {
        "CLASS": "wagtail_localize.machine_translators.deepl.DeepLTranslator",
        "OPTIONS": {"AUTH_KEY": DEEPL_API_KEY},
    }
# Evidence re-review: a review older than this is overdue; one that falls due within the
# second period is listed as due soon.
EVIDENCE_REVIEW_MONTHS = env.int("EVIDENCE_REVIEW_MONTHS", default=24)
EVIDENCE_REVIEW_DUE_SOON_DAYS = env.int("EVIDENCE_REVIEW_DUE_SOON_DAYS", default=60)
# An implementation not confirmed in this many months is listed on the editors' dashboard.
IMPLEMENTATION_STALE_MONTHS = env.int("IMPLEMENTATION_STALE_MONTHS", default=24)
# Reports from the field through the public form: at most this many per address per hour.
IMPLEMENTATION_REPORT_RATE_LIMIT = env.int("IMPLEMENTATION_REPORT_RATE_LIMIT", default=5)
# Partner front ends open drafts through /api/v1/preview/ with a signed token valid this long.
PREVIEW_TOKEN_MAX_AGE_SECONDS = env.int("PREVIEW_TOKEN_MAX_AGE_SECONDS", default=3600)
# A partner front end's preview page, e.g. https://partner.example/preview?token={token}
PARTNER_PREVIEW_URL = env.str("PARTNER_PREVIEW_URL", default="")

# --- Production and security (in every environment, so that development and tests behave alike;
# production-only settings are in production.py)
# Sessions live in the database, not the cache: a Redis outage must not log editors out.
SESSION_ENGINE = "django.contrib.sessions.backends.db"

# Admin login throttling (django-axes, kept in the database so that every app server sees it):
# after AXES_FAILURE_LIMIT failed logins for one user name from one address, that pair is refused
# for AXES_COOLOFF_MINUTES.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_ENABLED = env.bool("AXES_ENABLED", default=True)
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.int("AXES_COOLOFF_MINUTES", default=15) / 60  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False

# Uploads: only these types, at most this large. No SVG: it can carry scripts.
MAX_UPLOAD_BYTES = env.int("MAX_UPLOAD_MB", default=10) * 1024 * 1024
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]
WAGTAILIMAGES_MAX_UPLOAD_SIZE = MAX_UPLOAD_BYTES
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 40_000_000
WAGTAILDOCS_MAX_UPLOAD_SIZE = MAX_UPLOAD_BYTES
# Documents always go through Wagtail's view, which checks collection privacy; only PDF opens inline.
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILDOCS_INLINE_CONTENT_TYPES = ["application/pdf"]

# The admin makes no requests to third parties (gravatar, update check): nothing to allow in the CSP.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_UPDATE_CHECK = False

X_FRAME_OPTIONS = "DENY"  # Wagtail lets its own preview frame through
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

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

# --- Partner API: /api/v1/ (partner contract), /api/v2/ (Wagtail's API), change feed, webhooks
API_BASE_URL = env.str("API_BASE_URL", default=WAGTAILADMIN_BASE_URL).rstrip("/")
API_CACHE_MAX_AGE = env.int("API_CACHE_MAX_AGE", default=60)  # Cache-Control max-age, seconds
API_CACHE_TIMEOUT = env.int("API_CACHE_TIMEOUT", default=3600)  # server-side cache; 0 = off
API_RATE_LIMIT = env.int("API_RATE_LIMIT", default=600)  # requests per client per window; 0 = off
API_RATE_LIMIT_WINDOW = env.int("API_RATE_LIMIT_WINDOW", default=60)  # seconds
API_CORS_ORIGINS = env.list("API_CORS_ORIGINS", default=["*"])
CORS_URLS_REGEX = r"^/api/.*$"
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_ALLOW_ALL_ORIGINS = "*" in API_CORS_ORIGINS
CORS_ALLOWED_ORIGINS = [origin for origin in API_CORS_ORIGINS if origin != "*"]
CORS_EXPOSE_HEADERS = ["ETag", "Retry-After"]
WEBHOOK_TIMEOUT_SECONDS = env.float("WEBHOOK_TIMEOUT_SECONDS", default=5.0)
WEBHOOK_MAX_ATTEMPTS = env.int("WEBHOOK_MAX_ATTEMPTS", default=8)
WEBHOOK_RETRY_BASE_SECONDS = env.int("WEBHOOK_RETRY_BASE_SECONDS", default=30)
WEBHOOK_RETRY_MAX_SECONDS = env.int("WEBHOOK_RETRY_MAX_SECONDS", default=6 * 3600)
