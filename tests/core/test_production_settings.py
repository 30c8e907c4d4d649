"""Production settings refuse to start, naming the variable, without their secrets (contract §13)."""

import json
import os
import secrets
import subprocess
import sys

import pytest
from django.conf import settings

SETUP = "import django; django.setup(); from django.conf import settings; print('STARTED', settings.SECRET_KEY)"


@pytest.fixture
def complete_env(tmp_path) -> dict[str, str]:
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "baimuras.settings.production",
        "DJANGO_READ_DOT_ENV_FILE": "false",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'production.sqlite3'}",
        "DJANGO_ALLOWED_HOSTS": "baimuras.space,www.baimuras.space",
        "N8N_WEBHOOK_SECRET": secrets.token_hex(24),
        "REDIS_URL": "redis://127.0.0.1:6379/0",
        "EMAIL_URL": "smtp+tls://mailer:password@smtp.example.com:587",
    }


def run(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    command = [sys.executable, *(args or ("-c", SETUP))]
    return subprocess.run(  # noqa: S603
        command, cwd=settings.BASE_DIR, env=env, capture_output=True, text=True, timeout=120
    )


def assert_refuses(env: dict[str, str], variable: str):
    result = run(env)
    assert result.returncode != 0, result.stdout
    assert "ImproperlyConfigured" in result.stderr
    last_line = result.stderr.strip().splitlines()[-1]
    assert variable in last_line, last_line
    assert "STARTED" not in result.stdout


def test_starts_with_a_complete_environment(complete_env):
    result = run(complete_env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"STARTED {complete_env['DJANGO_SECRET_KEY']}"


@pytest.mark.parametrize(
    "variable",
    ["DJANGO_SECRET_KEY", "DATABASE_URL", "DJANGO_ALLOWED_HOSTS", "N8N_WEBHOOK_SECRET", "REDIS_URL", "EMAIL_URL"],
)
def test_refuses_to_start_without(complete_env, variable):
    del complete_env[variable]
    assert_refuses(complete_env, variable)


@pytest.mark.parametrize(
    "variable", ["DJANGO_SECRET_KEY", "DATABASE_URL", "DJANGO_ALLOWED_HOSTS", "N8N_WEBHOOK_SECRET"]
)
def test_refuses_to_start_with_an_empty(complete_env, variable):
    complete_env[variable] = ""
    assert_refuses(complete_env, variable)


def test_refuses_a_short_secret_key(complete_env):
    complete_env["DJANGO_SECRET_KEY"] = "k" * 49
    assert_refuses(complete_env, "DJANGO_SECRET_KEY")


def test_refuses_a_short_webhook_secret(complete_env):
    complete_env["N8N_WEBHOOK_SECRET"] = "s" * 31
    assert_refuses(complete_env, "N8N_WEBHOOK_SECRET")


@pytest.mark.parametrize("hosts", ["*", "baimuras.space,*", " , "])
def test_refuses_wildcard_or_empty_allowed_hosts(complete_env, hosts):
    complete_env["DJANGO_ALLOWED_HOSTS"] = hosts
    assert_refuses(complete_env, "DJANGO_ALLOWED_HOSTS")


def test_webhook_secret_is_not_needed_with_webhooks_off(complete_env):
    del complete_env["N8N_WEBHOOK_SECRET"]
    complete_env["WEBHOOKS_ENABLED"] = "false"
    result = run(complete_env)
    assert result.returncode == 0, result.stderr


def test_secrets_may_come_from_files(complete_env, tmp_path):
    secret_key = secrets.token_urlsafe(50)
    key_file = tmp_path / "secret_key"
    key_file.write_text(secret_key + "\n")  # as `echo ... > file` writes it
    webhook_file = tmp_path / "n8n_secret"
    webhook_file.write_text(secrets.token_hex(24) + "\n")
    del complete_env["DJANGO_SECRET_KEY"], complete_env["N8N_WEBHOOK_SECRET"]
    complete_env["DJANGO_SECRET_KEY_FILE"] = str(key_file)
    complete_env["N8N_WEBHOOK_SECRET_FILE"] = str(webhook_file)
    result = run(complete_env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"STARTED {secret_key}"


def test_a_short_secret_from_a_file_is_refused_too(complete_env, tmp_path):
    key_file = tmp_path / "secret_key"
    key_file.write_text("short\n")
    del complete_env["DJANGO_SECRET_KEY"]
    complete_env["DJANGO_SECRET_KEY_FILE"] = str(key_file)
    assert_refuses(complete_env, "DJANGO_SECRET_KEY")


def test_deploy_checks_pass(complete_env):
    result = run(complete_env, "manage.py", "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_production_security_settings(complete_env):
    probe = (
        "import django, json; django.setup(); from django.conf import settings as s; print(json.dumps({"
        "'debug': s.DEBUG, 'hosts': s.ALLOWED_HOSTS, 'ssl': s.SECURE_SSL_REDIRECT, 'hsts': s.SECURE_HSTS_SECONDS,"
        "'cookie': s.SESSION_COOKIE_SECURE, 'csrf': s.CSRF_COOKIE_SECURE, 'cache': s.CACHES['default']['BACKEND'],"
        "'eager': s.CELERY_TASK_ALWAYS_EAGER, 'origins': s.CORS_ALLOWED_ORIGINS, 'proxy': s.TRUSTED_PROXY_COUNT}))"
    )
    result = run(complete_env, "-c", probe)
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout)
    assert values == {
        "debug": False,
        "hosts": ["baimuras.space", "www.baimuras.space"],
        "ssl": True,
        "hsts": 31536000,
        "cookie": True,
        "csrf": True,
        "cache": "apps.core.cache.ResilientRedisCache",
        "eager": False,
        "origins": ["https://baimuras.space"],
        "proxy": 0,
    }


def test_local_settings_start_with_an_empty_environment(tmp_path):
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "baimuras.settings.local",
        "DJANGO_READ_DOT_ENV_FILE": "false",
    }
    probe = (
        "import django, json; django.setup(); from django.conf import settings as s; print(json.dumps({"
        "'debug': s.DEBUG, 'hosts': s.ALLOWED_HOSTS, 'engine': s.DATABASES['default']['ENGINE'],"
        "'eager': s.CELERY_TASK_ALWAYS_EAGER, 'email': s.EMAIL_BACKEND}))"
    )
    result = run(env, "-c", probe)
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout)
    assert values["debug"] is True
    assert {"localhost", "127.0.0.1"} <= set(values["hosts"])
    assert values["engine"] == "apps.core.backends.sqlite3"  # Django's, with its writers queued
    assert values["eager"] is True
    assert values["email"] == "django.core.mail.backends.console.EmailBackend"
