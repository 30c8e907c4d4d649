"""The embedded default for development and `make run`: SQLite, in-process Celery, console email."""

from .base import *  # noqa: F403
from .base import CELERY_TASK_ALWAYS_EAGER, LOGGING, env

ENVIRONMENT = "local"
DEBUG = env.bool("DJANGO_DEBUG", default=True)
SECRET_KEY = env("DJANGO_SECRET_KEY", default="local-development-only-key-change-me-not-for-production-use-1234")
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]", "testserver"])
CORS_ALLOWED_ORIGINS = env.list(
    "CORS_ALLOWED_ORIGINS", default=["http://localhost:8000", "http://127.0.0.1:8000", "https://baimuras.space"]
)
WEBHOOKS_ALLOW_PRIVATE_TARGETS = env.bool("WEBHOOKS_ALLOW_PRIVATE_TARGETS", default=True)
N8N_WEBHOOK_SECRET = env("N8N_WEBHOOK_SECRET", default="local-n8n-webhook-secret-change-me-0000")
# Local-memory counters are per process; fine for one `runserver`, not for production.
SILENCED_SYSTEM_CHECKS = ["django_ratelimit.E003", "django_ratelimit.W001"]
# Serve static files from the app dirs without collectstatic, also with DEBUG off.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
SERVE_MEDIA = True

# --- Logging -----------------------------------------------------------------------------------
# runserver's "Watching for file changes" once: Django's own console handler and the root's would
# both print it.
LOGGING["loggers"]["django.utils.autoreload"] = {"handlers": ["console"], "level": "INFO", "propagate": False}
# Tasks run in this process unless REDIS_URL is set: Celery's INFO line for every finished task
# would bury the dev server's output. Failures are still logged (ERROR).
if CELERY_TASK_ALWAYS_EAGER:
    LOGGING["loggers"]["celery.app.trace"] = {"level": "WARNING"}
