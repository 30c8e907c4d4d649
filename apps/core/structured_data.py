"""schema.org structured data (JSON-LD) as plain dicts, and the <script> block that carries it.

A `<script type="application/ld+json">` is data, not code: browsers never run it, so the
self-only CSP (script-src 'self') neither blocks it nor reports it. The JSON is escaped like
Django's json_script, so text from the database cannot close the block."""

import json
from collections.abc import Iterable

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

CONTEXT = "https://schema.org"
_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def json_ld(data: dict | list) -> SafeString:
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), default=str).translate(_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))  # noqa: S308 - escaped


def graph(nodes: Iterable[dict]) -> dict:
    return {"@context": CONTEXT, "@graph": [node for node in nodes if node]}


def breadcrumb_list(items: list[tuple[str, str]]) -> dict:
    """`items`: (name, absolute URL) from the home page down to the current page."""
    return {
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": position, "name": name, "item": url}
            for position, (name, url) in enumerate(items, start=1)
        ],
    }


def faq_page(questions: list[tuple[str, str]]) -> dict | None:
    """`questions`: (question, answer) in the page's language; None when there are none."""
    if not questions:
        return None
    return {
        "@type": "FAQPage",
        "mainEntity": [
            {"@type": "Question", "name": question, "acceptedAnswer": {"@type": "Answer", "text": answer}}
            for question, answer in questions
        ],
    }


def review(*, author: str, rating: int, body: str, date_published) -> dict:
    return {
        "@type": "Review",
        "author": {"@type": "Person", "name": author},
        "reviewRating": {"@type": "Rating", "ratingValue": rating, "bestRating": 5, "worstRating": 1},
        "reviewBody": body,
        "datePublished": date_published.isoformat(),
    }


def aggregate_rating(*, average: float, count: int) -> dict:
    return {
        "@type": "AggregateRating",
        "ratingValue": round(float(average), 1),
        "reviewCount": count,
        "bestRating": 5,
        "worstRating": 1,
    }
