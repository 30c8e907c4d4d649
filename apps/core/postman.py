"""A Postman v2.1 collection and environment generated from the OpenAPI schema (contract §14).

The collection runs end to end against a server as it stands, in Postman's runner or newman, with
only `baseUrl`, `email` and `password` set (tests/core/test_postman_newman.py):
- "Log in" stores `access_token` and `refresh_token`; every other request inherits the collection's
  bearer auth (an API key is the documented alternative: `api_key` and the X-API-Key header);
- bodies are the schema's own request examples (apps/core/schema_examples.py), with the few values
  a live run needs (the caller's credentials, the ids of records made earlier) as variables;
- the requests that create a record store its id in a variable (`lead_id`, `file_id`, ...) that
  the requests of that record use; so each folder runs create -> read -> update, and the last
  folder deletes what the run made and logs out;
- every request tests that it got its documented success status;
- the unversioned `/api/...` aliases are a folder of their own, marked deprecated.
"""

import json
import re
from functools import lru_cache

from drf_spectacular.generators import SchemaGenerator

from .schema_examples import UNVERSIONED_TAG

SCHEMA_URL = "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"
METHODS = ("get", "post", "put", "patch", "delete")

# Folders in the order a run needs them; other tags
# (new apps) follow in alphabetical order, then the deprecated aliases, then the clean-up.
FOLDER_ORDER = ["auth", "users", "files", "leads", "projects", "consultations", "contact", "portfolio", "webhooks"]
# n8n's inbound webhooks (/webhooks/...) are signed with N8N_WEBHOOK_SECRET, not called with a token.
INBOUND_PREFIX = "/webhooks/"
INBOUND_FOLDER = "n8n inbound webhooks (signed with n8n_webhook_secret)"
CLEANUP_FOLDER = "Clean up: delete what the run made, log out"
LOGOUT = "auth_logout_create"
# Requests that answer with tokens: their test stores them (the refresh token only if rotated).
TOKEN_ISSUERS = {"auth_login_create", "auth_token_create", "auth_refresh_create"}
# Requests that revoke every login of the caller: last in their folder (their test logs in again).
LATE = {"users_change_password_create"}
# Path parameters whose name other resources share get a variable of their own.
VARIABLE_NAMES = {"/api/v1/portfolio/projects/{project_id}": "portfolio_project_id"}
# What a live run sends instead of the example's value (keys: operationId, then body field).
BODY_OVERRIDES = {
    "auth_login_create": {"email": "{{email}}", "password": "{{password}}"},
    "auth_token_create": {"email": "{{email}}", "password": "{{password}}"},
    "auth_refresh_create": {"refresh_token": "{{refresh_token}}"},
    # a fresh address each run: the clean-up deletes the user, but a stopped run must not block the next
    "users_create": {"email": "newuser.{{$timestamp}}{{$randomInt}}@example.com"},
    # keep the caller's name and language; send a new password here to change it
    "users_profile_update": {"name": None, "preferences": {"language": "ru", "notifications": True}},
    "users_profile_partial_update": {"name": None, "preferences": {"language": "ru", "notifications": True}},
    "users_change_password_create": {
        "current_password": "{{password}}",
        "new_password": "{{password}}",
        "confirm_password": "{{password}}",
    },
    # the run's lead is converted by then, so its status is settled: assign it to the caller instead
    "webhooks_lead_automation_create": {
        "lead_id": "{{lead_id}}",
        "action": "assign",
        "assigned_to": "{{email}}",
        "status": None,
    },
    "webhooks_consultation_reminder_create": {"consultation_id": "{{consultation_id}}"},
    "webhooks_project_status_create": {"project_id": "{{project_id}}"},
    "consultations_update": {"scheduled_at": "{{next_week}}"},
    "consultations_partial_update": {"scheduled_at": "{{next_week}}"},
    "unversioned_consultations_update": {"scheduled_at": "{{next_week}}"},
}
# Multipart uploads: a file beside the collection (newman --working-dir; pick one in Postman).
UPLOAD_FILE = "baimuras-sample.png"

STORE_TOKENS = """const body = pm.response.json();
if (body.access_token) { pm.collectionVariables.set("access_token", body.access_token); }
if (body.refresh_token) { pm.collectionVariables.set("refresh_token", body.refresh_token); }"""

