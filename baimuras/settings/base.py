"""Settings shared by every environment. Everything variable comes from the environment
through the one `env` below; local.py, test.py and production.py only override."""

from datetime import timedelta
from pathlib import Path

import environ
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
APPS_DIR = BASE_DIR / "apps"


class _SecretFileMapping(environ.FileAwareMapping):
    """A value read from NAME_FILE loses its trailing newline (`echo secret > file` writes one)."""

    def __getitem__(self, key):
        value = super().__getitem__(key)
        if self.env.get(key + "_FILE"):
            return value.rstrip("\r\n")
        return value


class _SecretFileEnv(environ.FileAwareEnv):
    ENVIRON = _SecretFileMapping()


# FileAwareEnv: any variable may be given as NAME_FILE pointing at a file (Docker/Kubernetes secrets).
env = _SecretFileEnv()
env.smart_cast = False
READ_DOT_ENV = env.bool("DJANGO_READ_DOT_ENV_FILE", default=True)
if READ_DOT_ENV and (BASE_DIR / ".env").exists():
    env.read_env(str(BASE_DIR / ".env"), overwrite=False)

# --- General -----------------------------------------------------------------------------------
ENVIRONMENT = "base"
DEBUG = env.bool("DJANGO_DEBUG", default=False)
BUILD = env("BUILD", default="dev")
TIME_ZONE = env("DJANGO_TIME_ZONE", default="Asia/Almaty")
USE_TZ = True
USE_I18N = True
LANGUAGE_CODE = "ru"
LANGUAGES = [("ru", _("Russian")), ("kk", _("Kazakh")), ("ky", _("Kyrgyz"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
MODELTRANSLATION_DEFAULT_LANGUAGE = "ru"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("ru",)
LANGUAGE_COOKIE_NAME = "django_language"
LANGUAGE_COOKIE_AGE = 60 * 60 * 24 * 365
SITE_ID = 1
ROOT_URLCONF = "baimuras.urls"
WSGI_APPLICATION = "baimuras.wsgi.application"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
DEFAULT_CURRENCY = env("DEFAULT_CURRENCY", default="KZT")
PHONE_DEFAULT_REGION = env("PHONE_DEFAULT_REGION", default="KZ")

# --- Databases ---------------------------------------------------------------------------------
# An empty DATABASE_URL counts as unset (production.py refuses it by name).
DATABASES = {"default": env.db_url_config(env("DATABASE_URL", default="") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Concurrent writers on the embedded default: WAL lets readers run beside a writer; IMMEDIATE
    # takes the write lock when a transaction starts (a deferred one that later writes fails at
    # once with "database is locked" instead of waiting); the timeout is how long a writer waits.
    # Writers queue for the write lock in the kernel, not in SQLite's busy sleeps (its docstring).
    DATABASES["default"]["ENGINE"] = "apps.core.backends.sqlite3"
    # Tests: Django's default for SQLite, said outright (pytest-django knows SQLite by the stock
    # ENGINE only, and would otherwise name each xdist worker's database after the file).
    DATABASES["default"]["TEST"] = {"NAME": ":memory:"}
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": env.int("SQLITE_BUSY_TIMEOUT", default=30),
        }
    )
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Django's, with a health check that asks the socket first and a transaction's BEGIN sent with
    # its first statement: two round trips fewer on a request that writes (its docstring).
    DATABASES["default"]["ENGINE"] = "apps.core.backends.postgresql"

# --- Cache, Redis, Celery ----------------------------------------------------------------------
REDIS_URL = env("REDIS_URL", default="")
if REDIS_URL:
    _redis_options = {"socket_connect_timeout": 0.5, "socket_timeout": 1}
    CACHES = {
        # A Redis outage is a cache miss for everything but the rate limits (apps/core/cache.py).
        "default": {
            "BACKEND": "apps.core.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "baimuras",
            "OPTIONS": _redis_options,
        },
        "ratelimit": {
            "BACKEND": "apps.core.cache.FastRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "baimuras",
            "OPTIONS": _redis_options,
        },
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "baimuras"}}

# The broker and results default to REDIS_URL; they may live in another Redis database. Without
# Redis, tasks run eagerly, yet Celery still opens a broker connection to serialize their arguments:
# the in-memory one needs a host name, or kombu warns "No hostname was supplied" on the first task.
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default=REDIS_URL or "memory://localhost/")
CELERY_RESULT_BACKEND = env("CELERY_RESULT_BACKEND", default=REDIS_URL or None)
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = False
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = 5 * 60
CELERY_TASK_SOFT_TIME_LIMIT = 60
CELERY_RESULT_EXPIRES = 60 * 60
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A web process publishes after commit and must never wait on a broker that is down: short
# socket timeouts, no publish retries (the outbox sweep retries instead).
CELERY_BROKER_CONNECTION_TIMEOUT = 0.5
CELERY_BROKER_TRANSPORT_OPTIONS = {"socket_connect_timeout": 0.5, "socket_timeout": 2, "max_retries": 0}
CELERY_REDIS_SOCKET_CONNECT_TIMEOUT = 0.5
CELERY_REDIS_SOCKET_TIMEOUT = 2
CELERY_RESULT_BACKEND_TRANSPORT_OPTIONS = {"retry_policy": {"max_retries": 0, "timeout": 1}}
CELERY_TASK_PUBLISH_RETRY = False
CELERY_BEAT_SCHEDULE: dict = {}

# --- Outbox (apps/core/events.py) --------------------------------------------------------------
# celery: publish to the broker; thread: in-process threads (the embedded default); inline: tests.
OUTBOX_RELAY = env("OUTBOX_RELAY", default="celery" if REDIS_URL else "thread")
OUTBOX_THREADS = env.int("OUTBOX_THREADS", default=4)
OUTBOX_SWEEP_SECONDS = env.int("OUTBOX_SWEEP_SECONDS", default=60)
OUTBOX_SWEEP_GRACE_SECONDS = env.int("OUTBOX_SWEEP_GRACE_SECONDS", default=30)
OUTBOX_RETRY_BASE_SECONDS = env.int("OUTBOX_RETRY_BASE_SECONDS", default=30)
OUTBOX_MAX_ATTEMPTS = env.int("OUTBOX_MAX_ATTEMPTS", default=10)
OUTBOX_BROKER_BACKOFF_SECONDS = env.int("OUTBOX_BROKER_BACKOFF_SECONDS", default=15)
# Celery: new events share publishes (apps/core/relay.py announce_event); 0 publishes each alone.
OUTBOX_DOORBELL_SECONDS = env.int("OUTBOX_DOORBELL_SECONDS", default=5)

# --- Apps --------------------------------------------------------------------------------------
DJANGO_APPS = [
    "modeltranslation",  # must precede django.contrib.admin
    "unfold",
    "unfold.contrib.filters",
    "unfold.contrib.import_export",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
]
THIRD_PARTY_APPS = [
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "corsheaders",
    "django_prometheus",
    "import_export",
]
LOCAL_APPS = [
    "apps.core",
    "apps.accounts",
    "apps.files",
    "apps.site",
    "apps.leads",
    "apps.projects",
    "apps.consultations",
    "apps.portfolio",
    "apps.crm",
    "apps.analytics",
    "apps.webhooks",
]
INSTALLED_APPS = DJANGO_APPS + THIRD_PARTY_APPS + LOCAL_APPS

# --- Authentication ----------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "/login"
LOGIN_REDIRECT_URL = "/"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.BCryptSHA256PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Middleware --------------------------------------------------------------------------------
MIDDLEWARE = [
    "apps.core.probes.HealthProbeMiddleware",
    "django_prometheus.middleware.PrometheusBeforeMiddleware",
    # Outside any page cache (and everything else that may answer early): a cached page counts.
    "apps.analytics.middleware.PageViewMiddleware",
    "apps.core.middleware.LanguageAliasMiddleware",
    # Anonymous public pages, answered from the cache before anything below runs (apps/site/pagecache.py).
    "apps.site.pagecache.PageCacheMiddleware",
    "apps.core.middleware.RequestLogMiddleware",
    # Anonymous public API answers (the portfolio), answered from the cache below the log line.
    "apps.core.apicache.SharedApiAnswerMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "apps.core.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "apps.core.middleware.ApiErrorMiddleware",
    "apps.core.middleware.RateLimitHeadersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "apps.site.middleware.QueryLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "apps.core.metrics.RequestMetricsMiddleware",  # django-prometheus's After, with the metrics we read
]

# --- Static and media --------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("DJANGO_MEDIA_ROOT", default=str(BASE_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
SERVE_MEDIA = True  # local storage: the app serves /media/ itself (contract §9)
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
FILE_UPLOAD_MAX_SIZE = env.int("FILE_UPLOAD_MAX_SIZE", default=16 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = FILE_UPLOAD_MAX_SIZE + 1024 * 1024
# Pixels an uploaded image may have, per category: checked from the header before decoding, so a
# small file that decodes to a huge image is refused without the memory (4 bytes a pixel) it needs.
FILE_IMAGE_MAX_PIXELS = {
    "avatar": env.int("FILE_AVATAR_MAX_PIXELS", default=4096 * 4096),
    "portfolio": env.int("FILE_PORTFOLIO_MAX_PIXELS", default=40_000_000),
    "document": env.int("FILE_DOCUMENT_MAX_PIXELS", default=25_000_000),
}

# --- Templates ---------------------------------------------------------------------------------
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "apps.site.context_processors.site",
            ],
        },
    }
]

