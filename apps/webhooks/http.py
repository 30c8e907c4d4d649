"""Signed, guarded HTTP for outbound webhooks (contract §11).

The target's host is resolved once and the connection made to that very address, so a name that
resolves to a public address for the check and a private one for the request (DNS rebinding)
gets nowhere; loopback, private, link-local and other special addresses are refused unless
WEBHOOKS_ALLOW_PRIVATE_TARGETS is on; redirects are never followed."""

import hashlib
import hmac
import ipaddress
import json
import socket
import ssl
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

import urllib3
from django.conf import settings

USER_AGENT = "BaiMuras-Webhooks/2.1"
EXCERPT_BYTES = 1024


class TargetRefused(Exception):
    """The URL points somewhere a webhook must not go."""


@dataclass
class Response:
    status_code: int | None
    excerpt: str
    duration_ms: int
    error: str = ""

    @property
    def ok(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300


def sign(secret: str, payload: bytes) -> str:
    return "sha256=" + hmac.new(secret.encode(), payload, hashlib.sha256).hexdigest()


def canonical(value) -> bytes:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def body_for(*, secret: str, event: str, timestamp: str, data: dict) -> bytes:
    """{"event", "timestamp", "data", "signature"}: the signature covers the other three, sorted."""
    unsigned = {"event": event, "timestamp": timestamp, "data": data}
    return canonical({**unsigned, "signature": sign(secret, canonical(unsigned))})


def _is_public(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped
    return address.is_global and not address.is_multicast


def check_host(host: str, *, allow_private: bool | None = None) -> None:
    """Refuse, without resolving, a literal address or name that is plainly not public (checked
    when a subscription is saved; resolution happens at delivery)."""
    allow = settings.WEBHOOKS_ALLOW_PRIVATE_TARGETS if allow_private is None else allow_private
    if allow:
        return
    name = host.strip("[]").lower().rstrip(".")
    if name == "localhost" or name.endswith((".localhost", ".local", ".internal")):
        raise TargetRefused(f"{host} is a local name")
    try:
        address = ipaddress.ip_address(name)
    except ValueError:
        return
    if not _is_public(address):
        raise TargetRefused(f"{host} is not a public address")


def resolve(host: str, port: int) -> str:
    """The address to connect to: the first the host resolves to, after checking every one."""
    try:
        infos = socket.getaddrinfo(host.strip("[]"), port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        raise TargetRefused(f"{host} does not resolve: {exc}") from exc
    addresses = [info[4][0] for info in infos]
    if not settings.WEBHOOKS_ALLOW_PRIVATE_TARGETS:
        for raw in addresses:
            if not _is_public(ipaddress.ip_address(raw.split("%")[0])):
                raise TargetRefused(f"{host} resolves to {raw}, which is not a public address")
    return addresses[0]


def post(url: str, body: bytes, headers: dict[str, str], *, timeout: float) -> Response:
    """POST `body`; never raises for the target's failures, only reports them."""
    started = time.monotonic()

    def done(status=None, excerpt="", error=""):
        return Response(status, excerpt, int((time.monotonic() - started) * 1000), error)

    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return done(error="Only http and https URLs can be delivered to")
    port = parts.port or (443 if parts.scheme == "https" else 80)
    try:
        check_host(parts.hostname)
        address = resolve(parts.hostname, port)
    except TargetRefused as exc:
        return done(error=f"Refused: {exc}")
    path = parts.path or "/"
    if parts.query:
        path = f"{path}?{parts.query}"
    host_header = parts.hostname if parts.port is None else f"{parts.hostname}:{parts.port}"
    pool_kwargs = {
        "host": address,
        "port": port,
        "timeout": urllib3.Timeout(connect=min(timeout, 5.0), read=timeout),
        "retries": False,
        "maxsize": 1,
    }
    if parts.scheme == "https":
        pool = urllib3.HTTPSConnectionPool(
            **pool_kwargs,
            server_hostname=parts.hostname,
            assert_hostname=parts.hostname,
            ssl_context=ssl.create_default_context(),
        )
    else:
        pool = urllib3.HTTPConnectionPool(**pool_kwargs)
    try:
        response = pool.urlopen(
            "POST",
            path,
            body=body,
            headers={**headers, "Host": host_header, "User-Agent": USER_AGENT},
            redirect=False,
            assert_same_host=False,
            preload_content=False,
        )
        try:
            excerpt = response.read(EXCERPT_BYTES, decode_content=False).decode("utf-8", "replace")
        finally:
            response.release_conn()
    except urllib3.exceptions.HTTPError as exc:
        return done(error=f"{exc.__class__.__name__}: {exc}"[:500])
    finally:
        pool.close()
    if 300 <= response.status < 400:
        location = response.headers.get("Location", "")
        return done(response.status, excerpt, error=f"Redirect not followed (Location: {location[:200]})")
    return done(response.status, excerpt)
