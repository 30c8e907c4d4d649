"""What `make run` prints: the URLs and the demo admin, and no Celery, broker or doubled lines."""

import io
import os
import subprocess
import sys

from django.conf import settings as django_settings
from django.core.management import call_command

from apps.accounts import demo as accounts_demo
from apps.portfolio import demo as portfolio_demo

# A task run the way `make run` runs them: eagerly, in the web process, with the local settings.
EAGER_TASK = """
import logging

import django

django.setup()
from baimuras.celery import app


@app.task(name="tests.quiet_check")
def quiet_check():
    return 1


assert quiet_check.delay().get() == 1
print("DONE")
logging.getLogger("django.utils.autoreload").info("Watching for file changes with StatReloader")
"""


def test_load_demo_prints_where_to_go_and_how_to_sign_in(db, settings, monkeypatch, tmp_path):
    settings.SITE_URL = "http://127.0.0.1:8114"  # what `make run PORT=8114` exports
    monkeypatch.setattr(accounts_demo, "_password_file", lambda: tmp_path / "demo-admin-password")
    monkeypatch.setattr(portfolio_demo, "load", lambda: 0)  # its drawn pictures are tested in tests/portfolio
    out = io.StringIO()

    call_command("load_demo", pageviews=0, stdout=out, no_color=True)  # no demo traffic: no line about it

    password = (tmp_path / "demo-admin-password").read_text().strip()
    assert len(password) >= 16
    assert out.getvalue().splitlines() == [
        "Demo content is loaded.",
        "  site:      http://127.0.0.1:8114/",
        "  admin:     http://127.0.0.1:8114/admin/",
        "  API docs:  http://127.0.0.1:8114/api/docs",
        "Demo admin (the demo manager manager@baimuras.local and client client@baimuras.local",
        "use the same password):",
        "  email:     admin@baimuras.local",
        f"  password:  {password}",
    ]


def run_with_local_settings(script: str, tmp_path) -> subprocess.CompletedProcess:
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "baimuras.settings.local",
        "DJANGO_READ_DOT_ENV_FILE": "false",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'local.sqlite3'}",
    }
    return subprocess.run(  # noqa: S603
        [sys.executable, "-c", script],
        cwd=django_settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_local_settings_log_no_task_noise_and_each_line_once(tmp_path):
    result = run_with_local_settings(EAGER_TASK, tmp_path)

    assert result.returncode == 0, result.stderr
    assert result.stdout == "DONE\n"
    # neither kombu's "No hostname was supplied" nor celery.app.trace's "Task ... succeeded", and
    # runserver's first line once
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].endswith(" INFO django.utils.autoreload Watching for file changes with StatReloader")


# The embedded default's outbox relay runs tasks in threads, each finding the task by name.
RELAY_THREADS = """
import threading

import django

django.setup()
from apps.core import relay

results, start = [], threading.Barrier(4)


def run():
    start.wait()
    try:
        relay._run("core.ping", ())
        results.append("ok")
    except Exception as exc:
        results.append(repr(exc))


threads = [threading.Thread(target=run) for _ in range(4)]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
print(sorted(results))
"""


def test_relay_threads_find_the_tasks_the_first_time(tmp_path):
    result = run_with_local_settings(RELAY_THREADS, tmp_path)

    assert result.returncode == 0, result.stderr
    assert result.stdout == "['ok', 'ok', 'ok', 'ok']\n", result.stderr
