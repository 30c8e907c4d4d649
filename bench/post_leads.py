"""Benchmark: latency of POST /api/leads under gunicorn with 0, 1 and 5 webhook subscribers.

Run: .venv/bin/python bench/post_leads.py [--requests 300] [--warmup 20] [--workers 2]
Serves the project the embedded way (SQLite in a temp dir, local settings, in-process relay
threads) under gunicorn, with a tiny local subscriber server, and sends sequential inquiries. The
request path must not grow with the number of subscribers: deliveries happen after the answer.
Prints figures, asserts nothing."""

import argparse
import http.client
import json
import os
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


class Subscriber(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self):
        self.count = 0
        self.lock = threading.Lock()
        super().__init__(("127.0.0.1", 0), _Handler)


class _Handler(BaseHTTPRequestHandler):
    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        with self.server.lock:
            self.server.count += 1
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def manage(env: dict[str, str], *args: str) -> None:
    subprocess.run([sys.executable, "manage.py", *args], cwd=BASE_DIR, env=env, check=True, timeout=300)  # noqa: S603


def post_lead(port: int, n: int) -> tuple[int, float]:
    body = json.dumps({"name": f"Клиент {n}", "email": f"bench{n}@example.com"}, ensure_ascii=False).encode()
    started = time.perf_counter()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        conn.request("POST", "/api/leads", body=body, headers={"Content-Type": "application/json"})
        response = conn.getresponse()
        response.read()
    finally:
        conn.close()
    return response.status, (time.perf_counter() - started) * 1000


def wait_for(predicate, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.2)
    return predicate()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--warmup", type=int, default=20)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--subscribers", default="0,1,5", help="comma-separated subscriber counts, ascending")
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="bm-bench-leads-"))
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(workdir),
        "LANG": "C.UTF-8",
        "DJANGO_SETTINGS_MODULE": "baimuras.settings.local",
        "DJANGO_READ_DOT_ENV_FILE": "false",
        "DATABASE_URL": f"sqlite:///{workdir / 'db.sqlite3'}",
        "DJANGO_DEBUG": "false",
        "DJANGO_LOG_LEVEL": "WARNING",
        "EMAIL_URL": f"filemail:///{workdir / 'mail'}",  # four slashes: an absolute path
        "DJANGO_MEDIA_ROOT": str(workdir / "media"),
        "OUTBOX_RELAY": "thread",
        "WEBHOOKS_ALLOW_PRIVATE_TARGETS": "true",
        "RATELIMIT_ANON": "1000000/h",
        "RATELIMIT_CREATE": "1000000/h",
        "RATELIMIT_FORMS": "1000000/h",
    }
    manage(env, "migrate", "--noinput", "-v0")
    superuser = {
        "DJANGO_SUPERUSER_EMAIL": "bench-manager@example.com",
        "DJANGO_SUPERUSER_PASSWORD": "Bench-" + secrets.token_hex(8),
        "DJANGO_SUPERUSER_NAME": "Bench",
    }
    manage({**env, **superuser}, "createsuperuser", "--noinput")

    subscriber = Subscriber()
    threading.Thread(target=subscriber.serve_forever, daemon=True).start()
    hook_url = f"http://127.0.0.1:{subscriber.server_address[1]}/hook"

    port = free_port()
    log = open(workdir / "gunicorn.log", "ab")  # noqa: SIM115 - closed below
    web = subprocess.Popen(  # noqa: S603
        [str(BIN / "gunicorn"), "baimuras.wsgi", "-w", str(args.workers), "-b", f"127.0.0.1:{port}"],
        cwd=BASE_DIR,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    rows = []
    try:

        def healthy() -> bool:
            try:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
                conn.request("GET", "/health")
                return conn.getresponse().status == 200
            except OSError:
                return False

        if not wait_for(healthy, 90):
            sys.exit(f"gunicorn did not start; see {workdir / 'gunicorn.log'}")
        subscriptions = 0
        n = 0
        for wanted in (int(x) for x in args.subscribers.split(",")):
            if wanted > subscriptions:
                manage(
                    env,
                    "shell",
                    "-c",
                    "from apps.webhooks.services import subscription_create\n"
                    f"for _ in range({wanted - subscriptions}):\n"
                    f"    subscription_create(url={hook_url!r}, events=['lead.created'], secret='bench')",
                )
                subscriptions = wanted
            for _ in range(args.warmup):
                n += 1
                post_lead(port, n)
            time.sleep(1)
            before = subscriber.count
            timings, errors = [], 0
            for _ in range(args.requests):
                n += 1
                status, ms = post_lead(port, n)
                errors += status != 201
                timings.append(ms)
            expected = before + wanted * args.requests
            wait_for(lambda expected=expected: subscriber.count >= expected, 120)
            delivered = subscriber.count - before
            timings.sort()
            p95 = timings[max(int(len(timings) * 0.95) - 1, 0)]
            rows.append((wanted, len(timings), errors, statistics.median(timings), p95, timings[-1], delivered))
    finally:
        web.terminate()
        try:
            web.wait(timeout=15)
        except subprocess.TimeoutExpired:
            web.kill()
        log.close()
        subscriber.shutdown()

    print(f"gunicorn -w {args.workers}, SQLite, OUTBOX_RELAY=thread; sequential POST /api/leads ({workdir})")
    header = ("subscribers", "requests", "non-201", "p50 ms", "p95 ms", "max ms", "delivered")
    print("{:>11} {:>8} {:>7} {:>8} {:>8} {:>8} {:>11}".format(*header))
    for subs, count, errors, p50, p95, worst, delivered in rows:
        shipped = f"{delivered}/{subs * count}"
        print(f"{subs:>11} {count:>8} {errors:>7} {p50:>8.1f} {p95:>8.1f} {worst:>8.1f} {shipped:>11}")


if __name__ == "__main__":
    main()