# --- Security ----------------------------------------------------------------------------------
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=[])
# Sessions in the database alone: a Redis outage must not break logins (nor a stale cached copy
# outlive a logout made while Redis was down).
SESSION_ENGINE = "django.contrib.sessions.backends.db"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Number of reverse proxies in front of the app whose X-Forwarded-For entries are trusted.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
CSP_POLICY = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; font-src 'self'; "
    "connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'"
)
METRICS_ALLOWED_IPS = env.list("METRICS_ALLOWED_IPS", default=["127.0.0.1", "::1"])

# --- Email -------------------------------------------------------------------------------------
EMAIL_URL = env("EMAIL_URL", default="consolemail://")
vars().update(env.email_url("EMAIL_URL", default="consolemail://"))
EMAIL_TIMEOUT = 10
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="BaiMuras <noreply@baimuras.space>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
MANAGER_NOTIFICATION_EMAILS = env.list("MANAGER_NOTIFICATION_EMAILS", default=[])

# --- Django REST framework ---------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "apps.accounts.authentication.RevocableJWTAuthentication",
        "apps.accounts.authentication.APIKeyAuthentication",
        "apps.accounts.authentication.CsrfSessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_THROTTLE_CLASSES": ["apps.core.ratelimit.RoleRateThrottle"],
    "DEFAULT_RENDERER_CLASSES": ["apps.core.renderers.UTF8JSONRenderer"],
    "DEFAULT_CONTENT_NEGOTIATION_CLASS": "apps.core.negotiation.ContentNegotiation",
    "DEFAULT_PARSER_CLASSES": [
        "apps.core.jsonbody.SafeJSONParser",  # JSONParser with a depth limit and no lone surrogates
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_PAGINATION_CLASS": "apps.core.pagination.PagePagination",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "apps.core.schema.AutoSchema",
    "EXCEPTION_HANDLER": "apps.core.exceptions.api_exception_handler",
    "DATETIME_FORMAT": "iso-8601",
    "COERCE_DECIMAL_TO_STRING": False,
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}

