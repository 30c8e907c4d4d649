"""BaiMuras Platform."""

from .celery import app as celery_app

__version__ = "2.1.0"
__all__ = ("__version__", "celery_app")
