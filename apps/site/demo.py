"""Demo blog posts for `load_demo` (their copy, in ru, kk and ky, is in demo_posts.json).
Idempotent: a post that exists (by slug) is left as managers have edited it."""

import json
from datetime import datetime
from pathlib import Path

from django.utils import timezone

from . import services
from .models import ServicePage

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
    return {"created": created, "kept": kept}


def _confirm_demo_client() -> None:
    """The demo client (apps.accounts.demo) sees their records on /dashboard at once."""
    from apps.accounts.models import User

    from .models import EmailConfirmation

    user = User.objects.filter(email__iexact="client@baimuras.local").first()
    if user is not None:
        EmailConfirmation.objects.get_or_create(user=user, defaults={"email": user.email})