SIMPLE_JWT = {
    "ACCESS_TOKEN_LIFETIME": timedelta(seconds=env.int("JWT_ACCESS_TOKEN_LIFETIME", default=3600)),
    "REFRESH_TOKEN_LIFETIME": timedelta(seconds=env.int("JWT_REFRESH_TOKEN_LIFETIME", default=30 * 24 * 3600)),
    "ROTATE_REFRESH_TOKENS": env.bool("JWT_ROTATE_REFRESH_TOKENS", default=False),
    "UPDATE_LAST_LOGIN": False,
    "ALGORITHM": "HS256",
    "AUTH_HEADER_TYPES": ("Bearer",),
    "USER_ID_FIELD": "id",
    "USER_ID_CLAIM": "user_id",
    "TOKEN_OBTAIN_SERIALIZER": "apps.accounts.api.serializers.LoginSerializer",
}

# --- Rate limits (django-ratelimit, counted in the default cache) ------------------------------
# A JWT login found live is trusted this long by the process that checked it (the contract:
# revocation within a second); 0 checks the database on every request.
AUTH_SESSION_RECHECK_SECONDS = env.float("AUTH_SESSION_RECHECK_SECONDS", default=1.0)
RATELIMIT_ENABLE = env.bool("RATELIMIT_ENABLE", default=True)
RATELIMIT_USE_CACHE = "ratelimit" if REDIS_URL else "default"
RATELIMIT_IP_META_KEY = "apps.core.net.client_ip"
RATELIMIT_ANON = env("RATELIMIT_ANON", default="1000/h")
RATELIMIT_USER = env("RATELIMIT_USER", default="1000/h")
RATELIMIT_ADMIN = env("RATELIMIT_ADMIN", default="5000/h")
RATELIMIT_LOGIN = env("RATELIMIT_LOGIN", default="10/m")
# Admin sign-in attempts per account, from any IP (a slow brute force spread over many addresses).
RATELIMIT_LOGIN_ACCOUNT = env("RATELIMIT_LOGIN_ACCOUNT", default="30/h")
RATELIMIT_CREATE = env("RATELIMIT_CREATE", default="100/h")
RATELIMIT_FORMS = env("RATELIMIT_FORMS", default="20/h")

