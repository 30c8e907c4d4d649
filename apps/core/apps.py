from django.apps import AppConfig
from django.core.signals import request_started
from django.utils.translation import gettext_lazy as _


def _start_relay(**kwargs):
    from . import relay

    relay.start()
    request_started.disconnect(_start_relay, dispatch_uid="core.start_relay")


class CoreConfig(AppConfig):
    name = "apps.core"
    label = "core"
    verbose_name = _("Service data")  # the outbox's events: a heading managers read

    def ready(self):
        from . import sqlite

        sqlite.install()
        from . import content_cache

        content_cache.connect_signals()
        from . import unfold_patches

        unfold_patches.install()
        # `make run` serves with Django's dev server, whose listen backlog of 10 resets the 11th
        # of a burst of simultaneous visitors; a real server's backlog is 128 or more.
        from django.core.servers import basehttp

        basehttp.WSGIServer.request_queue_size = 128
        # The embedded default's in-process relay starts with the first request, not at import.
        request_started.connect(_start_relay, dispatch_uid="core.start_relay")
