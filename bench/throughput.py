"""Benchmark: throughput of the hot paths as a ratio to the framework floor (issue 13).

Run: .venv/bin/python bench/throughput.py [--leads 5000] [--pairs 3] [--duration 8] [--workers 2]
     DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python bench/throughput.py

Serves the project under gunicorn with production settings (DEBUG off, whitenoise, the Redis cache
and rate limits on, JSON request log) on a throwaway database: SQLite in a temp dir, or, when
DATABASE_URL names a PostgreSQL server, a new database created there and dropped at the end. The
floor (../shared/bench/floor.py, a bare Django JSON view) is served beside it by gunicorn with the
same worker count. Each endpoint is loaded with wrk (2 threads, 16 connections) A B A B: floor,
endpoint, floor, endpoint..., and the ratio of each pair is taken; the table prints the medians.
Then: the admin leads changelist and the board with 100,000 leads (server time of one request at a
time), and a worker's resident memory after the first 100 and after 10,000 mixed requests.
With --celery-worker a Celery worker (one process) runs beside them, as in production, and drains
the outbox while the inquiries are posted; the POST row then also says how many messages were
published for how many events, and how long the worker took to process the last one.

Rate limits stay on, raised so that the load does not hit them (the bench measures their cost, not
their refusals). Installs wrk with apt where it is missing. Prints figures, asserts nothing."""

import argparse
import http.client
import json
import os
import re
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlparse

BASE_DIR = Path(__file__).resolve().parent.parent
FLOOR_DIR = (BASE_DIR / ".." / "shared" / "bench").resolve()
BIN = Path(sys.executable).parent
HOST = "bench.baimuras.local"
BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36"

POST_LUA = r"""
local counter = 0
local threads = {}
function setup(thread)
  thread:set("id", #threads + 1)
  table.insert(threads, thread)
end
function init(args)
  bad = 0
  statuses = {}
end
request = function()
  counter = counter + 1
  local body = string.format(
    '{"name":"Бенч %d-%d","email":"bench-%d-%d-%s@example.com","phone":"","source":"website",' ..
    '"service_interest":"kitchen_design","notes":"wrk"}', id, counter, id, counter, RUN)
  return wrk.format("POST", PATH, HEADERS, body)
end
response = function(status, headers, body)
  if status < 200 or status > 299 then
    bad = bad + 1
    statuses[status] = (statuses[status] or 0) + 1
  end
end
function done(summary, latency, requests)
  local total = 0
  local detail = {}
  for _, thread in ipairs(threads) do
    total = total + thread:get("bad")
    local s = thread:get("statuses")
    for code, n in pairs(s) do detail[code] = (detail[code] or 0) + n end
  end
  local parts = {}
  for code, n in pairs(detail) do table.insert(parts, code .. "=" .. n) end
  io.write(string.format("NON2XX %d %s\n", total, table.concat(parts, ",")))
end
"""

GET_LUA = r"""
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) bad = 0 end
response = function(status, headers, body)
  if status < 200 or status > 299 then bad = bad + 1 end
end
function done(summary, latency, requests)
  local total = 0
  for _, thread in ipairs(threads) do total = total + thread:get("bad") end
  io.write(string.format("NON2XX %d\n", total))
end
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def ensure_tool(name: str) -> str:
    """The path of the program `name` (wrk, valgrind), installed with apt-get where it is missing."""
    path = shutil.which(name)
    if path:
        return path
    print(f"installing {name} with apt-get ...", flush=True)
    subprocess.run(["apt-get", "install", "-y", "-qq", name], check=False, capture_output=True)  # noqa: S603, S607
    path = shutil.which(name)
    if not path:
        subprocess.run(["apt-get", "update", "-qq"], check=False, capture_output=True)  # noqa: S607
        subprocess.run(["apt-get", "install", "-y", "-qq", name], check=True, capture_output=True)  # noqa: S603, S607
        path = shutil.which(name)
    return path


def project_env(workdir: str, database_url: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="baimuras.settings.production",
        DJANGO_SECRET_KEY="bench-" + secrets.token_hex(32),
        DJANGO_ALLOWED_HOSTS=f"{HOST},127.0.0.1",
        DJANGO_SECURE_SSL_REDIRECT="false",
        DATABASE_URL=database_url,
        REDIS_URL=os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/9"),
        EMAIL_URL="consolemail://",
        N8N_WEBHOOK_SECRET=secrets.token_hex(24),
        DJANGO_MEDIA_ROOT=f"{workdir}/media",
        SITE_URL=f"https://{HOST}",
        # On, and high enough that the load measures the counters, not the 429s.
        RATELIMIT_ANON="100000000/h",
        RATELIMIT_USER="100000000/h",
        RATELIMIT_ADMIN="100000000/h",
        RATELIMIT_CREATE="100000000/h",
        RATELIMIT_FORMS="100000000/h",
    )
    return env


SEED = r"""
import json, os, random, datetime
from django.utils import timezone
from apps.accounts import services as accounts
from apps.accounts.models import Role, User
from apps.leads.models import Lead, LeadStatus

