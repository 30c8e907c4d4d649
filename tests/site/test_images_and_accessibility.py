"""Our own images (every width, WebP and PNG, responsive and lazy) and the accessibility basics
Lighthouse checks: one h1, labelled inputs, alt text, contrast."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.template import Context, Template
from PIL import Image

from apps.site.models import ILLUSTRATION_SIZE, ILLUSTRATION_WIDTHS, Illustration

from .conftest import parse

STATIC = Path(settings.BASE_DIR) / "static"


@pytest.mark.parametrize("name", Illustration.values)
def test_every_illustration_exists_in_every_width_and_format(name):
    for width in ILLUSTRATION_WIDTHS:
        for ext in ("webp", "png"):
            path = STATIC / "img" / "site" / f"{name}-{width}.{ext}"
            with Image.open(path) as image:
                assert image.size == (width, round(width * ILLUSTRATION_SIZE[1] / ILLUSTRATION_SIZE[0]))
            assert path.stat().st_size < 120_000, path


def test_the_brand_files_exist():
    for name in ("logo.svg", "logo-light.svg", "favicon.svg", "favicon-32.png", "apple-touch-icon.png",
                 "og/baimuras-1200x630.png"):  # fmt: skip
        assert (STATIC / "img" / name).exists(), name
    with Image.open(STATIC / "img" / "og" / "baimuras-1200x630.png") as card:
        assert card.size == (1200, 630)


def test_the_picture_tag_is_responsive_lazy_and_described():
    html = Template(
        '{% load site_tags %}{% illustration "kitchen" %}|{% illustration "home" "" "100vw" True %}'
    ).render(Context())
    lazy, eager = html.split("|")
    assert '<source type="image/webp" srcset="/static/img/site/kitchen-480.webp 480w,' in lazy
    assert "kitchen-1600.png 1600w" in lazy
    assert 'loading="lazy"' in lazy and 'decoding="async"' in lazy
    assert 'width="1600" height="1000"' in lazy
    assert 'alt="Кухня"' in lazy or 'alt="Kitchen"' in lazy
    assert 'fetchpriority="high"' in eager and "loading=" not in eager
    assert 'alt=""' in eager and 'sizes="100vw"' in eager


@pytest.mark.parametrize(
    "path", ["/", "/about", "/services", "/services/academy", "/blog", "/contact", "/consultation", "/login",
             "/register", "/no-such-page"],
)  # fmt: skip
def test_accessibility_basics(client, path):
    from apps.site import demo

    demo.load()
    response = client.get(path)
    page = parse(response)
    html = response.content.decode()

    assert page.html_lang == "ru"
    assert page.h1 == 1
    for img in page.imgs:
        assert "alt" in img, img
    for field in page.inputs:
        if field.get("type") in ("hidden", "submit") or field.get("name") == "csrfmiddlewaretoken":
            continue
        assert field["id"] in page.labels_for or field["id"] in page.inputs_in_labels, field
    assert '<a class="skip-link" href="#main">' in html and '<main id="main"' in html
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in html
    # Every link and button has a name.
    assert not re.search(r"<a [^>]*>\s*</a>", html)
    assert not re.search(r"<button[^>]*>\s*</button>", html)


def _luminance(hex_color: str) -> float:
    channels = [int(hex_color[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def test_text_colours_have_enough_contrast():
    css = (STATIC / "css" / "site.css").read_text()
    var = dict(re.findall(r"--([\w-]+):\s*(#[0-9a-fA-F]{6})", css))
    pairs = [
        ("ink", "paper"), ("ink", "sand"), ("muted", "paper"), ("muted", "sand"), ("muted", "surface"),
        ("walnut", "paper"), ("walnut", "surface"), ("sage", "paper"), ("sage", "sand"), ("danger", "surface"),
        ("danger", "danger-soft"), ("ok", "ok-soft"), ("walnut-dark", "sand"),
    ]  # fmt: skip
    for fg, bg in pairs:
        assert contrast(var[fg], var[bg]) >= 4.5, (fg, bg, round(contrast(var[fg], var[bg]), 2))
    assert contrast("#ffffff", var["walnut"]) >= 4.5  # button text
    assert contrast("#ffffff", var["ink"]) >= 4.5  # the pressed language
    assert contrast("#d8cbbb", "#2b231d") >= 4.5  # footer text
    assert contrast("#cdbba5", "#2b231d") >= 4.5  # footer headings
    assert contrast("#f3e6da", var["walnut"]) >= 4.5  # call-to-action band text
