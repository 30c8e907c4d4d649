"""Many visitors at once against real server processes: every inquiry becomes exactly one lead and
one email to the managers. The embedded default (SQLite, in-process relay threads) is run under
gunicorn with two sync workers (two processes writing one SQLite file, the hardest case) and under
`runserver` (threads, what `make run` serves); the PostgreSQL variant runs gunicorn against a fresh
database created for the test.

The helpers here are shared with test_outage.py."""

import contextlib
import email
import http.client
import json
import os
import re
import secrets
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlencode

import pytest
from django.conf import settings

BASE_DIR = Path(settings.BASE_DIR)
BIN = Path(sys.executable).parent
REQUESTS = 30
MANAGER_EMAIL = "manager.concurrency@example.com"
MANAGER_PASSWORD = "Concurrency-" + secrets.token_hex(8)
# The lead's id in the new-lead email ("Open in the CRM: …/admin/leads/lead/<id>/change/").
LEAD_LINK = re.compile(r"/admin/leads/lead/(\d+)/change/")


# --- Processes ---------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def server_env(tmp: Path, database_url: str, **extra: str) -> dict[str, str]:
    """A clean environment: nothing inherited but PATH (CI exports REDIS_URL, CELERY_* and
    DATABASE_URL for its own pass; none of them may leak into these processes)."""
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(tmp),
        "LANG": "C.UTF-8",
        "PYTHONUNBUFFERED": "1",
        "DJANGO_SETTINGS_MODULE": "baimuras.settings.local",
        "DJANGO_READ_DOT_ENV_FILE": "false",
        "DATABASE_URL": database_url,
        "DJANGO_DEBUG": "false",
        # Four slashes: django-environ drops the first slash of the path ("filemail:///tmp/x" is "tmp/x").
        "EMAIL_URL": f"filemail:///{tmp / 'mail'}",
        "DJANGO_MEDIA_ROOT": str(tmp / "media"),
        "DJANGO_LOG_LEVEL": "WARNING",
        # 30+ inquiries from one IP within a minute must not be rate-limited.
        "RATELIMIT_ANON": "100000/h",
        "RATELIMIT_USER": "100000/h",
        "RATELIMIT_CREATE": "100000/h",
        "RATELIMIT_FORMS": "100000/h",
        "RATELIMIT_LOGIN": "100000/h",
    }
    env.update(extra)
    return env


def manage(env: dict[str, str], *args: str, timeout: float = 240) -> subprocess.CompletedProcess:
    result = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    assert result.returncode == 0, f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}"
    return result


def prepare_database(env: dict[str, str]) -> None:
    """Migrate, and make a manager (superusers are admins, who get the new-lead emails)."""
    manage(env, "migrate", "--noinput", "-v0")
    manage(
        {
            **env,
            "DJANGO_SUPERUSER_EMAIL": MANAGER_EMAIL,
            "DJANGO_SUPERUSER_PASSWORD": MANAGER_PASSWORD,
            "DJANGO_SUPERUSER_NAME": "Менеджер",
        },
        "createsuperuser",
        "--noinput",
    )


class Server:
    """A background process whose output goes to a log file (read back on failure)."""

    def __init__(self, name: str, command: list[str], env: dict[str, str], log_dir: Path):
        self.name = name
        self.log_path = log_dir / f"{name}.log"
        self._log = open(self.log_path, "ab")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(  # noqa: S603
            command, cwd=BASE_DIR, env=env, stdout=self._log, stderr=subprocess.STDOUT, start_new_session=True
        )

    def alive(self) -> bool:
        return self.process.poll() is None

    def stop(self, timeout: float = 15) -> None:
        if self.alive():
            self.process.terminate()
            try:
                self.process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=timeout)
        # gunicorn's workers (and celery's) are its children: they share its process group.
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.process.pid, 9)
        self._log.close()

    def log(self) -> str:
        try:
            return self.log_path.read_text(errors="replace")[-20000:]
        except OSError:
            return ""


def gunicorn(env: dict[str, str], port: int, log_dir: Path, *, workers: int = 2) -> Server:
    command = [str(BIN / "gunicorn"), "baimuras.wsgi", "-w", str(workers), "-b", f"127.0.0.1:{port}"]
    return Server("gunicorn", [*command, "--timeout", "60", "--graceful-timeout", "5"], env, log_dir)