n = int(os.environ["BENCH_LEADS"])
password = os.environ["BENCH_PASSWORD"]
if not User.objects.filter(email="bench@example.com").exists():
    accounts.user_create(email="bench@example.com", name="Bench", password=password, role=Role.ADMIN)
have = Lead.objects.count()
statuses = [s for s, _ in LeadStatus.choices]
now = timezone.now()
batch = []
for i in range(have, n):
    batch.append(Lead(name=f"Лид {i}", email=f"lead{i}@example.com", phone=f"+7777{i:07d}", source="website",
                      status=statuses[i % len(statuses)], service_interest="kitchen_design"))
    if len(batch) == 5000:
        Lead.objects.bulk_create(batch); batch = []
Lead.objects.bulk_create(batch)
tokens = accounts.auth_login(email="bench@example.com", password=password)
print("TOKEN " + tokens["access_token"])
"""


def manage(env, *args, capture=False, cwd=BASE_DIR):
    return subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", *args],
        cwd=cwd,
        env=env,
        check=True,
        timeout=1800,
        capture_output=capture,
        text=True,
    )


def seed(env, leads: int, password: str, cwd=BASE_DIR) -> str:
    out = manage(
        {**env, "BENCH_LEADS": str(leads), "BENCH_PASSWORD": password}, "shell", "-c", SEED, capture=True, cwd=cwd
    ).stdout
    return re.search(r"^TOKEN (\S+)$", out, re.M).group(1)


def prepare(env, cwd=BASE_DIR) -> None:
    """A new database made ready to serve: migrated, static files collected, the demo content."""
    manage(env, "migrate", "--noinput", capture=True, cwd=cwd)
    manage(env, "collectstatic", "--noinput", capture=True, cwd=cwd)
    manage(env, "load_demo", capture=True, cwd=cwd)


def is_postgres(url: str) -> bool:
    return url.startswith(("postgres://", "postgresql://"))


def create_database(base_url: str, name: str = "") -> str:
    """A new database `name` (made up when not given) on the PostgreSQL server of `base_url`; its URL."""
    name = name or f"bench_{secrets.token_hex(4)}"
    subprocess.run(["psql", base_url, "-qc", f"CREATE DATABASE {name}"], check=True)  # noqa: S603, S607
    return urlparse(base_url)._replace(path=f"/{name}").geturl()


def drop_database(base_url: str, database_url: str) -> None:
    name = urlparse(database_url).path.lstrip("/")
    subprocess.run(["psql", base_url, "-qc", f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"], check=False)  # noqa: S603, S607


def stop(procs) -> None:
    for proc in procs:
        proc.terminate()
    for proc in procs:
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            proc.kill()


OUTBOX_FIGURES = r"""
import json
from apps.core.models import Event
drains = Event.objects.exclude(dispatched_at=None).values("dispatched_at").distinct().count()
print("FIGURES " + json.dumps({"events": Event.objects.count(), "pending": Event.objects.pending().count(),
                               "drains": drains}))
"""


def outbox_figures(env) -> dict:
    """Events written, still pending, and handed on by distinct drains (a drain marks its batch
    with one time); the broker's LPUSH count; when."""
    import redis

    out = manage(env, "shell", "-c", OUTBOX_FIGURES, capture=True).stdout
    figures = json.loads(re.search(r"^FIGURES (.+)$", out, re.M).group(1))
    broker = redis.Redis.from_url(env.get("CELERY_BROKER_URL") or env["REDIS_URL"])
    figures["pushes"] = int(broker.info("commandstats").get("cmdstat_lpush", {}).get("calls", 0))
    figures["at"] = time.monotonic()
    return figures