# The password change revokes every login of the caller: log in again with the new password.
LOG_IN_AGAIN = """const sent = JSON.parse(pm.variables.replaceIn(pm.request.body.raw));
const scope = pm.environment.has("password") ? pm.environment : pm.collectionVariables;
scope.set("password", sent.new_password);
pm.sendRequest({
    url: pm.variables.replaceIn("{{baseUrl}}/api/v1/auth/login"),
    method: "POST",
    header: {"Content-Type": "application/json", "Accept": "application/json"},
    body: {mode: "raw", raw: JSON.stringify({email: pm.variables.get("email"), password: sent.new_password})}
}, function (err, res) {
    pm.test("logged in again with the new password", function () {
        pm.expect(err).to.equal(null);
        pm.expect(res.code).to.equal(200);
        pm.collectionVariables.set("access_token", res.json().access_token);
        pm.collectionVariables.set("refresh_token", res.json().refresh_token);
    });
});"""

# Inbound webhooks: the HMAC-SHA256 of the body as sent, when the secret is known.
SIGN = """const secret = pm.variables.get("n8n_webhook_secret");
if (secret) {
    const raw = pm.variables.replaceIn(pm.request.body.raw);
    const digest = CryptoJS.HmacSHA256(raw, secret).toString(CryptoJS.enc.Hex);
    pm.request.headers.upsert({key: "X-N8N-Signature", value: "sha256=" + digest});
}"""

NEXT_WEEK = """// A time a week ahead, for requests that schedule something in the future.
pm.collectionVariables.set("next_week", new Date(Date.now() + 7 * 24 * 3600 * 1000).toISOString());"""

DESCRIPTION = """{description}

Set `baseUrl`, `email` and `password` (for example with the environment file at
`/api/postman-environment.json`) and run the whole collection: "Log in" stores the tokens, the
requests that create a record store its id for the requests that read, change and delete it, and
the last folder deletes what the run created and logs out. Every request tests its documented
status.

Authentication: every request inherits the collection's `Bearer {{{{access_token}}}}`. To use an
API key instead (`python manage.py create_api_key --name NAME --user EMAIL`), set `api_key` and
change the collection's Authorization to "API Key" with key `X-API-Key`, value `{{{{api_key}}}}`,
added to the header.

The upload request sends the file `{upload}` from the working directory (newman
`--working-dir`); in Postman, choose a file of your own. The folder "{unversioned}" holds the
deprecated `/api/...` aliases of v2.1.0 §6; use the `/api/v1/` requests instead."""


@lru_cache(maxsize=1)
def openapi_schema() -> dict:
    return SchemaGenerator().get_schema(request=None, public=True)


def collection(*, base_url: str) -> dict:
    schema = openapi_schema()
    operations = [
        (path, method, operation)
        for path, ops in schema.get("paths", {}).items()
        for method, operation in ops.items()
        if method in METHODS
    ]
    creators = _creators(operations)
    folders: dict[str, list] = {}
    cleanup: list[tuple[str, dict]] = []
    for path, method, operation in operations:
        tag = (operation.get("tags") or ["other"])[0]
        if path.startswith(INBOUND_PREFIX):
            tag = INBOUND_FOLDER
        item = _item(path, method, operation, creators.get(operation["operationId"]))
        if method == "delete" or operation["operationId"] == LOGOUT:
            cleanup.append((tag, item))
        else:
            folders.setdefault(tag, []).append((_phase(path, method, operation), item))
    ordered_tags = sorted(folders, key=_folder_rank)
    items = [
        {
            "name": tag,
            "description": _folder_description(tag, schema),
            "item": [item for _phase_, item in sorted(folders[tag], key=lambda pair: pair[0])],
        }
        for tag in ordered_tags
    ]
    # Deletes in the reverse order of creation (a portfolio project before the file it shows), logout last.
    cleanup.sort(key=lambda pair: (pair[1]["request"]["method"] != "DELETE", -_folder_rank(pair[0])[0]))
    items.append({"name": CLEANUP_FOLDER, "item": [item for _tag, item in cleanup]})
    info = schema["info"]
    return {
        "info": {
            "name": info["title"],
            "description": DESCRIPTION.format(
                description=info.get("description", ""), upload=UPLOAD_FILE, unversioned=UNVERSIONED_TAG
            ),
            "version": info["version"],
            "schema": SCHEMA_URL,
        },
        "item": items,
        "auth": {"type": "bearer", "bearer": [{"key": "token", "value": "{{access_token}}", "type": "string"}]},
        "event": [{"listen": "prerequest", "script": {"type": "text/javascript", "exec": NEXT_WEEK.splitlines()}}],
        "variable": [
            {"key": "baseUrl", "value": base_url, "type": "string"},
            {"key": "email", "value": "", "type": "string"},
            {"key": "password", "value": "", "type": "string"},
            {"key": "api_key", "value": "", "type": "string"},
            {"key": "n8n_webhook_secret", "value": "", "type": "string"},
            {"key": "access_token", "value": "", "type": "string"},
            {"key": "refresh_token", "value": "", "type": "string"},
            *({"key": name, "value": "", "type": "string"} for name in sorted(set(creators.values()))),
        ],
    }


