"""Real checks of what the platform depends on: the database, Redis, email and storage."""

import logging
import os
import time

from django.conf import settings
from django.core.cache import cache
from django.core.files.storage import FileSystemStorage, default_storage
from django.core.mail import get_connection
from django.db import connection

logger = logging.getLogger("baimuras.health")
PROCESS_STARTED = time.monotonic()

# The answers' vocabularies (contract §10); the OpenAPI schema names each set once.
HEALTH_STATUSES = ["healthy", "degraded", "unhealthy"]
DATABASE_STATES = ["connected", "disconnected"]
REDIS_STATES = ["connected", "disconnected", "not_configured"]
SERVICE_STATES = ["healthy", "unhealthy", "not_configured"]


def database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        return True
    except Exception:  # any driver error means "down" to a load balancer
        logger.warning("Health: database unreachable", exc_info=True)
        return False


def redis_state() -> str:
    """`connected`, `disconnected` or `not_configured` (no REDIS_URL: the embedded default)."""
    if not settings.REDIS_URL:
        return "not_configured"
    import redis

    try:
        client = redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=1, socket_timeout=1)
        client.ping()
        return "connected"
    except redis.RedisError:
        logger.warning("Health: Redis unreachable", exc_info=True)
        return "disconnected"


def email_state() -> str:
    """SMTP is checked by opening a connection (cached a minute); other backends need nothing."""
    backend = settings.EMAIL_BACKEND
    if not backend.endswith("smtp.EmailBackend"):
        return "healthy"
    cached = cache.get("health:email")
    if cached:
        return cached
    try:
        conn = get_connection(timeout=3)
        conn.open()
        conn.close()
        state = "healthy"
    except Exception:  # smtplib, socket and ssl all raise their own kinds
        logger.warning("Health: SMTP unreachable", exc_info=True)
        state = "unhealthy"
    cache.set("health:email", state, 60)
    return state


def storage_state() -> str:
    try:
        if isinstance(default_storage, FileSystemStorage):
            location = default_storage.location
            os.makedirs(location, exist_ok=True)
            return "healthy" if os.access(location, os.W_OK) else "unhealthy"
        default_storage.exists("health-check")
        return "healthy"
    except Exception:  # storage backends raise anything from OSError to botocore errors
        logger.warning("Health: storage unreachable", exc_info=True)
        return "unhealthy"


def system_metrics() -> dict:
    import psutil

    disk_path = default_storage.location if isinstance(default_storage, FileSystemStorage) else "/"
    if not os.path.exists(disk_path):
        disk_path = "/"
    return {
        "memory_usage": round(psutil.virtual_memory().percent, 1),
        "cpu_usage": round(psutil.cpu_percent(interval=None), 1),
        "disk_usage": round(psutil.disk_usage(disk_path).percent, 1),
    }


def uptime_seconds() -> int:
    return int(time.monotonic() - PROCESS_STARTED)