def outbox_report(env, before: dict, *, wait: bool) -> str:
    """What the POST runs did to the outbox: events written, messages pushed to the broker (by the
    web processes and, with a worker, by its drains), drains, and with a worker how long until
    none was pending."""
    after = outbox_figures(env)
    waited = ""
    if wait:
        deadline = time.monotonic() + 300
        while after["pending"] and time.monotonic() < deadline:
            time.sleep(1)
            after = outbox_figures(env)
        waited = f", {after['pending']} pending {time.monotonic() - before['at']:.0f} s after the first run began"
    return (
        f"{after['events'] - before['events']:,} events written, {after['pushes'] - before['pushes']:,} "
        f"messages pushed to the broker, {after['drains'] - before['drains']:,} drains{waited}"
    )


def wait_ready(port: int, path: str, host: str) -> None:
    for _ in range(300):
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", path, headers={"Host": host})
            conn.getresponse().read()
            return
        except OSError:
            time.sleep(0.1)
    raise SystemExit(f"server on {port} did not start")


def gunicorn(args, env, cwd, log) -> subprocess.Popen:
    return subprocess.Popen(  # noqa: S603
        [str(BIN / "gunicorn"), *args],
        cwd=cwd,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def run_wrk(wrk, url, *, headers, lua, duration, threads=2, connections=16, extra_env=None) -> tuple[float, str]:
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(lua)
    cmd = [wrk, "-t", str(threads), "-c", str(connections), "-d", f"{duration}s", "-s", script.name]
    for name, value in headers.items():
        cmd += ["-H", f"{name}: {value}"]
    cmd.append(url)
    out = subprocess.run(cmd, capture_output=True, text=True, check=True, env={**os.environ, **(extra_env or {})})  # noqa: S603
    os.unlink(script.name)
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out.stdout).group(1))
    bad = re.search(r"NON2XX (\d+)(.*)", out.stdout)
    return rps, (bad.group(1) + bad.group(2)).strip() if bad else "?"


def lua_post(path: str, headers: dict) -> str:
    header_table = "{" + ",".join(f'["{k}"]="{v}"' for k, v in headers.items()) + "}"
    return f'PATH = "{path}"\nHEADERS = {header_table}\nRUN = "{secrets.token_hex(3)}"\n' + POST_LUA


def timed_get(port, path, headers, repeat=7) -> float:
    times = []
    for _ in range(repeat):
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        start = time.perf_counter()
        conn.request("GET", path, headers=headers)
        response = conn.getresponse()
        response.read()
        times.append((time.perf_counter() - start) * 1000)
        if response.status != 200:
            raise SystemExit(f"{path}: HTTP {response.status}")
    return statistics.median(times[1:])


def admin_cookie(port, env, password) -> str:
    """Logs in at /admin/login/ like a browser and returns the Cookie header of the session."""

    def request(method, path, body=None, cookie=""):
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        headers = {
            "Host": HOST,
            "X-Forwarded-Proto": "https",
            "Cookie": cookie,
            "Referer": f"https://{HOST}/admin/login/",
        }
        if body:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        return response, response.read().decode("utf-8", "replace")

    response, page = request("GET", "/admin/login/")
    cookies = {}
    for header, value in response.getheaders():
        if header.lower() == "set-cookie":
            name, _, rest = value.partition("=")
            cookies[name] = rest.split(";")[0]
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    cookie = "; ".join(f"{k}={v}" for k, v in cookies.items())
    from urllib.parse import urlencode

    response, _ = request(
        "POST",
        "/admin/login/",
        urlencode(
            {"csrfmiddlewaretoken": token, "username": "bench@example.com", "password": password, "next": "/admin/"}
        ),
        cookie,
    )
    for header, value in response.getheaders():
        if header.lower() == "set-cookie":
            name, _, rest = value.partition("=")
            cookies[name] = rest.split(";")[0]
    if "sessionid" not in cookies:
        raise SystemExit(f"admin login failed: HTTP {response.status}")
    return "; ".join(f"{k}={v}" for k, v in cookies.items())


def worker_rss(master_pid: int) -> list[float]:
    import psutil

    return sorted(child.memory_info().rss / 2**20 for child in psutil.Process(master_pid).children())