def environment(*, base_url: str) -> dict:
    """A Postman environment with what a run needs: fill in `email` and `password`."""
    secret = {"type": "secret", "enabled": True}
    return {
        "name": "BaiMuras Platform",
        "values": [
            {"key": "baseUrl", "value": base_url, "type": "default", "enabled": True},
            {"key": "email", "value": "", "type": "default", "enabled": True},
            {"key": "password", "value": "", **secret},
            {"key": "api_key", "value": "", **secret},
            {"key": "n8n_webhook_secret", "value": "", **secret},
        ],
        "_postman_variable_scope": "environment",
    }


# --- Ordering -----------------------------------------------------------------------------------


def _folder_rank(tag: str) -> tuple[int, str]:
    if tag in FOLDER_ORDER:
        return (FOLDER_ORDER.index(tag), "")
    if tag == INBOUND_FOLDER:
        return (len(FOLDER_ORDER), "")
    if tag == UNVERSIONED_TAG:
        return (len(FOLDER_ORDER) + 2, "")
    return (len(FOLDER_ORDER) + 1, tag)


def _phase(path: str, method: str, operation: dict) -> int:
    """create -> read -> update -> actions on a record -> requests that revoke the login."""
    if operation["operationId"] in LATE:
        return 5
    if method == "post":
        return 3 if "{" in path else 0
    return {"get": 1, "put": 2, "patch": 2}[method]


# --- Variables ----------------------------------------------------------------------------------


def _variable(path: str, param: str) -> str:
    prefix = path.split("{" + param + "}")[0] + "{" + param + "}"
    return VARIABLE_NAMES.get(prefix, param)


def _creators(operations) -> dict[str, str]:
    """operationId -> the variable its 201 answer fills: a POST on `/things` (or `/things/upload`)
    makes the record that `/things/{thing_id}` reads."""
    detail = {}
    for path, _method, _op in operations:
        match = re.fullmatch(r"(.*)/\{(\w+)\}", path)
        if match:
            detail.setdefault(match.group(1), _variable(path, match.group(2)))
    found = {}
    for path, method, operation in operations:
        if method != "post" or "201" not in operation["responses"] or operation.get("deprecated") or "{" in path:
            continue
        variable = detail.get(path) or detail.get(path.rsplit("/", 1)[0])
        if variable:
            found[operation["operationId"]] = variable
    return found


# --- Requests -----------------------------------------------------------------------------------


