"""Benchmark: this checkout against another revision, served side by side, in one run.

Run: .venv/bin/python bench/compare.py --rev main~3 [--only post] [--pairs 6] [--duration 8]
     DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python bench/compare.py ...

On a shared machine two runs of bench/throughput.py made minutes apart differ by more than most
single changes do. Here both versions are set up exactly as bench/throughput.py sets up one
(production settings, 5,000 leads, gunicorn with 2 sync workers, wrk 2x16) and served at once
beside the floor, and each pair of runs loads floor, base, floor, this checkout, so that both
ratios of a pair come from the same minute. The base revision is checked out in a temporary git
worktree and runs with this checkout's Python environment (a change of requirements is not
compared). Prints the ratios of each pair and their medians; asserts nothing."""

import argparse
import os
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import throughput


def setup(code: Path, workdir: Path, redis_db: int, password: str, made: list[str]) -> tuple[dict, str]:
    """A database for the version in `code` (its URL added to `made` on PostgreSQL), made ready and
    seeded; its environment and a token."""
    base_url = os.environ.get("DATABASE_URL", "")
    if throughput.is_postgres(base_url):
        database_url = throughput.create_database(base_url)
        made.append(database_url)
    else:
        database_url = f"sqlite:///{workdir}/bench.sqlite3"
    env = throughput.project_env(str(workdir), database_url)
    env["REDIS_URL"] = f"redis://127.0.0.1:6379/{redis_db}"  # each version its own cache
    throughput.prepare(env, cwd=code)
    return env, throughput.seed(env, 5000, password, cwd=code)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rev", required=True, help="the git revision to compare against")
    parser.add_argument("--only", default="post", help="comma-separated: leads,home,portfolio,post")
    parser.add_argument("--pairs", type=int, default=6)
    parser.add_argument("--duration", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()

    wrk = throughput.ensure_tool("wrk")
    root = Path(tempfile.mkdtemp(prefix="bm-compare-"))
    base_code = root / "base"
    subprocess.run(  # noqa: S603
        ["git", "worktree", "add", "--detach", "-f", str(base_code), args.rev],  # noqa: S607
        cwd=throughput.BASE_DIR,
        check=True,
        capture_output=True,
    )
    procs = []
    password = "Bench-" + secrets.token_hex(8)
    versions, databases = {}, []
    try:
        for label, code, redis_db in (("base", base_code, 10), ("this", throughput.BASE_DIR, 11)):
            print(f"setting up {label} ({code}) ...", flush=True)
            (root / f"{label}-data").mkdir()
            env, token = setup(Path(code), root / f"{label}-data", redis_db, password, databases)
            versions[label] = (env, token, code)
        log = open(root / "gunicorn.log", "w")  # noqa: SIM115
        common = ["-w", str(args.workers), "--worker-class", "sync", "--log-level", "warning", "--backlog", "2048"]
        ports = {}
        for label, (env, _token, code) in versions.items():
            ports[label] = throughput.free_port()
            procs.append(
                throughput.gunicorn(
                    ["baimuras.wsgi:application", "-b", f"127.0.0.1:{ports[label]}", *common], env, code, log
                )
            )
        floor_port = throughput.free_port()
        floor_env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO")}
        procs.append(
            throughput.gunicorn(
                ["floor:application", "-b", f"127.0.0.1:{floor_port}", *common], floor_env, throughput.FLOOR_DIR, log
            )
        )
        for label in versions:
            throughput.wait_ready(ports[label], "/health", throughput.HOST)
        throughput.wait_ready(floor_port, "/floor", "127.0.0.1")

        site = {"Host": throughput.HOST, "X-Forwarded-Proto": "https", "User-Agent": throughput.BROWSER}
        endpoints = {
            "leads": ("GET /api/v1/leads?per_page=20 (JWT)", "/api/v1/leads?per_page=20", "jwt", None),
            "home": ("GET / (anonymous, ru)", "/", "ru", None),
            "portfolio": ("GET /api/v1/portfolio/projects (anonymous)", "/api/v1/portfolio/projects", "", None),
            "post": ("POST /api/v1/leads (JWT)", "/api/v1/leads", "jwt", "post"),
        }

        def load(label, path, auth, kind, duration):
            headers = dict(site)
            if auth == "jwt":
                headers["Authorization"] = f"Bearer {versions[label][1]}"
            if auth == "ru":
                headers["Accept-Language"] = "ru"
            url = f"http://127.0.0.1:{ports[label]}{path}"
            if kind == "post":
                headers["Content-Type"] = "application/json"
                return throughput.run_wrk(
                    wrk, url, headers={}, lua=throughput.lua_post(path, headers), duration=duration
                )
            return throughput.run_wrk(wrk, url, headers=headers, lua=throughput.GET_LUA, duration=duration)

        floor_url = f"http://127.0.0.1:{floor_port}/floor"
        for name in args.only.split(","):
            title, path, auth, kind = endpoints[name]
            for label in versions:  # warm each (imports, connections, caches)
                load(label, path, auth, kind, 1)
            ratios = {label: [] for label in versions}
            bad = {label: [] for label in versions}
            for _ in range(args.pairs):
                for label in versions:
                    floor_rps, _ = throughput.run_wrk(
                        wrk, floor_url, headers={}, lua=throughput.GET_LUA, duration=args.duration
                    )
                    rps, non_2xx = load(label, path, auth, kind, args.duration)
                    ratios[label].append(rps / floor_rps)
                    bad[label].append(non_2xx)
            print(f"\n{title}, {args.pairs} pairs of {args.duration}s runs; load {os.getloadavg()[0]:.1f}")
            for label in versions:
                print(
                    f"  {label:>4} ({args.rev if label == 'base' else 'this checkout'}): median "
                    f"{statistics.median(ratios[label]):.3f}; pairs {', '.join(f'{r:.3f}' for r in ratios[label])}; "
                    f"non-2xx {' / '.join(bad[label])}"
                )
            wins = sum(t > b for t, b in zip(ratios["this"], ratios["base"], strict=True))
            print(
                f"  this / base: {statistics.median(ratios['this']) / statistics.median(ratios['base']):.3f} "
                f"(medians); this ahead in {wins} of {args.pairs} pairs"
            )
    finally:
        throughput.stop(procs)
        for database_url in databases:
            throughput.drop_database(os.environ["DATABASE_URL"], database_url)
        subprocess.run(  # noqa: S603
            ["git", "worktree", "remove", "--force", str(base_code)],  # noqa: S607
            cwd=throughput.BASE_DIR,
            check=False,
            capture_output=True,
        )
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
