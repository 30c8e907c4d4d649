"""Fixtures of the site's tests: a browser-like client, the seeded content, helpers to read HTML."""

import importlib
import json
import re
from html.parser import HTMLParser

import pytest
from django.apps import apps as django_apps
from django.test import Client

LANGUAGES = ["ru", "kk", "ky"]


@pytest.fixture(autouse=True)
def site_content(db):
    """The pages and services of migration 0002 and the company's details of 0004. A transactional
    test elsewhere may have flushed them; seeding again is a no-op when they are there."""
    importlib.import_module("apps.site.migrations.0002_seed_pages").seed(django_apps, None)
    importlib.import_module("apps.site.migrations.0004_seed_company_details").seed(django_apps, None)


@pytest.fixture
def csrf_client():
    """A client that, like a browser, must send the CSRF token."""
    return Client(enforce_csrf_checks=True)


def client_in(language: str) -> Client:
    client = Client()
    client.cookies["django_language"] = language
    return client


def csrf_token_of(client: Client, path: str) -> str:
    """GET the page and read the token its form carries (the cookie is set on the client)."""
    html = client.get(path).content.decode()
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)


class PageParser(HTMLParser):
    """Collects what the accessibility and SEO checks look at."""

    def __init__(self):
        super().__init__()
        self.html_lang = None
        self.h1 = 0
        self.imgs = []
        self.inputs = []
        self.labels_for = set()
        self.links = []
        self.metas = []
        self.scripts = 0  # scripts a browser would run (JSON-LD data blocks are counted apart)
        self.json_ld = []  # the parsed content of every <script type="application/ld+json">
        self.anchors = []  # every <a href>
        self.resources = []  # what the page loads: img/source/script src and srcset, <link href>
        self._in_json_ld = False
        self._json_ld_text = []
        self.styles = 0
        self.style_attrs = 0
        self._label_depth = 0
        self.inputs_in_labels = set()
        self.h1_text = []
        self._in_h1 = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "style" in attrs:
            self.style_attrs += 1
        for name in ("src", "srcset"):
            if attrs.get(name):
                self.resources.extend(part.strip().split(" ")[0] for part in attrs[name].split(","))
        if tag == "a" and attrs.get("href"):
            self.anchors.append(attrs["href"])
        if tag == "html":
            self.html_lang = attrs.get("lang")
        elif tag == "h1":
            self.h1 += 1
            self._in_h1 = True
        elif tag == "img":
            self.imgs.append(attrs)
        elif tag in ("input", "select", "textarea"):
            self.inputs.append(attrs)
            if self._label_depth and attrs.get("id"):
                self.inputs_in_labels.add(attrs["id"])
        elif tag == "label":
            self._label_depth += 1
            if attrs.get("for"):
                self.labels_for.add(attrs["for"])
        elif tag == "link":
            self.links.append(attrs)
            if attrs.get("href"):
                self.resources.append(attrs["href"])
        elif tag == "meta":
            self.metas.append(attrs)
        elif tag == "script" and attrs.get("type") == "application/ld+json":
            self._in_json_ld = True
            self._json_ld_text = []
        elif tag == "script":
            self.scripts += 1
        elif tag == "style":
            self.styles += 1

    def handle_endtag(self, tag):
        if tag == "script" and self._in_json_ld:
            self._in_json_ld = False
            self.json_ld.append(json.loads("".join(self._json_ld_text)))
        elif tag == "label":
            self._label_depth -= 1
        elif tag == "h1":
            self._in_h1 = False

    def handle_data(self, data):
        if self._in_json_ld:
            self._json_ld_text.append(data)
        if self._in_h1:
            self.h1_text.append(data)

    def ld_nodes(self, kind: str | None = None) -> list[dict]:
        """The JSON-LD graph's nodes (of one @type)."""
        nodes = [node for block in self.json_ld for node in block.get("@graph", [block])]
        return [node for node in nodes if kind is None or node.get("@type") == kind]

    def meta(self, key: str) -> str | None:
        for meta in self.metas:
            if meta.get("property") == key or meta.get("name") == key:
                return meta.get("content")
        return None


def parse(response) -> PageParser:
    parser = PageParser()
    parser.feed(response.content.decode())
    return parser


def translated(message: str, language: str, context: str | None = None) -> str:
    """`message` as the site shows it in `language`, asserted to be translated. The project's
    catalog (locale/) wins over the site's for a shared msgid, so tests ask gettext rather than
    repeat a wording."""
    from django.utils import translation
    from django.utils.translation import gettext, pgettext

    with translation.override(language):
        text = pgettext(context, message) if context else gettext(message)
    assert text != message, (message, language)
    return text