def _item(path: str, method: str, operation: dict, creates: str | None) -> dict:
    op_id = operation["operationId"]
    segments = [
        "{{" + _variable(path, seg.strip("{}")) + "}}" if seg.startswith("{") else seg
        for seg in path.strip("/").split("/")
    ]
    url = {"raw": "{{baseUrl}}/" + "/".join(segments), "host": ["{{baseUrl}}"], "path": segments}
    query = [
        {"key": p["name"], "value": "", "description": p.get("description", ""), "disabled": True}
        for p in operation.get("parameters", [])
        if p.get("in") == "query"
    ]
    if query:
        url["query"] = query
    request = {
        "method": method.upper(),
        "header": [{"key": "Accept", "value": "application/json"}],
        "url": url,
        "description": _description(operation),
    }
    body = operation.get("requestBody", {}).get("content", {})
    if "application/json" in body:
        request["header"].append({"key": "Content-Type", "value": "application/json"})
        value = _body(op_id, body["application/json"])
        request["body"] = {"mode": "raw", "raw": _dumps(value), "options": {"raw": {"language": "json"}}}
    elif "multipart/form-data" in body:
        request["body"] = {"mode": "formdata", "formdata": _formdata(body["multipart/form-data"])}
    events = [_tests(method, path, operation, creates)]
    if op_id in TOKEN_ISSUERS:  # credentials go in the body; a stale token must not get in the way
        request["auth"] = {"type": "noauth"}
    if path.startswith(INBOUND_PREFIX):
        request["auth"] = {"type": "noauth"}
        if method == "post":
            events.append({"listen": "prerequest", "script": {"type": "text/javascript", "exec": SIGN.splitlines()}})
    name = operation.get("summary") or op_id.replace("_", " ").capitalize()  # "Analytics stats retrieve"
    if operation.get("deprecated"):
        name = f"[deprecated] {name}"
    return {"name": name, "request": request, "event": events}


def _description(operation: dict) -> str:
    text = operation.get("description") or operation.get("summary", "")
    if operation.get("deprecated"):
        text = "**Deprecated.** " + text
    return text


def _body(op_id: str, media: dict):
    examples = list(media.get("examples", {}).values())
    value = examples[0]["value"] if examples else {}
    overrides = BODY_OVERRIDES.get(op_id, {})
    if isinstance(value, dict):
        value = {**value, **overrides}
        value = {k: v for k, v in value.items() if v is not None}
    return value


def _formdata(media: dict) -> list[dict]:
    schema = media.get("schema", {})
    props = openapi_schema()["components"]["schemas"][schema["$ref"].rsplit("/", 1)[-1]]["properties"]
    fields = []
    for name, prop in props.items():
        if prop.get("format") == "binary":
            fields.append({"key": name, "type": "file", "src": UPLOAD_FILE})
        else:
            enum = _enum(prop)
            fields.append({"key": name, "type": "text", "value": enum[0] if enum else ""})
    return fields


def _enum(prop: dict) -> list:
    if "$ref" in prop:
        prop = openapi_schema()["components"]["schemas"][prop["$ref"].rsplit("/", 1)[-1]]
    return prop.get("enum", [])


def _tests(method: str, path: str, operation: dict, creates: str | None) -> dict:
    codes = sorted(int(status) for status in operation["responses"] if status.startswith("2"))
    lines = [
        f'pm.test("{method.upper()} {path} answers {" or ".join(map(str, codes))}", function () {{',
        f"    pm.expect(pm.response.code).to.be.oneOf({json.dumps(codes)});",
        "});",
    ]
    if path.startswith(INBOUND_PREFIX) and method == "post":
        # without the secret the server must refuse the unsigned call, as documented
        lines = [
            'if (pm.variables.get("n8n_webhook_secret")) {',
            *("    " + line for line in lines),
            "} else {",
            f'    pm.test("{method.upper()} {path} refuses an unsigned call (401)", function () {{',
            "        pm.expect(pm.response.code).to.equal(401);",
            '        pm.expect(pm.response.json().error.code).to.equal("INVALID_SIGNATURE");',
            "    });",
            "}",
        ]
    if operation["operationId"] in TOKEN_ISSUERS:
        lines += STORE_TOKENS.splitlines()
    if creates:
        lines += [
            "const created = pm.response.json();",
            "const record = created.data !== undefined ? created.data : created;",
            f'pm.collectionVariables.set("{creates}", record.id);',
        ]
    if operation["operationId"] in LATE:
        lines += LOG_IN_AGAIN.splitlines()
    return {"listen": "test", "script": {"type": "text/javascript", "exec": lines}}


def _folder_description(tag: str, schema: dict) -> str:
    for entry in schema.get("tags", []):
        if entry.get("name") == tag:
            return entry.get("description", "")
    return ""


def _dumps(value) -> str:
    """JSON, with id variables ("{{lead_id}}") left unquoted so they arrive as numbers."""
    return re.sub(r'"(\{\{\w+_id\}\})"', r"\1", json.dumps(value, ensure_ascii=False, indent=2))
