"""Production: no defaults for secrets; refuses to start, naming the variable, when one is missing."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import DATABASES, REDIS_URL, env


def _required(name: str, *, min_length: int = 1) -> str:
    value = env(name, default="")
    if not value:
        raise ImproperlyConfigured(f"Set the {name} environment variable (production settings).")
    if len(value) < min_length:
        raise ImproperlyConfigured(f"{name} must be at least {min_length} characters long.")
    return value


ENVIRONMENT = "production"
DEBUG = env.bool("DJANGO_DEBUG", default=False)
SECRET_KEY = _required("DJANGO_SECRET_KEY", min_length=50)
_required("DATABASE_URL")
# base.py read DATABASE_URL already, with SQLite's options for concurrent writers (WAL, IMMEDIATE
# transactions, busy timeout): a production server on SQLite needs them as much as `make run`.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
ALLOWED_HOSTS = [host.strip() for host in _required("DJANGO_ALLOWED_HOSTS").split(",") if host.strip()]
if not ALLOWED_HOSTS or "*" in ALLOWED_HOSTS:
    raise ImproperlyConfigured("DJANGO_ALLOWED_HOSTS must name the site's hosts (comma-separated), not '*'.")
# Links in emails point here; by default the first allowed host over HTTPS.
SITE_URL = env("SITE_URL", default=f"https://{ALLOWED_HOSTS[0].lstrip('.')}").rstrip("/")
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[f"https://{h}" for h in ALLOWED_HOSTS])
if WEBHOOKS_ENABLED:  # noqa: F405
    N8N_WEBHOOK_SECRET = _required("N8N_WEBHOOK_SECRET", min_length=32)
if not REDIS_URL:
    raise ImproperlyConfigured("Set the REDIS_URL environment variable (production settings).")
EMAIL_URL = env("EMAIL_URL", default="")
if not EMAIL_URL:
    raise ImproperlyConfigured("Set the EMAIL_URL environment variable (production settings).")

# --- Security ----------------------------------------------------------------------------------
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
SECURE_REDIRECT_EXEMPT = [r"^health$", r"^api/v1/health/?$", r"^metrics$"]
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
LANGUAGE_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env.bool("DJANGO_SECURE_HSTS_PRELOAD", default=True)

# --- Storage -----------------------------------------------------------------------------------
if env("AWS_STORAGE_BUCKET_NAME", default=""):
    STORAGES["default"] = {  # noqa: F405
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env("AWS_STORAGE_BUCKET_NAME"),
            "region_name": env("AWS_S3_REGION_NAME", default=None),
            "endpoint_url": env("AWS_S3_ENDPOINT_URL", default=None),
            "default_acl": "private",
            "file_overwrite": False,
        },
    }
    SERVE_MEDIA = False
else:
    SERVE_MEDIA = True

CELERY_TASK_ALWAYS_EAGER = False
LOGGING["root"]["handlers"] = ["json"]  # noqa: F405