def runserver(env: dict[str, str], port: int, log_dir: Path) -> Server:
    return Server(
        "runserver", [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"], env, log_dir
    )


def wait_until(predicate, *, timeout: float, interval: float = 0.25, what: str = "condition"):
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout:.0f}s waiting for {what}")
        time.sleep(interval)


def wait_for_health(port: int, server: Server, *, timeout: float = 90) -> dict:
    def ready():
        assert server.alive(), f"{server.name} exited:\n{server.log()}"
        try:
            status, _headers, body = request("GET", port, "/health", timeout=5)
        except OSError:
            return None
        return json.loads(body) if status == 200 else None

    return wait_until(ready, timeout=timeout, what=f"{server.name} /health")


# --- HTTP --------------------------------------------------------------------------------------


def request(
    method: str,
    port: int,
    path: str,
    *,
    body: bytes | None = None,
    headers: dict[str, str] | None = None,
    timeout: float = 60,
) -> tuple[int, dict[str, str], bytes]:
    """One request, no redirects followed: (status, headers, body)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        response = conn.getresponse()
        data = response.read()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, data
    finally:
        conn.close()


def post_json(port: int, path: str, payload: dict, *, timeout: float = 60) -> tuple[int, dict[str, str], bytes]:
    body = json.dumps(payload, ensure_ascii=False).encode()
    headers = {"Content-Type": "application/json; charset=utf-8", "Accept": "application/json"}
    return request("POST", port, path, body=body, headers=headers, timeout=timeout)


def lead_payload(n: int, prefix: str = "c") -> dict:
    return {"name": f"Клиент {n}", "email": f"{prefix}{n}@example.com", "phone": f"+7701{n:07d}"}


def admin_login(port: int, email_address: str, password: str) -> tuple[int, int, dict[str, str]]:
    """GET /admin/login/, then POST the form with its CSRF token: (GET status, POST status, POST headers)."""
    get_status, headers, page = request("GET", port, "/admin/login/", timeout=30)
    cookies = {}
    for part in headers.get("set-cookie", "").split(","):
        name, _, value = part.strip().split(";")[0].partition("=")
        if name:
            cookies[name] = value
    match = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert match, page[:2000]
    form = urlencode(
        {
            "csrfmiddlewaretoken": match.group(1).decode(),
            "username": email_address,
            "password": password,
            "next": "/admin/",
        }
    ).encode()
    post_status, post_headers, _body = request(
        "POST",
        port,
        "/admin/login/",
        body=form,
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": f"csrftoken={cookies.get('csrftoken', '')}",
            "Referer": f"http://127.0.0.1:{port}/admin/login/",
        },
        timeout=30,
    )
    return get_status, post_status, post_headers


# --- What the processes wrote ------------------------------------------------------------------


def mail_messages(mail_dir: Path) -> list[email.message.Message]:
    """Every message the file backend wrote. Counted by message, not by file: the backend names a
    file by the second and the connection object's id(), so two emails in one second may share a
    file (it appends)."""
    messages = []
    if not mail_dir.exists():
        return messages
    separator = b"\n" + b"-" * 79 + b"\n"
    for path in sorted(mail_dir.iterdir()):
        for chunk in path.read_bytes().split(separator):
            if chunk.strip():
                messages.append(email.message_from_bytes(chunk))
    return messages


def message_text(message: email.message.Message) -> str:
    parts = message.walk() if message.is_multipart() else [message]
    texts = []
    for part in parts:
        if part.get_content_type() == "text/plain":
            payload = part.get_payload(decode=True) or b""
            texts.append(payload.decode(part.get_content_charset() or "utf-8", "replace"))
    return "\n".join(texts)


def new_lead_emails(mail_dir: Path) -> dict[int, int]:
    """{lead id: how many new-lead emails name it}."""
    counts: dict[int, int] = {}
    for message in mail_messages(mail_dir):
        for lead_id in set(LEAD_LINK.findall(message_text(message))):
            counts[int(lead_id)] = counts.get(int(lead_id), 0) + 1
    return counts


def sqlite_count(path: Path, table: str) -> int:
    with contextlib.closing(sqlite3.connect(path, timeout=30)) as conn:
        return conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]  # noqa: S608 - a fixed table name


# --- PostgreSQL --------------------------------------------------------------------------------


@contextlib.contextmanager
def fresh_postgres_database(prefix: str):
    """A new, empty database on the server of settings.DATABASES (dropped afterwards): its URL."""
    import psycopg

    config = settings.DATABASES["default"]
    name = f"{prefix}_{secrets.token_hex(4)}"
    params = {
        "host": config.get("HOST") or "127.0.0.1",
        "port": int(config.get("PORT") or 5432),
        "user": config.get("USER") or "postgres",
        "dbname": "postgres",
        "autocommit": True,
        "connect_timeout": 10,
    }
    if config.get("PASSWORD"):
        params["password"] = config["PASSWORD"]
    with psycopg.connect(**params) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    auth = params["user"] + (f":{params['password']}" if params.get("password") else "")
    try:
        yield f"postgres://{auth}@{params['host']}:{params['port']}/{name}"
    finally:
        with psycopg.connect(**params) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def postgres_count(database_url: str, table: str) -> int:
    import psycopg

    with psycopg.connect(database_url.replace("postgres://", "postgresql://", 1), connect_timeout=10) as conn:
        return conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]  # noqa: S608 - a fixed table name


# --- The scenario ------------------------------------------------------------------------------


def post_leads_at_once(port: int, count: int = REQUESTS) -> list[tuple[int, dict[str, str], bytes]]:
    """`count` anonymous POST /api/leads released together by a barrier."""
    barrier = threading.Barrier(count, timeout=60)

    def send(n: int):
        barrier.wait()
        return post_json(port, "/api/leads", lead_payload(n), timeout=120)

    with ThreadPoolExecutor(max_workers=count) as pool:
        return list(pool.map(send, range(1, count + 1), timeout=180))


def assert_all_created(answers) -> list[int]:
    ids = []
    for status, headers, body in answers:
        assert status == 201, (status, body[:500])
        assert headers.get("content-type", "").startswith("application/json"), headers
        data = json.loads(body)
        ids.append(data["data"]["id"] if isinstance(data.get("data"), dict) else data["id"])
    assert len(set(ids)) == len(ids), ids
    return ids


def run_burst(server: Server, port: int, mail_dir: Path, count_leads) -> None:
    try:
        wait_for_health(port, server)
        ids = assert_all_created(post_leads_at_once(port))
        assert count_leads() == REQUESTS
        wait_until(
            lambda: len(new_lead_emails(mail_dir)) >= REQUESTS,
            timeout=30,
            what=f"{REQUESTS} new-lead emails in {mail_dir}",
        )
        time.sleep(1)  # nothing more should arrive
        emails = new_lead_emails(mail_dir)
        assert sorted(emails) == sorted(ids), (sorted(emails), sorted(ids))
        assert set(emails.values()) == {1}, emails
    except BaseException:
        print(f"--- {server.name} log\n{server.log()}")
        print(f"--- new-lead emails by lead id: {new_lead_emails(mail_dir)}")
        raise


@pytest.mark.parametrize("server_kind", ["gunicorn", "runserver"])
def test_simultaneous_inquiries_on_the_embedded_default(tmp_path, server_kind):
    database = tmp_path / "db.sqlite3"
    env = server_env(tmp_path, f"sqlite:///{database}", OUTBOX_RELAY="thread")
    prepare_database(env)
    port = free_port()
    server = (gunicorn if server_kind == "gunicorn" else runserver)(env, port, tmp_path)
    try:
        run_burst(server, port, tmp_path / "mail", lambda: sqlite_count(database, "leads_lead"))
    finally:
        server.stop()


@pytest.mark.postgres
def test_simultaneous_inquiries_on_postgres(tmp_path):
    with fresh_postgres_database("baimuras_concurrency") as database_url:
        env = server_env(tmp_path, database_url, OUTBOX_RELAY="thread")
        prepare_database(env)
        port = free_port()
        server = gunicorn(env, port, tmp_path)
        try:
            run_burst(server, port, tmp_path / "mail", lambda: postgres_count(database_url, "leads_lead"))
        finally:
            server.stop()
