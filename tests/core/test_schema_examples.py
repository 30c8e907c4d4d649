"""The OpenAPI schema's examples (apps.core.schema_examples): every operation carries them, each one
passes its operation's own schema, and the unversioned aliases sit apart, deprecated."""

from copy import deepcopy

import pytest
from jsonschema import Draft202012Validator

from apps.core.schema_examples import DEPRECATED_TWINS, EXAMPLES, UNVERSIONED_TAG

METHODS = ("get", "post", "put", "patch", "delete")


@pytest.fixture(scope="module")
def schema(django_db_blocker):
    from rest_framework.test import APIClient

    with django_db_blocker.unblock():
        response = APIClient().get("/api/schema/?format=json")
    assert response.status_code == 200, response.content
    return response.json()


def operations(schema):
    for path, ops in schema["paths"].items():
        for method, op in ops.items():
            if method in METHODS:
                yield path, method, op


def to_json_schema(node):
    """OpenAPI 3.0's `nullable` and boolean exclusive bounds -> JSON Schema's (the rest is JSON Schema already)."""
    if isinstance(node, list):
        return [to_json_schema(n) for n in node]
    if not isinstance(node, dict):
        return node
    node = {k: to_json_schema(v) for k, v in node.items()}
    for bound in ("Maximum", "Minimum"):  # 3.0's boolean exclusive bounds
        if node.get(f"exclusive{bound}") is True:
            node[f"exclusive{bound}"] = node.pop(bound.lower())
        elif node.get(f"exclusive{bound}") is False:
            del node[f"exclusive{bound}"]
    if node.pop("nullable", False):
        if "type" in node and "enum" not in node:
            node["type"] = [node["type"], "null"]
        elif "enum" in node:
            node["enum"] = [*node["enum"], None]
        else:
            node = {"anyOf": [node, {"type": "null"}]}
    return node


def examples_of(schema):
    """(where, example value, JSON Schema of the body) for every example in the schema."""
    components = to_json_schema(deepcopy(schema["components"]))
    for path, method, op in operations(schema):
        bodies = [("request", op.get("requestBody", {}).get("content", {}))]
        bodies += [(status, answer.get("content", {})) for status, answer in op["responses"].items()]
        for where, content in bodies:
            for media, media_object in content.items():
                for name, example in media_object.get("examples", {}).items():
                    body_schema = {**to_json_schema(media_object["schema"]), "components": components}
                    yield f"{method.upper()} {path} {where} {media} {name}", example["value"], body_schema


def test_every_example_passes_its_operations_schema(schema):
    checked = 0
    for where, value, body_schema in examples_of(schema):
        validator = Draft202012Validator(body_schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
        errors = [f"{'/'.join(map(str, e.path))}: {e.message}" for e in validator.iter_errors(value)]
        assert not errors, (where, errors)
        checked += 1
    assert checked > 100  # requests, answers and errors of 58 operations


def test_a_broken_example_is_caught(schema):
    """The check above can fail: a lead without its required name, a wrong enum value."""
    _where, _value, body_schema = next(e for e in examples_of(schema) if e[0].startswith("POST /api/v1/leads request"))
    validator = Draft202012Validator(body_schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
    assert list(validator.iter_errors({"email": "petr@example.com"}))
    assert list(validator.iter_errors({"name": "Пётр", "service_interest": "yacht"}))
    assert list(validator.iter_errors({"name": "Пётр", "email": "not-an-email"}))


def test_every_operation_has_success_and_request_examples(schema):
    for path, method, op in operations(schema):
        successes = [s for s in op["responses"] if s.startswith("2")]
        json_successes = [s for s in successes if "content" in op["responses"][s]]
        for status in json_successes:
            assert op["responses"][status]["content"]["application/json"].get("examples"), (method, path, status)
        body = op.get("requestBody", {}).get("content", {})
        if "application/json" in body:
            assert body["application/json"].get("examples"), (method, path)
        for status, answer in op["responses"].items():
            if status.startswith(("4", "5")) and "content" in answer:
                assert answer["content"]["application/json"].get("examples"), (method, path, status)


def test_the_seeds_examples_are_in_the_schema(schema):
    paths = schema["paths"]
    consultation = paths["/api/consultation"]["post"]["requestBody"]["content"]["application/json"]["examples"]
    assert next(iter(consultation.values()))["value"] == {
        "name": "Мария Петрова",
        "email": "maria@example.com",
        "phone": "+7 777 987 65 43",
        "service_type": "kitchen_design",
        "preferred_date": "2025-07-01",
        "message": "Хочу заказать дизайн кухни",
    }
    convert = paths["/api/v1/leads/{lead_id}/convert"]["post"]["requestBody"]["content"]["application/json"]
    assert next(iter(convert["examples"].values()))["value"]["project_name"] == "Кухня для семьи Сидоровых"
    created = paths["/api/v1/portfolio/projects"]["post"]["responses"]["201"]["content"]["application/json"]
    assert next(iter(created["examples"].values()))["value"]["message"] == "Проект успешно создан"
    error = paths["/api/v1/leads"]["post"]["responses"]["422"]["content"]["application/json"]["examples"]
    assert next(iter(error.values()))["value"]["error"]["details"]["email"] == ["Поле email обязательно для заполнения"]


def test_preferred_date_does_not_claim_past_dates_are_refused(schema):
    field = schema["components"]["schemas"]["ConsultationRequestRequest"]["properties"]["preferred_date"]
    assert "not in the past" not in field.get("description", "")
    assert "past" in field["description"]


def test_every_mapped_operation_exists(schema):
    ids = {op["operationId"] for _path, _method, op in operations(schema)}
    assert set(EXAMPLES) <= ids, sorted(set(EXAMPLES) - ids)


def test_unversioned_aliases_are_deprecated_in_a_group_of_their_own(schema):
    for path, method, op in operations(schema):
        if path.startswith("/api/v1/"):
            assert not op.get("deprecated"), (method, path)
            assert UNVERSIONED_TAG not in op["tags"]
            assert op.get("summary"), (method, path)
        elif op["operationId"] in DEPRECATED_TWINS:
            assert op["deprecated"] is True, (method, path)
            assert op["tags"] == [UNVERSIONED_TAG], (method, path)
    aliases = schema["paths"]["/api/leads"]["get"]
    assert aliases["description"].startswith("Deprecated alias of `GET /api/v1/leads`")
    assert UNVERSIONED_TAG in {t["name"] for t in schema["tags"]}


def test_each_endpoint_is_listed_once_per_group(schema):
    """Swagger shows an operation by tag and summary: no group lists the same one twice."""
    seen = set()
    for path, method, op in operations(schema):
        key = (op["tags"][0], method, op["summary"])
        assert key not in seen, (path, key)
        seen.add(key)
