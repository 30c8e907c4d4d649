"""Benchmark helper: where the time of a hot path goes, in process (issue 13).

Run: .venv/bin/python bench/inprocess.py [--only home,leads,portfolio,post] [--requests 2000] [--profile]
     (with DATABASE_URL=postgres://... on a database of its own on that server)

Sets up the same throwaway project as bench/throughput.py (production settings, the Redis cache,
rate limits on, 5,000 leads), then calls each endpoint through Django's WSGI handler without a
network or a server: the figure is the project's own time per request. With --profile, a cProfile
of each endpoint is printed (top functions by own time and by cumulative time). With
--instructions, each endpoint is run under valgrind's cachegrind twice (25 and 25 + --requests
requests) and the difference gives the instructions one request executes in the process: a count
that does not move with the noise of a shared machine, for comparing two versions of the code
(valgrind is installed with apt where it is missing). Prints figures, asserts nothing."""

import argparse
import os
import re
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import throughput

RUNNER = r"""
import cProfile, gc, io, json, os, pstats, sys, time
import django
django.setup()
from django.core.handlers.wsgi import WSGIHandler
from django.db import connections

handler = WSGIHandler()
token = os.environ["BENCH_TOKEN"]
site = {"HTTP_HOST": os.environ["BENCH_HOST"], "HTTP_X_FORWARDED_PROTO": "https",
        "HTTP_USER_AGENT": os.environ["BENCH_UA"], "REMOTE_ADDR": "127.0.0.1"}
jwt = {**site, "HTTP_AUTHORIZATION": f"Bearer {token}"}
counter = [0]


def environ(method, path, headers, body=b""):
    path, _, query = path.partition("?")
    env = {"REQUEST_METHOD": method, "PATH_INFO": path, "QUERY_STRING": query, "SCRIPT_NAME": "",
           "SERVER_NAME": "127.0.0.1", "SERVER_PORT": "80", "SERVER_PROTOCOL": "HTTP/1.1",
           "wsgi.url_scheme": "http", "wsgi.input": io.BytesIO(body), "wsgi.errors": sys.stderr,
           "wsgi.multithread": False, "wsgi.multiprocess": True, "wsgi.run_once": False,
           "CONTENT_LENGTH": str(len(body)), **headers}
    if body:
        env["CONTENT_TYPE"] = "application/json"
    return env


def post_body():
    counter[0] += 1
    return json.dumps({"name": f"Профиль {counter[0]}", "email": f"prof-{counter[0]}-{os.getpid()}@example.com",
                       "phone": "", "source": "website", "service_interest": "kitchen_design",
                       "notes": "inprocess"}).encode()


ENDPOINTS = {
    "home": ("GET", "/", {**site, "HTTP_ACCEPT_LANGUAGE": "ru"}),
    "home-kk": ("GET", "/?lang=kk", site),
    "leads": ("GET", "/api/v1/leads?per_page=20", jwt),
    "portfolio": ("GET", "/api/v1/portfolio/projects", site),
    "post": ("POST", "/api/v1/leads", jwt),
    "version": ("GET", "/api/v1/system/version", site),  # the API stack's own cost: no query, no data
}


statuses = {}


def call(method, path, headers):
    status = []
    body = post_body() if method == "POST" else b""
    result = handler(environ(method, path, headers, body), lambda s, h, exc_info=None: status.append(s))
    b"".join(result)
    result.close()  # what a WSGI server does after the last byte: closers (page views) run here
    statuses[status[0]] = statuses.get(status[0], 0) + 1
    return status[0]


if os.environ.get("BENCH_ONE_RING"):
    # Counting instructions: the outbox doorbell rings (a publish to the broker, dear) once per
    # OUTBOX_DOORBELL_SECONDS of wall time, so under valgrind's slowness a long run would ring more
    # often per request than a short one. Silenced here, it rings once, in the warm-up of each run.
    from django.core.cache import cache
    from apps.core.relay import DOORBELL_KEY
    cache.delete(DOORBELL_KEY)

for name in os.environ["BENCH_ONLY"].split(","):
    method, path, headers = ENDPOINTS[name]
    for _ in range(50):
        status = call(method, path, headers)
    # Every run starts its measured requests from the same collector state: otherwise a full
    # collection (tens of millions of instructions) falls inside one run's requests and not
    # another's, and the instruction counts of the same code differ by a tenth.
    gc.collect()
    n = int(os.environ["BENCH_REQUESTS"])
    # Five rounds: the mean, and the fastest round (the least disturbed by the rest of a shared
    # machine), in wall time and in this process's CPU time.
    walls, cpus = [], []
    for _ in range(5):
        wall, cpu = time.perf_counter(), time.process_time()
        for _ in range(max(n // 5, 1)):
            call(method, path, headers)
        walls.append((time.perf_counter() - wall) / max(n // 5, 1) * 1000)
        cpus.append((time.process_time() - cpu) / max(n // 5, 1) * 1000)
    print(f"STATUSES {json.dumps(statuses)}")
    statuses.clear()
    print(
        f"{name}: {sum(walls) / 5:.3f} ms per request (fastest round {min(walls):.3f}; CPU {sum(cpus) / 5:.3f}, "
        f"fastest {min(cpus):.3f}; status {status}, {n} requests)",
        flush=True,
    )
    if os.environ.get("BENCH_PROFILE"):
        profile = cProfile.Profile()
        profile.enable()
        for _ in range(n):
            call(method, path, headers)
        profile.disable()
        if os.environ.get("BENCH_DUMP"):
            profile.dump_stats(os.environ["BENCH_DUMP"])
        for order in ("tottime", "cumulative"):
            out = io.StringIO()
            pstats.Stats(profile, stream=out).sort_stats(order).print_stats(int(os.environ["BENCH_TOP"]))
            print(out.getvalue())

if os.environ.get("BENCH_ONE_RING"):
    cache.delete(DOORBELL_KEY)  # not left ringing for an hour: bench/throughput.py shares this Redis
"""


