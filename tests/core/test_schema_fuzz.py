"""Schemathesis over the whole published OpenAPI schema, in process (WSGI), with an admin's API
key: no response is a 500, and every status code, content type and body is the one the schema
documents. Marked `schemathesis`: CI runs it as its own step (RUN_SCHEMATHESIS=1); the number of
examples per operation and mode is SCHEMATHESIS_MAX_EXAMPLES (default 15, a few minutes on two
cores)."""

import itertools
import os

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given
from hypothesis import settings as hypothesis_settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from apps.accounts import services as account_services
from apps.accounts.models import Role
from tests.accounts.factories import UserFactory

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
MAX_EXAMPLES = int(os.environ.get("SCHEMATHESIS_MAX_EXAMPLES", "15"))
# Valid requests must succeed as documented; invalid ones must fail as documented (a 4xx in the
# error shape), never with a 500.
MODES = (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)

pytestmark = pytest.mark.schemathesis


@pytest.fixture
def admin_key(db) -> str:
    admin = UserFactory(role=Role.ADMIN, email="fuzz-admin@example.com")
    _key, raw = account_services.api_key_create(user=admin, name="schemathesis")
    return raw


def test_the_api_answers_as_its_schema_says(admin_key, settings):
    from baimuras.wsgi import application

    settings.RATELIMIT_ENABLE = False  # 429 is documented, but a limit would hide the rest of the answers
    api = schemathesis.openapi.from_wsgi("/api/schema/?format=json", application)
    failures = {}
    operations = [result.ok() for result in api.get_all_operations()]
    assert len(operations) > 40
    for operation, mode in itertools.product(operations, MODES):

        @given(case=operation.as_strategy(generation_mode=mode))
        @hypothesis_settings(
            max_examples=MAX_EXAMPLES,
            deadline=None,
            derandomize=True,
            database=None,
            phases=[Phase.explicit, Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        def call(case):
            case.call_and_validate(headers={"X-API-Key": admin_key}, checks=CHECKS)

        try:
            call()
        except Unsatisfiable:
            assert mode is GenerationMode.NEGATIVE, operation.label  # nothing to make invalid (no parameters)
        except (Exception, BaseExceptionGroup) as exc:  # every operation is tried; all failures are reported
            failures[f"{operation.label} ({mode.value} data)"] = str(exc)[:3000]
    assert not failures, "\n\n".join(f"{label}:\n{text}" for label, text in failures.items())
