"""The Python client of the v2.0.0 documentation (seed 001, §Примеры использования), used
verbatim: its source lives in seed_001_client.py.txt exactly as the document prints it.

It imports `requests`; here `requests.Session` is a stand-in that sends what a real session
sends (its default headers, the session's headers, the query string, the JSON body) through
Django's test client, so the documented class runs unchanged against this API."""

import json as jsonlib
import sys
import types
from pathlib import Path
from urllib.parse import urlencode, urlsplit

from django.test import Client

SOURCE_PATH = Path(__file__).with_name("seed_001_client.py.txt")
SEED_DOCUMENT = Path("/work/shared/seeds/001_97c4d06cbf63505a.txt")
# What requests.Session() sends on every request before anyone adds a header.
REQUESTS_DEFAULT_HEADERS = {
    "User-Agent": "python-requests/2.32.3",
    "Accept-Encoding": "gzip, deflate",
    "Accept": "*/*",
    "Connection": "keep-alive",
}


class Response:
    def __init__(self, django_response):
        self.status_code = django_response.status_code
        self.headers = dict(django_response.items())
        self.content = django_response.content
        self.text = self.content.decode()

    def json(self):
        return jsonlib.loads(self.content)


class Session:
    """requests.Session over django.test.Client (the methods the seed's class calls)."""

    def __init__(self):
        self.headers = dict(REQUESTS_DEFAULT_HEADERS)
        self._client = Client()

    def request(self, method, url, params=None, json=None, headers=None):
        parts = urlsplit(url)
        assert parts.netloc == "testserver", f"the seed client may only talk to the test server, not {url}"
        path = parts.path
        query = "&".join(q for q in (parts.query, urlencode(params or {}, doseq=True)) if q)
        if query:
            path = f"{path}?{query}"
        sent = {**self.headers, **(headers or {})}
        body = b""
        if json is not None:
            body = jsonlib.dumps(json).encode()
            if not any(name.lower() == "content-type" for name in sent):
                sent["Content-Type"] = "application/json"
        # Every header goes as sent, Content-Type included (requests sends it on a GET too).
        content_type = next((v for k, v in sent.items() if k.lower() == "content-type"), "")
        response = self._client.generic(
            method, path, data=body, content_type=content_type, secure=parts.scheme == "https", headers=sent
        )
        return Response(response)

    def get(self, url, params=None, **kwargs):
        return self.request("GET", url, params=params, **kwargs)

    def post(self, url, json=None, **kwargs):
        return self.request("POST", url, json=json, **kwargs)

    def put(self, url, json=None, **kwargs):
        return self.request("PUT", url, json=json, **kwargs)

    def delete(self, url, **kwargs):
        return self.request("DELETE", url, **kwargs)


def seed_source() -> str:
    return SOURCE_PATH.read_text(encoding="utf-8")


def load_seed_client(monkeypatch):
    """The seed's BaiMurasAPI class, with `import requests` answered by the stand-in above."""
    fake_requests = types.ModuleType("requests")
    fake_requests.Session = Session
    monkeypatch.setitem(sys.modules, "requests", fake_requests)
    namespace: dict = {"__name__": "seed_001_client"}
    exec(compile(seed_source(), str(SOURCE_PATH), "exec"), namespace)  # noqa: S102 - the documented client, verbatim
    return namespace["BaiMurasAPI"]
