"""The generated Postman collection, run by Postman's own runner (newman, tools/newman) against a
live server with a fresh database, with only `baseUrl`, `email` and `password` set: every request
passes its test (contract §14). Marked `newman`: `RUN_NEWMAN_TESTS=1` after `npm ci` in tools/newman."""

import json
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from PIL import Image

from apps.accounts.models import Role
from apps.core import postman
from tests.accounts.factories import UserFactory
from tests.conftest import PASSWORD

NEWMAN = Path(settings.BASE_DIR) / "tools" / "newman" / "node_modules" / ".bin" / "newman"

pytestmark = pytest.mark.newman


def run_newman(collection: Path, report: Path, *, cwd: Path, **variables: str):
    assert NEWMAN.exists(), "install newman first: cd tools/newman && npm ci"
    env_vars = [arg for key, value in variables.items() for arg in ("--env-var", f"{key}={value}")]
    return subprocess.run(  # noqa: S603 - our own tool and arguments
        [
            str(NEWMAN), "run", str(collection),
            *env_vars,
            "--working-dir", str(cwd),
            "--reporters", "cli,json",
            "--reporter-json-export", str(report),
            "--color", "off",
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )  # fmt: skip


@pytest.mark.parametrize("signed", [False, True], ids=["baseUrl-email-password", "with-n8n-secret"])
def test_collection_runs_end_to_end_against_a_fresh_server(live_server, client, tmp_path, signed):
    """Only baseUrl, email and password: the inbound webhooks must refuse the unsigned calls (401);
    with `n8n_webhook_secret` too, the run signs them and they succeed."""
    admin = UserFactory(role=Role.ADMIN, email="admin@baimuras.local", name="Admin")
    response = client.get("/api/postman-collection.json")
    assert response.status_code == 200
    collection = tmp_path / "collection.json"
    collection.write_bytes(response.content)
    Image.new("RGB", (64, 48), (200, 120, 40)).save(tmp_path / postman.UPLOAD_FILE)
    report = tmp_path / "report.json"

    variables = {"baseUrl": live_server.url, "email": admin.email, "password": PASSWORD}
    if signed:
        variables["n8n_webhook_secret"] = settings.N8N_WEBHOOK_SECRET
    result = run_newman(collection, report, cwd=tmp_path, **variables)

    run = json.loads(report.read_text())["run"]
    failures = [f"{f['source']['name']}: {f['error']['message']}" for f in run["failures"]]
    assert failures == [], result.stdout[-6000:]
    assert result.returncode == 0, result.stdout[-6000:]
    stats = run["stats"]
    requests = sum(1 for folder in response.json()["item"] for _item in folder["item"])
    assert stats["requests"]["total"] >= requests  # plus the login again after the password change
    assert stats["assertions"]["failed"] == 0
    assert stats["assertions"]["total"] >= requests
    # the run cleaned up after itself and logged out
    from apps.accounts.models import User
    from apps.leads.models import Lead
    from apps.portfolio.models import PortfolioProject
    from apps.webhooks.models import WebhookEvent, WebhookSubscription

    assert list(User.objects.values_list("email", flat=True)) == [admin.email]
    assert not PortfolioProject.objects.exists()
    assert Lead.objects.count() >= 1  # the alias and the consultations' leads stay; the v1 one is deleted
    assert not WebhookSubscription.objects.exists()
    assert WebhookEvent.objects.count() == (4 if signed else 0)  # every signed call stored, no unsigned one
