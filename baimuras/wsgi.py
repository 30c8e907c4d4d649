"""WSGI entry point (gunicorn baimuras.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "baimuras.settings.production")

application = get_wsgi_application()
