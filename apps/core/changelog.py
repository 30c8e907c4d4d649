"""CHANGELOG.md -> releases for the HTML page and the RSS 2.0 feed (contract §14).

Releases are `## [VERSION] - YYYY-MM-DD` headings (Keep a Changelog)."""

import re
from datetime import UTC, date, datetime
from functools import lru_cache

import markdown
import nh3
from django.conf import settings
from django.utils.feedgenerator import Rss201rev2Feed

RELEASE = re.compile(r"^## \[(?P<version>[^\]]+)\](?:\s*-\s*(?P<date>\d{4}-\d{2}-\d{2}))?\s*$", re.MULTILINE)


@lru_cache(maxsize=1)
def releases() -> list[dict]:
    text = (settings.BASE_DIR / "CHANGELOG.md").read_text(encoding="utf-8")
    matches = list(RELEASE.finditer(text))
    result = []
    for index, match in enumerate(matches):
        end = matches[index + 1].start() if index + 1 < len(matches) else len(text)
        body = text[match.end() : end].strip()
        released = date.fromisoformat(match["date"]) if match["date"] else None
        result.append(
            {
                "version": match["version"],
                "date": released,
                "anchor": "v" + re.sub(r"[^0-9A-Za-z.-]", "-", match["version"]),
                "html": nh3.clean(markdown.markdown(body, extensions=["extra"])),
            }
        )
    return result


def rss(*, base_url: str) -> str:
    feed = Rss201rev2Feed(
        title="BaiMuras Platform API — changelog",
        link=f"{base_url}/api/changelog",
        description="Changes to the BaiMuras Platform API",
        language="en",
        feed_url=f"{base_url}/api/changelog.rss",
    )
    for release in releases():
        published = (
            datetime(release["date"].year, release["date"].month, release["date"].day, tzinfo=UTC)
            if release["date"]
            else None
        )
        feed.add_item(
            title=f"v{release['version']}",
            link=f"{base_url}/api/changelog#{release['anchor']}",
            description=release["html"],
            unique_id=f"{base_url}/api/changelog#{release['anchor']}",
            unique_id_is_permalink=True,
            pubdate=published,
        )
    return feed.writeString("utf-8")
