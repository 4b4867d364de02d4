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
    "wagtail.contrib.sitemaps",
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
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Static files before anything that looks at sessions or languages.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # CORS answers preflight requests to /api/ before the rate limit.
    "corsheaders.middleware.CorsMiddleware",
    # Rate limits per trusted client address: before the API's cached answers, which skip the rest.
    "operations.throttle.ThrottleMiddleware",
    # The API: cached answers and compression, before sessions and the rest.
    "api.middleware.ApiMiddleware",
    # Anonymous pages of the site from the cache, before sessions: a hit skips the rest.
    "catalogue.cache.SitePageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Django's LocaleMiddleware everywhere but under /api/, which chooses its language with ?lang=.
    "api.middleware.LocaleMiddlewareOutsideApi",
    # The catalogue pages and their entries routed from a table kept per content version.
    "catalogue.routing.CatalogueRouteMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Sends the Content Security Policy that production.py defines (none elsewhere).
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
# The site's public address: the Wagtail Site is set from it (`load_demo`, `setup_site`), and every
# absolute link the API, the feed, webhooks and the widgets hand out starts with it.
SITE_URL = (env.str("SITE_URL", default="") or "http://127.0.0.1:8000").rstrip("/")
WAGTAILADMIN_BASE_URL = env.str("WAGTAILADMIN_BASE_URL", default=SITE_URL)
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "rtf", "txt", "xlsx"]

# Search: Wagtail's database backend by default (SQLite FTS5 or PostgreSQL full text);
# Elasticsearch 9 / OpenSearch 3 when ELASTICSEARCH_URL is set, for our search (search/elasticsearch.py)
# and Wagtail's admin search alike, with the same connection settings. OpenSearch refuses the
# Elasticsearch 9 client, so ELASTICSEARCH_FLAVOUR=opensearch switches both to opensearch-py.
ELASTICSEARCH_URL = env.str("ELASTICSEARCH_URL", default="")
ELASTICSEARCH_FLAVOUR = env.str("ELASTICSEARCH_FLAVOUR", default="elasticsearch")
ELASTICSEARCH_API_KEY = env.str("ELASTICSEARCH_API_KEY", default="")  # Elasticsearch only
ELASTICSEARCH_USER = env.str("ELASTICSEARCH_USER", default="")
ELASTICSEARCH_PASSWORD = env.str("ELASTICSEARCH_PASSWORD", default="")
ELASTICSEARCH_CA_CERTS = env.str("ELASTICSEARCH_CA_CERTS", default="")  # a PEM file
ELASTICSEARCH_TIMEOUT = env.float("ELASTICSEARCH_TIMEOUT", default=5.0)  # seconds per attempt
ELASTICSEARCH_MAX_RETRIES = env.int("ELASTICSEARCH_MAX_RETRIES", default=2)
# Our own Elasticsearch/OpenSearch indexes, and Wagtail's, are named with this prefix.
ELASTICSEARCH_INDEX_PREFIX = env.str("ELASTICSEARCH_INDEX_PREFIX", default="lape_")
# How often suggestions as you type check the content version (seconds): between checks they
# cost no database query. A change made in this process is seen at once.
SEARCH_VERSION_CHECK_SECONDS = env.float("SEARCH_VERSION_CHECK_SECONDS", default=1.0)
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
if ELASTICSEARCH_FLAVOUR not in ("elasticsearch", "opensearch"):
    raise ImproperlyConfigured(
        f"ELASTICSEARCH_FLAVOUR: {ELASTICSEARCH_FLAVOUR!r} is neither 'elasticsearch' nor 'opensearch'"
    )