def mixed_requests(port, count, paths, headers) -> None:
    done = 0
    lock = threading.Lock()

    def loop():
        nonlocal done
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        while True:
            with lock:
                if done >= count:
                    return
                i = done
                done += 1
            path, extra = paths[i % len(paths)]
            try:
                conn.request("GET", path, headers={**headers, **extra})
                conn.getresponse().read()
            except (OSError, http.client.HTTPException):
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)

    threads = [threading.Thread(target=loop) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--leads", type=int, default=5000)
    parser.add_argument("--pairs", type=int, default=3)
    parser.add_argument("--duration", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--only", default="", help="comma-separated endpoint labels (leads,home,pages,portfolio,post)")
    parser.add_argument("--skip-admin", action="store_true", help="skip the 100,000-lead changelist timing")
    parser.add_argument("--skip-memory", action="store_true")
    parser.add_argument("--keep", action="store_true", help="keep the temp dir (database, gunicorn.log)")
    parser.add_argument("--celery-worker", action="store_true", help="run a Celery worker beside the project")
    args = parser.parse_args()

    wrk = ensure_tool("wrk")
    workdir = tempfile.mkdtemp(prefix="bm-throughput-")
    base_url = os.environ.get("DATABASE_URL", "")
    if is_postgres(base_url):
        database_url = create_database(base_url)
        engine = "PostgreSQL"
    else:
        database_url = f"sqlite:///{workdir}/bench.sqlite3"
        engine = "SQLite"
    env = project_env(workdir, database_url)
    password = "Bench-" + secrets.token_hex(8)
    procs = []
    try:
        print(f"setting up ({engine}, {args.leads} leads) ...", flush=True)
        prepare(env)
        token = seed(env, args.leads, password)

        project_port, floor_port = free_port(), free_port()
        log = open(f"{workdir}/gunicorn.log", "w")  # noqa: SIM115
        common = ["-w", str(args.workers), "--worker-class", "sync", "--log-level", "warning", "--backlog", "2048"]
        project = gunicorn(
            ["baimuras.wsgi:application", "-b", f"127.0.0.1:{project_port}", *common], env, BASE_DIR, log
        )
        floor_env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO")}
        floor = gunicorn(["floor:application", "-b", f"127.0.0.1:{floor_port}", *common], floor_env, FLOOR_DIR, log)
        procs = [project, floor]
        if args.celery_worker:
            procs.append(
                subprocess.Popen(  # noqa: S603
                    [str(BIN / "celery"), "-A", "baimuras", "worker", "--concurrency=1", "--pool=solo", "-l", "ERROR"],
                    cwd=BASE_DIR,
                    env=env,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                    start_new_session=True,
                )
            )
        wait_ready(project_port, "/health", HOST)
        wait_ready(floor_port, "/floor", "127.0.0.1")

        # A browser's User-Agent: the page views are counted, as a visitor's are.
        site = {"Host": HOST, "X-Forwarded-Proto": "https", "User-Agent": BROWSER}
        jwt = {**site, "Authorization": f"Bearer {token}"}
        endpoints = [
            ("leads", "GET /api/v1/leads?per_page=20 (JWT)", "/api/v1/leads?per_page=20", jwt, None),
            ("home", "GET / (anonymous, ru)", "/", {**site, "Accept-Language": "ru"}, None),
            ("home", "GET /?lang=kk (anonymous)", "/?lang=kk", site, None),
            ("home", "GET /?lang=ky (anonymous)", "/?lang=ky", site, None),
            ("pages", "GET /portfolio (anonymous, ru)", "/portfolio", {**site, "Accept-Language": "ru"}, None),
            ("pages", "GET /services (anonymous, ru)", "/services", {**site, "Accept-Language": "ru"}, None),
            ("portfolio", "GET /api/v1/portfolio/projects (anonymous)", "/api/v1/portfolio/projects", site, None),
            ("post", "POST /api/v1/leads (JWT)", "/api/v1/leads", {**jwt, "Content-Type": "application/json"}, "post"),
        ]
        only = {label for label in args.only.split(",") if label}
        # Warm both servers (imports, caches, connections) before the first pair.
        for _label, _title, path, headers, kind in endpoints:
            if kind is None:
                run_wrk(wrk, f"http://127.0.0.1:{project_port}{path}", headers=headers, lua=GET_LUA, duration=1)
        run_wrk(wrk, f"http://127.0.0.1:{floor_port}/floor", headers={}, lua=GET_LUA, duration=1)

        rows = []
        for label, title, path, headers, kind in endpoints:
            if only and label not in only:
                continue
            pairs = []
            bad_total = []
            before = outbox_figures(env) if kind == "post" else None
            for _ in range(args.pairs):
                floor_rps, _ = run_wrk(
                    wrk, f"http://127.0.0.1:{floor_port}/floor", headers={}, lua=GET_LUA, duration=args.duration
                )
                lua = lua_post(path, headers) if kind == "post" else GET_LUA
                rps, bad = run_wrk(
                    wrk,
                    f"http://127.0.0.1:{project_port}{path}",
                    headers={} if kind == "post" else headers,
                    lua=lua,
                    duration=args.duration,
                )
                pairs.append((floor_rps, rps, rps / floor_rps))
                bad_total.append(bad)
            median = sorted(pairs, key=lambda p: p[2])[len(pairs) // 2]
            rows.append((title, median, bad_total, [p[2] for p in pairs]))
            print(f"  {title}: ratios {', '.join(f'{p[2]:.3f}' for p in pairs)}; non-2xx {bad_total}", flush=True)
            if before is not None:
                print(f"  outbox: {outbox_report(env, before, wait=args.celery_worker)}", flush=True)

        print(
            f"\n{engine}, {args.leads} leads, gunicorn {args.workers} sync workers, wrk 2x16, "
            f"{args.duration}s runs, median of {args.pairs} A B pairs; load {os.getloadavg()[0]:.1f}"
        )
        print("| endpoint | floor req/s | endpoint req/s | ratio | non-2xx per run |")
        print("|---|---|---|---|---|")
        for title, (floor_rps, rps, ratio), bad, _ in rows:
            print(f"| `{title}` | {floor_rps:,.0f} | {rps:,.0f} | {ratio:.3f} | {' / '.join(bad)} |")

        if not args.skip_memory:
            paths = [
                ("/", {"Accept-Language": "ru"}),
                ("/?lang=kk", {}),
                ("/portfolio", {}),
                ("/services", {}),
                ("/api/v1/portfolio/projects", {}),
                ("/api/v1/leads?per_page=20", {"Authorization": f"Bearer {token}"}),
                ("/api/v1/leads?per_page=5&page=3", {"Authorization": f"Bearer {token}"}),
                ("/about", {}),
            ]
            # A fresh pair of workers: restart the project's gunicorn.
            project.terminate()
            project.wait(30)
            project = gunicorn(
                ["baimuras.wsgi:application", "-b", f"127.0.0.1:{project_port}", *common], env, BASE_DIR, log
            )
            procs[0] = project
            wait_ready(project_port, "/health", HOST)
            mixed_requests(project_port, 100, paths, site)
            first = worker_rss(project.pid)
            mixed_requests(project_port, 10_000, paths, site)
            after = worker_rss(project.pid)
            print(
                f"\nworker RSS after 100 requests: {', '.join(f'{m:.1f}' for m in first)} MiB; after 10,100: "
                f"{', '.join(f'{m:.1f}' for m in after)} MiB; growth "
                f"{(sum(after) / sum(first) - 1) * 100:+.1f}%"
            )

        if not args.skip_admin:
            print("\nadding leads up to 100,000 for the changelist ...", flush=True)
            seed(env, 100_000, password)
            if is_postgres(base_url):  # as autovacuum would soon after a bulk load: the planner needs the statistics
                subprocess.run(["psql", database_url, "-qc", "ANALYZE"], check=True)  # noqa: S603, S607
            cookie = admin_cookie(project_port, env, password)
            admin_headers = {**site, "Cookie": cookie, "Accept-Language": "ru"}
            for path in [
                "/admin/leads/lead/",
                "/admin/leads/lead/?status__exact=new",
                "/admin/leads/lead/?q=%2B77770001234",
                "/admin/crm/board/leads/",
                "/admin/crm/board/projects/",
            ]:
                print(f"  {path}: {timed_get(project_port, path, admin_headers):.0f} ms (median of 6, 100,000 leads)")
    finally:
        stop(procs)
        if is_postgres(base_url):
            drop_database(base_url, database_url)
        if args.keep:
            print(f"kept {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)
        print(json.dumps({"done": True}))


if __name__ == "__main__":
    main()