# --- CORS --------------------------------------------------------------------------------------
CORS_ALLOWED_ORIGINS = env.list("CORS_ALLOWED_ORIGINS", default=["https://baimuras.space"])
CORS_URLS_REGEX = r"^/(api|webhooks)/.*$"
CORS_ALLOW_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]
CORS_ALLOW_HEADERS = ["authorization", "content-type", "x-api-key"]
CORS_PREFLIGHT_MAX_AGE = 86400
CORS_EXPOSE_HEADERS = ["X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset", "Retry-After"]

# --- OpenAPI -----------------------------------------------------------------------------------
SPECTACULAR_SETTINGS = {
    "TITLE": "BaiMuras Platform API",
    "DESCRIPTION": (
        "REST API of the BaiMuras Platform: auth, users, CRM, portfolio, files, system, webhooks.\n\n"
        "Log in with `POST /api/v1/auth/login` and send `Authorization: Bearer <access_token>`, or send an API key "
        'as `X-API-Key`. Every operation shows request and response examples; "Try it out" sends them as they '
        "stand.\n\n"
        "Postman: [collection](/api/postman-collection.json) and [environment](/api/postman-environment.json) "
        "(set `email` and `password`, then run the collection). [Changelog](/api/changelog) "
        "([RSS](/api/changelog.rss))."
    ),
    "VERSION": "2.1.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    # No validator badge: it would send the schema's URL to validator.swagger.io (and the CSP blocks it).
    "SWAGGER_UI_SETTINGS": {"deepLinking": True, "validatorUrl": None},
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": r"/api(/v1)?",
    "PREPROCESSING_HOOKS": ["apps.core.schema.strip_trailing_slashes"],
    # Examples and the deprecated aliases' group live in one module (apps.core.schema_examples).
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "apps.core.schema_examples.add_examples",
        "apps.core.schema.allow_blank_formatted_strings",
    ],
    # Choice sets several serializers share get one component each (apps.core.health names them).
    "ENUM_NAME_OVERRIDES": {
        "HealthStatusEnum": "apps.core.health.HEALTH_STATUSES",
        "DatabaseStateEnum": "apps.core.health.DATABASE_STATES",
        "RedisStateEnum": "apps.core.health.REDIS_STATES",
        "ServiceStateEnum": "apps.core.health.SERVICE_STATES",
        "RoleEnum": "apps.accounts.models.Role",
        "LeadStatusEnum": "apps.leads.models.LeadStatus",
        "ServiceInterestEnum": "apps.leads.models.ServiceInterest",
        "ActivityKindEnum": "apps.leads.models.ActivityKind",
        "ContactMessageStatusEnum": "apps.leads.models.ContactMessageStatus",
        "ProjectStatusEnum": "apps.projects.models.ProjectStatus",
        "ConsultationTypeEnum": "apps.consultations.models.ConsultationType",
        "ConsultationStatusEnum": "apps.consultations.models.ConsultationStatus",
        # portfolio documents its status as a bare list of values (no labels), so name that list
        "PortfolioStatusEnum": "apps.portfolio.models.ProjectStatus.values",
        "FileCategoryEnum": "apps.files.models.FileCategory",
        "WebhookEventEnum": "apps.webhooks.models.OUTBOUND_EVENTS",
    },
}

