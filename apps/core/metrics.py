"""Prometheus metrics of our own (django-prometheus exports request rate, latency and status codes)."""

from prometheus_client import Counter

RATE_LIMITED = Counter("baimuras_rate_limited_total", "Requests refused with 429 by a rate limit", ["group"])

# Export the contract's limits at 0 from the start, so rate() has a series before the first 429.
for _group in ("api-anon", "api-user", "api-admin", "login", "create"):
    RATE_LIMITED.labels(group=_group)
