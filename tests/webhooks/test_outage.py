"""A Redis outage under real processes (PostgreSQL, a private Redis, a Celery worker with beat, gunicorn):
inquiries are still taken at once, /health says Redis is down, managers can still log in; once
Redis is back the outbox hands everything on, and each new lead is emailed and delivered to its
webhook subscriber exactly once, signed.

Self-contained: it starts its own redis-server on a free port (never the system one), its own
database, worker and web server, and stops them all."""

import hashlib
import hmac
import json
import shutil
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from tests.webhooks.test_concurrency import (
    BIN,
    MANAGER_EMAIL,
    MANAGER_PASSWORD,
    Server,
    admin_login,
    free_port,
    fresh_postgres_database,
    gunicorn,
    manage,
    new_lead_emails,
    post_json,
    prepare_database,
    request,
    server_env,
    wait_for_health,
    wait_until,
)

pytestmark = [pytest.mark.celery_worker, pytest.mark.postgres]

SECRET = "outage-test-secret-0123456789abcdef"
LATENCY_LIMIT = 1.0  # seconds a visitor may wait while Redis is down


# --- A private Redis ---------------------------------------------------------------------------


def redis_ping(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def start_redis(port: int, tmp: Path) -> Server:
    command = [
        shutil.which("redis-server"),
        "--port",
        str(port),
        "--bind",
        "127.0.0.1",
        "--save",
        "",
        "--appendonly",
        "no",
        "--dir",
        str(tmp),
    ]
    server = Server("redis", command, {"PATH": "/usr/bin:/bin"}, tmp)
    wait_until(lambda: redis_ping(port), timeout=20, what=f"redis-server on port {port}")
    return server


# --- A webhook subscriber that records what it gets --------------------------------------------


class Recorder(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self):
        self.received: list[tuple[dict[str, str], bytes]] = []
        self.lock = threading.Lock()
        super().__init__(("127.0.0.1", 0), _RecordingHandler)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/hook"

    def deliveries(self) -> list[tuple[dict[str, str], bytes]]:
        with self.lock:
            return list(self.received)


class _RecordingHandler(BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        with self.server.lock:
            self.server.received.append(({k.lower(): v for k, v in self.headers.items()}, body))
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", "11")
        self.end_headers()
        self.wfile.write(b'{"ok":true}')

    def log_message(self, *args):
        pass


@pytest.fixture
def recorder():
    server = Recorder()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


# --- Checks ------------------------------------------------------------------------------------


def postgres_ids(database_url: str, sql: str) -> list:
    import psycopg

    with psycopg.connect(database_url.replace("postgres://", "postgresql://", 1), connect_timeout=10) as conn:
        return [row[0] for row in conn.execute(sql).fetchall()]


def timed(call):
    started = time.monotonic()
    result = call()
    return result, time.monotonic() - started


def sign(payload: bytes) -> str:
    return "sha256=" + hmac.new(SECRET.encode(), payload, hashlib.sha256).hexdigest()


def lead_created_deliveries(recorder: Recorder) -> dict[str, tuple[dict[str, str], bytes]]:
    """{X-BaiMuras-Delivery: (headers, body)} of the lead.created deliveries (asserting no id twice)."""
    seen: dict[str, tuple[dict[str, str], bytes]] = {}
    for headers, body in recorder.deliveries():
        if headers.get("x-baimuras-event") != "lead.created":
            continue
        delivery_id = headers.get("x-baimuras-delivery")
        assert delivery_id not in seen, f"delivery {delivery_id} received twice"
        seen[delivery_id] = (headers, body)
    return seen


def delivered_lead_ids(recorder: Recorder) -> list[int]:
    return sorted(json.loads(body)["data"]["id"] for _headers, body in lead_created_deliveries(recorder).values())


def assert_signed(headers: dict[str, str], raw: bytes) -> None:
    body = json.loads(raw)
    unsigned = {key: body[key] for key in ("event", "timestamp", "data")}
    canonical = json.dumps(unsigned, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()
    assert body["signature"] == sign(canonical), body
    assert headers["x-baimuras-signature"] == sign(raw), headers
    assert set(body) == {"event", "timestamp", "data", "signature"}, body


# --- The scenario ------------------------------------------------------------------------------


@pytest.mark.skipif(shutil.which("redis-server") is None, reason="needs redis-server on PATH")
def test_redis_outage_loses_nothing_and_keeps_the_site_answering(tmp_path, recorder):
    redis_port = free_port()
    servers: dict[str, Server] = {}
    try:
        servers["redis"] = start_redis(redis_port, tmp_path)
        with fresh_postgres_database("baimuras_outage") as database_url:
            env = server_env(
                tmp_path,
                database_url,
                REDIS_URL=f"redis://127.0.0.1:{redis_port}/0",
                OUTBOX_SWEEP_SECONDS="2",
                OUTBOX_SWEEP_GRACE_SECONDS="1",
                OUTBOX_BROKER_BACKOFF_SECONDS="1",
                WEBHOOK_RETRY_BASE_SECONDS="1",
                WEBHOOKS_ALLOW_PRIVATE_TARGETS="true",
                DJANGO_LOG_LEVEL="INFO",
            )
            prepare_database(env)
            manage(
                env,
                "shell",
                "-c",
                "from apps.webhooks.services import subscription_create; "
                f"subscription_create(url={recorder.url!r}, events=['lead.created'], secret={SECRET!r})",
            )
            servers["worker"] = Server(
                "worker",
                [
                    str(BIN / "celery"),
                    "-A",
                    "baimuras",
                    "worker",
                    "--beat",
                    "--pool=solo",
                    "--concurrency=1",
                    "-s",
                    str(tmp_path / "beat-schedule"),
                    "--loglevel=INFO",
                ],
                env,
                tmp_path,
            )
            web_port = free_port()
            servers["web"] = gunicorn(env, web_port, tmp_path, workers=1)
            mail_dir = tmp_path / "mail"
            run_outage(servers, redis_port, web_port, database_url, mail_dir, recorder, tmp_path)
    except BaseException:
        for name, server in servers.items():
            print(f"--- {name} log\n{server.log()}")
        print(f"--- deliveries received: {len(recorder.deliveries())}")
        raise
    finally:
        for server in reversed(servers.values()):
            server.stop()


def run_outage(servers, redis_port, web_port, database_url, mail_dir, recorder, tmp_path):
    worker = servers["worker"]
    wait_until(
        lambda: (worker.alive() or pytest.fail(f"the worker exited:\n{worker.log()}")) and " ready." in worker.log(),
        timeout=120,
        what="the Celery worker",
    )
    assert wait_for_health(web_port, servers["web"])["redis"] == "connected"

    # With Redis up, the whole way works (and the web process holds live connections to it).
    status, _headers, body = post_json(web_port, "/api/leads", {"name": "До сбоя", "email": "before@example.com"})
    assert status == 201, body
    first_id = json.loads(body)["id"]
    wait_until(
        lambda: first_id in new_lead_emails(mail_dir) and first_id in delivered_lead_ids(recorder),
        timeout=90,
        what="the first lead's email and delivery",
    )

    def login():
        return admin_login(web_port, MANAGER_EMAIL, MANAGER_PASSWORD)

    (_page, up_login, _headers), up_login_seconds = timed(login)
    assert up_login == 302
    print(f"with Redis up: admin login (GET+POST) {up_login_seconds:.3f}s")

    # Redis goes away.
    servers.pop("redis").stop()
    assert not redis_ping(redis_port)

    (health_status, _h, health_body), health_seconds = timed(lambda: request("GET", web_port, "/health", timeout=30))
    (lead_status, _h, lead_body), lead_seconds = timed(
        lambda: post_json(
            web_port, "/api/leads", {"name": "Во время сбоя", "email": "outage@example.com", "phone": "+77010000099"}
        )
    )
    (contact_status, _h, contact_body), contact_seconds = timed(
        lambda: post_json(
            web_port,
            "/contact",
            {"name": "Письмо во время сбоя", "email": "contact-outage@example.com", "message": "Нужна кухня"},
        )
    )
    (login_page, login_post, login_headers), login_seconds = timed(login)
    print(
        f"while Redis is down: /health {health_seconds:.3f}s, POST /api/leads {lead_seconds:.3f}s, "
        f"POST /contact {contact_seconds:.3f}s, admin login (GET+POST) {login_seconds:.3f}s"
    )

    # Redis comes back on the same port.
    servers["redis"] = start_redis(redis_port, tmp_path)

    assert health_status == 200, health_body
    health = json.loads(health_body)
    assert health["redis"] == "disconnected", health
    assert health["status"] == "degraded", health
    assert health["database"] == "connected", health
    assert lead_status == 201, lead_body
    assert lead_seconds < LATENCY_LIMIT, f"POST /api/leads took {lead_seconds:.3f}s with Redis down"
    assert contact_status == 201, contact_body
    assert contact_seconds < LATENCY_LIMIT, f"POST /contact took {contact_seconds:.3f}s with Redis down"
    assert login_page == 200
    assert login_post == 302, login_headers
    assert login_headers.get("location", "").startswith("/admin"), login_headers

    # Everything written during the outage is handed on once Redis is back.
    lead_ids = sorted(postgres_ids(database_url, "SELECT id FROM leads_lead"))
    assert len(lead_ids) == 3, lead_ids  # before, /api/leads and /contact's new lead
    wait_until(
        lambda: sorted(new_lead_emails(mail_dir)) == lead_ids and delivered_lead_ids(recorder) == lead_ids,
        timeout=90,
        interval=0.5,
        what=f"emails and deliveries for leads {lead_ids}",
    )
    time.sleep(5)  # anything sent twice would arrive by now

    emails = new_lead_emails(mail_dir)
    assert emails == dict.fromkeys(lead_ids, 1), emails
    deliveries = lead_created_deliveries(recorder)
    events = postgres_ids(database_url, "SELECT id FROM core_event WHERE type = 'lead.created'")
    assert len(deliveries) == len(events) == len(lead_ids), (deliveries.keys(), events)
    assert delivered_lead_ids(recorder) == lead_ids
    for headers, raw in deliveries.values():
        assert_signed(headers, raw)
    assert all(headers.get("x-baimuras-event") == "lead.created" for headers, _raw in recorder.deliveries())