# --- Import and export (django-import-export) --------------------------------------------------
# A second line of defence behind apps.core.spreadsheets (which every resource of ours uses).
IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT = True

# --- Webhooks ----------------------------------------------------------------------------------
N8N_WEBHOOK_SECRET = env("N8N_WEBHOOK_SECRET", default="")
WEBHOOKS_ENABLED = env.bool("WEBHOOKS_ENABLED", default=True)
WEBHOOKS_ALLOW_PRIVATE_TARGETS = env.bool("WEBHOOKS_ALLOW_PRIVATE_TARGETS", default=False)
WEBHOOK_TIMEOUT_SECONDS = env.float("WEBHOOK_TIMEOUT_SECONDS", default=10.0)
WEBHOOK_MAX_ATTEMPTS = env.int("WEBHOOK_MAX_ATTEMPTS", default=5)
WEBHOOK_RETRY_BASE_SECONDS = env.int("WEBHOOK_RETRY_BASE_SECONDS", default=60)
# A subscription whose deliveries fail for good this many times in a row is switched off.
WEBHOOK_DISABLE_AFTER_FAILURES = env.int("WEBHOOK_DISABLE_AFTER_FAILURES", default=5)

# --- Logging -----------------------------------------------------------------------------------
LOG_LEVEL = env("DJANGO_LOG_LEVEL", default="INFO")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {"()": "apps.core.logs.JsonFormatter"},
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
    },
    "filters": {"without_traceback": {"()": "apps.core.logs.WithoutTraceback"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "plain"},
        "json": {"class": "logging.StreamHandler", "formatter": "json"},
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        "baimuras.api": {"handlers": ["json"], "level": "INFO", "propagate": False},
        "django.request": {"handlers": ["console"], "level": "ERROR", "propagate": False},
        "django.security.DisallowedHost": {"filters": ["without_traceback"]},
    },
}