if ELASTICSEARCH_URL:
    _opensearch = ELASTICSEARCH_FLAVOUR == "opensearch"
    _client_options = {
        "max_retries": ELASTICSEARCH_MAX_RETRIES,
        "retry_on_timeout": True,
        "retry_on_status": (429, 502, 503, 504),
    }
    if ELASTICSEARCH_API_KEY:
        _client_options["api_key"] = ELASTICSEARCH_API_KEY
    if ELASTICSEARCH_USER:
        _credentials = (ELASTICSEARCH_USER, ELASTICSEARCH_PASSWORD)
        _client_options["http_auth" if _opensearch else "basic_auth"] = _credentials
    if ELASTICSEARCH_CA_CERTS:
        _client_options["ca_certs"] = ELASTICSEARCH_CA_CERTS
    WAGTAILSEARCH_BACKENDS["default"] = {
        "BACKEND": f"wagtail.search.backends.{'opensearch3' if _opensearch else 'elasticsearch9'}",
        # HOSTS, not URLS: a URL's host entry would override the client-wide credentials
        "HOSTS": [ELASTICSEARCH_URL],
        "INDEX_PREFIX": ELASTICSEARCH_INDEX_PREFIX,
        "TIMEOUT": ELASTICSEARCH_TIMEOUT,
        "OPTIONS": _client_options,
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
        # The search clients log every request and every retry; search.fallback says it once.
        "elastic_transport": {"level": "ERROR"},
        "opensearch": {"level": "ERROR"},
        "opensearchpy.trace": {"level": "WARNING"},
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
# Partner front ends open one revision through /api/v1/preview/ with a token valid this long
# (revocable in the admin; issue a new one for a newer draft).
PREVIEW_TOKEN_MAX_AGE_SECONDS = env.int("PREVIEW_TOKEN_MAX_AGE_SECONDS", default=15 * 60)
# How long browsers and CDNs keep the embed script at its stable address (/embed/v1/methods.js).
EMBED_SCRIPT_MAX_AGE = env.int("EMBED_SCRIPT_MAX_AGE", default=300)
# A partner front end's preview page, e.g. https://partner.example/preview?token={token}
PARTNER_PREVIEW_URL = env.str("PARTNER_PREVIEW_URL", default="")

# --- Production and security (in every environment, so that development and tests behave alike;
# production-only settings are in production.py)
# Sessions live in the database, not the cache: a Redis outage must not log editors out.
SESSION_ENGINE = "django.contrib.sessions.backends.db"

# The client's address (operations/clients.py): REMOTE_ADDR unless TRUSTED_PROXIES names the
# proxies in front of the app, as a number of hops ("1" behind one load balancer) or their networks
# ("10.0.0.0/8,192.0.2.0/24"); then the address they report in TRUSTED_PROXY_HEADER. The rate
# limits and the login throttle all count by it.
TRUSTED_PROXIES = env.str("TRUSTED_PROXIES", default="")
TRUSTED_PROXY_HEADER = "HTTP_" + env.str(
    "TRUSTED_PROXY_HEADER", default="X-Forwarded-For"
).upper().replace("-", "_")

# Admin login throttling (django-axes, kept in the database so that every app server sees it):
# after AXES_FAILURE_LIMIT failed logins for one user name from one address, that pair is refused
# for AXES_COOLOFF_MINUTES. Only the pair: a stranger's failures never lock the editor out of their
# own address, and the lockout page links to the password reset, which works while locked; setting a
# new password lifts the user's lockouts (operations/signals.py).
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
AXES_CLIENT_IP_CALLABLE = "operations.clients.client_address"
AXES_LOCKOUT_TEMPLATE = "login_locked.html"
# Page passwords (view restrictions): at most this many wrong passwords per client address and
# restriction in the window (seconds); then 429 until the window ends.
PAGE_PASSWORD_ATTEMPTS = env.int("PAGE_PASSWORD_ATTEMPTS", default=10)
PAGE_PASSWORD_WINDOW = env.int("PAGE_PASSWORD_WINDOW", default=15 * 60)

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

# --- Partner API: /api/v1/ (partner contract), /api/v2/ (Wagtail's API), change feed, webhooks
API_BASE_URL = env.str("API_BASE_URL", default=SITE_URL).rstrip("/")
API_CACHE_MAX_AGE = env.int("API_CACHE_MAX_AGE", default=60)  # Cache-Control max-age, seconds
API_CACHE_TIMEOUT = env.int("API_CACHE_TIMEOUT", default=3600)  # server-side cache; 0 = off
# Anonymous pages of the site, keyed by the content version (catalogue/cache.py); 0 = off
SITE_CACHE_TIMEOUT = env.int("SITE_CACHE_TIMEOUT", default=3600)
API_RATE_LIMIT = env.int("API_RATE_LIMIT", default=600)  # requests per client per window; 0 = off
API_RATE_LIMIT_WINDOW = env.int("API_RATE_LIMIT_WINDOW", default=60)  # seconds
# Rich text in /api/v2/ as public HTML (methods/richtext.py), never the stored form.
WAGTAILAPI_RICH_TEXT_FORMAT = "html"
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
