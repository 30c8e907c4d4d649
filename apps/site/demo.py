"""Demo blog posts for `load_demo` (their copy, in ru, kk and ky, is in demo_posts.json).
Idempotent: a post that exists (by slug) is left as managers have edited it."""

import json
from datetime import datetime
from pathlib import Path

from django.utils import timezone

from . import services
from .demo_services import FAQ, SERVICE_DETAILS
from .models import FaqItem, ServicePage

POSTS_FILE = Path(__file__).with_name("demo_posts.json")
TRANSLATED_FIELDS = ("title", "excerpt", "body", "meta_description")


def load() -> dict:
    """Add the demo posts that are missing. Returns {"created": n, "kept": n}."""
    created = kept = 0
    services_by_slug = {s.slug: s for s in ServicePage.objects.all()}
    for post in json.loads(POSTS_FILE.read_text(encoding="utf-8")):
        year, month, day = (int(part) for part in post["published_at"].split("-"))
        translations = {
            language: {field: post[language][field] for field in TRANSLATED_FIELDS} for language in ("ru", "kk", "ky")
        }
        _post, was_created = services.blog_post_upsert(
            slug=post["slug"],
            translations=translations,
            illustration=post["illustration"],
            service=services_by_slug.get(post["service"]),
            published_at=timezone.make_aware(datetime(year, month, day, 10, 0)),
            is_published=True,
        )
        created += was_created
        kept += not was_created
    _confirm_demo_client()
    _service_details(services_by_slug)
    _faq(services_by_slug)
    return {"created": created, "kept": kept}


def _service_details(services_by_slug: dict) -> None:
    """Prices, durations and inclusions for services that have none yet (managers' prices stay)."""
    for slug, spec in SERVICE_DETAILS.items():
        service = services_by_slug.get(slug)
        if service is None or service.has_price:
            continue
        services.service_details_set(
            service=service,
            price_from_kzt=spec["price_from_kzt"],
            price_from_kgs=spec["price_from_kgs"],
            price_unit=spec["price_unit"],
            translations={
                language: {"duration": spec[language]["duration"], "included": "\n".join(spec[language]["included"])}
                for language in ("ru", "kk", "ky")
            },
        )


def _faq(services_by_slug: dict) -> None:
    """The demo questions that are missing (matched by their Russian wording)."""
    for slug, items in FAQ.items():
        service = services_by_slug.get(slug) if slug else None
        if slug and service is None:
            continue
        for order, item in enumerate(items, start=1):
            if FaqItem.objects.filter(service=service, question_ru=item["ru"][0]).exists():
                continue
            faq = FaqItem(service=service, order=order)
            for language, (question, answer) in item.items():
                setattr(faq, f"question_{language}", question)
                setattr(faq, f"answer_{language}", answer)
            services.faq_item_save(item=faq)


def _confirm_demo_client() -> None:
    """The demo client (apps.accounts.demo) sees their records on /dashboard at once."""
    from apps.accounts.models import User

    from .models import EmailConfirmation

    user = User.objects.filter(email__iexact="client@baimuras.local").first()
    if user is not None:
        EmailConfirmation.objects.get_or_create(user=user, defaults={"email": user.email})
