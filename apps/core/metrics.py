"""Prometheus metrics of our own (django-prometheus exports request rate, latency and status codes)."""

from prometheus_client import Counter

RATE_LIMITED = Counter("baimuras_rate_limited_total", "Requests refused with 429 by a rate limit", ["group"])