def instructions(env: dict[str, str], name: str, requests: int) -> tuple[float, str]:
    """Instructions one request of `name` executes in the process (the database's share too on
    SQLite, which runs in it): cachegrind's count of a run of 25 + `requests` requests less that
    of a run of 25, divided by `requests` (start-up and warm-up cancel out); and the statuses the
    longer run answered (a count of failures is no figure)."""
    valgrind = throughput.ensure_tool("valgrind")
    counts = []
    for n in (25, 25 + requests):
        run = subprocess.run(  # noqa: S603
            [
                valgrind,
                "--tool=cachegrind",
                "--cache-sim=no",
                "--cachegrind-out-file=/dev/null",
                sys.executable,
                "-c",
                RUNNER,
            ],
            cwd=throughput.BASE_DIR,
            env={
                **env,
                "BENCH_ONLY": name,
                "BENCH_REQUESTS": str(n),
                "BENCH_PROFILE": "",
                "BENCH_ONE_RING": "1",
                "OUTBOX_DOORBELL_SECONDS": "3600",
            },
            capture_output=True,
            text=True,
            check=True,
        )
        counts.append(int(re.search(r"I\s+refs:\s+([\d,]+)", run.stderr).group(1).replace(",", "")))
        answered = re.search(r"^STATUSES (.+)$", run.stdout, re.M).group(1)
    return (counts[1] - counts[0]) / requests, answered


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--only", default="home,home-kk,leads,portfolio,post")
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--leads", type=int, default=5000)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--top", type=int, default=35)
    parser.add_argument("--dump", help="also write the cProfile stats to this file (pstats)")
    parser.add_argument("--workdir", help="reuse a set-up directory (kept)")
    parser.add_argument("--instructions", action="store_true", help="count instructions per request (valgrind)")
    args = parser.parse_args()

    workdir = args.workdir or tempfile.mkdtemp(prefix="bm-inprocess-")
    Path(workdir).mkdir(parents=True, exist_ok=True)
    database_url = f"sqlite:///{workdir}/bench.sqlite3"
    base_url = os.environ.get("DATABASE_URL", "")
    if throughput.is_postgres(base_url):
        # A database of its own on that server, its URL kept in the directory (kept with it).
        named = Path(workdir, "database")
        if not named.exists():
            named.write_text(throughput.create_database(base_url, f"inprocess_{secrets.token_hex(4)}"))
        database_url = named.read_text()
    env = throughput.project_env(workdir, database_url)
    env["DJANGO_SECRET_KEY"] = "inprocess-" + "k" * 50  # stable: a kept directory's tokens stay valid
    try:
        if not Path(workdir, "password").exists():
            Path(workdir, "password").write_text("Bench-" + secrets.token_hex(8))
        password = Path(workdir, "password").read_text()
        if not Path(workdir, "token").exists():
            throughput.prepare(env)
            Path(workdir, "token").write_text("")
        token = throughput.seed(env, args.leads, password)  # a fresh token: a kept directory's may have expired
        env.update(
            BENCH_TOKEN=token,
            BENCH_HOST=throughput.HOST,
            BENCH_UA=throughput.BROWSER,
            BENCH_ONLY=args.only,
            BENCH_REQUESTS=str(args.requests),
            BENCH_TOP=str(args.top),
            BENCH_PROFILE="1" if args.profile or args.dump else "",
            BENCH_DUMP=args.dump or "",
        )
        started = time.time()
        if args.instructions:
            for name in args.only.split(","):
                count, answered = instructions(env, name, args.requests)
                print(f"{name}: {count:,.0f} instructions per request (answers {answered})", flush=True)
        else:
            subprocess.run([sys.executable, "-c", RUNNER], cwd=throughput.BASE_DIR, env=env, check=True)  # noqa: S603
        print(f"({time.time() - started:.0f} s)")
    finally:
        if args.workdir:
            print(f"kept {workdir}")
        else:
            if Path(workdir, "database").exists():
                throughput.drop_database(base_url, Path(workdir, "database").read_text())
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