# --- Analytics (first-party page views) ----------------------------------------------------------
ANALYTICS_ENABLED = env.bool("ANALYTICS_ENABLED", default=True)
# Raw page views older than this are deleted once rolled up into daily figures.
ANALYTICS_RAW_RETENTION_DAYS = env.int("ANALYTICS_RAW_RETENTION_DAYS", default=90)
# A visit ends after this many seconds without a page view (Plausible, Google Analytics: 30 min).
ANALYTICS_VISIT_TIMEOUT = env.int("ANALYTICS_VISIT_TIMEOUT", default=30 * 60)
# The reports are kept this long in the shared cache (0: computed on every request).
ANALYTICS_REPORT_CACHE_SECONDS = env.int("ANALYTICS_REPORT_CACHE_SECONDS", default=60)
# Page views are written in batches of this many, or this many seconds after the first (1: one by one).
ANALYTICS_BUFFER_SIZE = env.int("ANALYTICS_BUFFER_SIZE", default=200)
ANALYTICS_BUFFER_SECONDS = env.float("ANALYTICS_BUFFER_SECONDS", default=2.0)
# Paths that are never counted (the site's own pages everywhere else are).
ANALYTICS_EXCLUDED_PATHS = [
    "/admin/",
    "/api/",
    "/webhooks/",
    "/static/",
    "/media/",
    "/dashboard",
    "/login",
    "/register",
    "/logout",
    "/set-language/",
    "/crm/",
    "/health",
    "/metrics",
    "/robots.txt",
    "/sitemap.xml",
    "/favicon.ico",
]

# --- Public content in the shared cache (apps/core/content_cache.py, apps/site/pagecache.py) ------
# Anonymous public pages and the anonymous portfolio API are kept this long (0: never cached);
# saving any of these models moves the content version on, so an edit shows at once.
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=600)
CONTENT_CACHE_SECONDS = env.int("CONTENT_CACHE_SECONDS", default=600)
# Each process answers public pages and the anonymous portfolio from its own copy, trusting its
# copy of the content version this long: an edit shows in other processes within it (0: always ask
# the shared cache). At most this many entries per process.
CONTENT_CACHE_LOCAL_SECONDS = env.float("CONTENT_CACHE_LOCAL_SECONDS", default=1.0)
CONTENT_CACHE_LOCAL_ENTRIES = env.int("CONTENT_CACHE_LOCAL_ENTRIES", default=200)
CONTENT_CACHE_MODELS = {
    "site.page",
    "site.servicepage",
    "site.blogpost",
    "site.companydetails",
    "site.showroom",
    "site.faqitem",
    "portfolio.portfolioproject",
    "portfolio.portfolioimage",
    "portfolio.review",
    "files.uploadedfile",
}
# The API's lead list, per query, for staff (all of them see the same list); any save or delete of
# these moves it on. 0: never cached.
LEAD_LIST_CACHE_SECONDS = env.int("LEAD_LIST_CACHE_SECONDS", default=300)
LEAD_LIST_CACHE_MODELS = {"leads.lead", "projects.project", "analytics.leadattribution"}
# Never from the page cache, whatever they answer (pages with forms are never cached anyway: they
# use a CSRF token).
# API paths whose anonymous answers a view may share (apps/core/apicache.py): only these are looked up.
API_SHARED_ANSWER_PATHS = ["/api/v1/portfolio/"]
PAGE_CACHE_EXCLUDED_PATHS = [*ANALYTICS_EXCLUDED_PATHS, "/contact", "/consultation"]

# --- Demo --------------------------------------------------------------------------------------
DEMO_ADMIN_EMAIL = env("DEMO_ADMIN_EMAIL", default="admin@baimuras.local")

# --- Site and background schedule --------------------------------------------------------------
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
CELERY_BEAT_SCHEDULE = {
    "consultation-reminders": {"task": "consultations.send_due_reminders", "schedule": 5 * 60},
    "stale-leads": {"task": "leads.notify_stale_leads", "schedule": 60 * 60},
    "task-reminders": {"task": "crm.remind_due_tasks", "schedule": 5 * 60},
    "outbox-sweep": {"task": "core.sweep_outbox", "schedule": OUTBOX_SWEEP_SECONDS},
    "analytics-rollup": {"task": "analytics.rollup", "schedule": 60 * 60},
}

# Django has no Kazakh date and number formats; ours are in baimuras/formats/kk.
FORMAT_MODULE_PATH = ["baimuras.formats"]

# --- Admin (django-unfold) ---------------------------------------------------------------------
from .unfold import UNFOLD  # noqa: E402, F401
