"""A Postman v2.1 collection generated from the OpenAPI schema (contract §14)."""

import json
from functools import lru_cache

from drf_spectacular.generators import SchemaGenerator

SCHEMA_URL = "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"


@lru_cache(maxsize=1)
def openapi_schema() -> dict:
    return SchemaGenerator().get_schema(request=None, public=True)


def collection(*, base_url: str) -> dict:
    schema = openapi_schema()
    folders: dict[str, list] = {}
    for path, operations in schema.get("paths", {}).items():
        for method, operation in operations.items():
            if method not in ("get", "post", "put", "patch", "delete"):
                continue
            tag = (operation.get("tags") or ["other"])[0]
            folders.setdefault(tag, []).append(_item(path, method, operation, schema))
    return {
        "info": {
            "name": schema["info"]["title"],
            "description": schema["info"].get("description", ""),
            "version": schema["info"]["version"],
            "schema": SCHEMA_URL,
        },
        "item": [{"name": tag, "item": items} for tag, items in sorted(folders.items())],
        "auth": {"type": "bearer", "bearer": [{"key": "token", "value": "{{access_token}}", "type": "string"}]},
        "variable": [
            {"key": "baseUrl", "value": base_url, "type": "string"},
            {"key": "access_token", "value": "", "type": "string"},
        ],
    }


def _item(path: str, method: str, operation: dict, schema: dict) -> dict:
    segments = [seg if not seg.startswith("{") else ":" + seg.strip("{}") for seg in path.strip("/").split("/")]
    query = [
        {"key": p["name"], "value": "", "description": p.get("description", ""), "disabled": True}
        for p in operation.get("parameters", [])
        if p.get("in") == "query"
    ]
    url = {
        "raw": "{{baseUrl}}/" + "/".join(segments),
        "host": ["{{baseUrl}}"],
        "path": segments,
    }
    if query:
        url["query"] = query
    variables = [{"key": p["name"], "value": ""} for p in operation.get("parameters", []) if p.get("in") == "path"]
    if variables:
        url["variable"] = variables
    request = {
        "method": method.upper(),
        "header": [{"key": "Accept", "value": "application/json"}],
        "url": url,
        "description": operation.get("description", "") or operation.get("summary", ""),
    }
    body = operation.get("requestBody", {}).get("content", {})
    if "application/json" in body:
        request["header"].append({"key": "Content-Type", "value": "application/json"})
        example = _example(body["application/json"].get("schema", {}), schema)
        request["body"] = {"mode": "raw", "raw": _dumps(example), "options": {"raw": {"language": "json"}}}
    elif "multipart/form-data" in body:
        props = _resolve(body["multipart/form-data"].get("schema", {}), schema).get("properties", {})
        request["body"] = {
            "mode": "formdata",
            "formdata": [
                {"key": name, "type": "file" if prop.get("format") == "binary" else "text", "value": ""}
                for name, prop in props.items()
            ],
        }
    if operation.get("security") == [] or {} in operation.get("security", [{}]):
        request["auth"] = {"type": "noauth"}
    return {"name": operation.get("summary") or f"{method.upper()} {path}", "request": request}


def _resolve(node: dict, schema: dict) -> dict:
    while "$ref" in node:
        name = node["$ref"].rsplit("/", 1)[-1]
        node = schema["components"]["schemas"][name]
    return node


def _example(node: dict, schema: dict, depth: int = 0):
    node = _resolve(node, schema)
    if depth > 4:
        return None
    if "example" in node:
        return node["example"]
    if "enum" in node:
        return node["enum"][0]
    if "allOf" in node:
        return _example(node["allOf"][0], schema, depth + 1)
    kind = node.get("type")
    if kind == "object" or "properties" in node:
        return {
            name: _example(prop, schema, depth + 1)
            for name, prop in node.get("properties", {}).items()
            if not prop.get("readOnly")
        }
    if kind == "array":
        return [_example(node.get("items", {}), schema, depth + 1)]
    return {
        "integer": 0,
        "number": 0,
        "boolean": True,
        "string": {"email": "user@example.com", "date": "2025-07-01", "date-time": "2025-06-21T09:00:00Z"}.get(
            node.get("format"), ""
        ),
    }.get(kind)


def _dumps(value) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2)
