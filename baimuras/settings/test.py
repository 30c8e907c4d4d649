"""Settings for pytest: fast hashing, locmem email, eager Celery unless a worker is under test."""

from .base import *  # noqa: F403
from .base import REDIS_URL, env

ENVIRONMENT = "test"
DEBUG = False
SECRET_KEY = "test-only-secret-key-that-is-long-enough-for-the-checks-0123456789"
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=True)
CELERY_TASK_EAGER_PROPAGATES = True
# The outbox runs its handlers in the committing thread (tests capture on_commit callbacks).
OUTBOX_RELAY = env("OUTBOX_RELAY", default="inline")
N8N_WEBHOOK_SECRET = "test-n8n-webhook-secret-0123456789abcdef"
WEBHOOKS_ALLOW_PRIVATE_TARGETS = False
CORS_ALLOWED_ORIGINS = ["https://baimuras.space"]
# Each test gets a clean cache, so rate-limit counters do not leak between tests (see conftest).
if not REDIS_URL:
    SILENCED_SYSTEM_CHECKS = ["django_ratelimit.E003", "django_ratelimit.W001"]
WHITENOISE_USE_FINDERS = True
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
SERVE_MEDIA = True
LOGGING["loggers"]["baimuras.api"]["level"] = "WARNING"  # noqa: F405
ANALYTICS_REPORT_CACHE_SECONDS = 0  # each test sees the page views it has just made
ANALYTICS_BUFFER_SIZE = 1  # each view is written as it comes (the buffer has its own tests)
