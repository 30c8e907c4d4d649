"""What kind of visit a request is: the device class from the user agent (ua-parser's rules
through the `user-agents` library), the traffic channel from the referrer and `utm_*`."""

from functools import lru_cache
from urllib.parse import urlsplit

from user_agents import parse as parse_user_agent

from .models import Channel, Device

SEARCH_ENGINES = (
    "google.",
    "yandex.",
    "ya.ru",
    "bing.com",
    "duckduckgo.com",
    "yahoo.",
    "go.mail.ru",
    "search.",
    "baidu.com",
    "ecosia.org",
    "startpage.com",
    "qwant.com",
)
SOCIAL_NETWORKS = (
    "instagram.com",
    "facebook.com",
    "fb.com",
    "fb.me",
    "vk.com",
    "vk.ru",
    "vk.cc",
    "t.me",
    "telegram.org",
    "telegram.me",
    "whatsapp.com",
    "wa.me",
    "youtube.com",
    "youtu.be",
    "tiktok.com",
    "ok.ru",
    "twitter.com",
    "x.com",
    "t.co",
    "linkedin.com",
    "pinterest.com",
    "threads.net",
)
# utm_source values people put in links (no host to match): the same networks and engines.
SOCIAL_SOURCES = {
    "instagram",
    "ig",
    "facebook",
    "fb",
    "vk",
    "vkontakte",
    "telegram",
    "tg",
    "whatsapp",
    "wa",
    "youtube",
    "yt",
    "tiktok",
    "ok",
    "odnoklassniki",
    "twitter",
    "x",
    "linkedin",
    "pinterest",
    "threads",
}
SEARCH_SOURCES = {"google", "yandex", "bing", "duckduckgo", "yahoo", "mail.ru", "baidu"}
SOCIAL_MEDIUMS = {"social", "social-network", "social_network", "smm", "sm", "stories", "reels"}
SEARCH_MEDIUMS = {"organic", "cpc", "ppc", "paidsearch", "paid-search", "search"}

MAX_FIELD = 100


def _matches(host: str, suffixes: tuple[str, ...]) -> bool:
    for suffix in suffixes:
        if suffix.endswith("."):  # google. -> google.com, google.kz, www.google.co.uk
            if host.startswith(suffix) or f".{suffix}" in f".{host}":
                return True
        elif host == suffix or host.endswith(f".{suffix}"):
            return True
    return False


def referrer_host(referrer: str) -> str:
    """The referring site's host without `www.`; "" for none or garbage."""
    try:
        host = (urlsplit(referrer or "").hostname or "").lower()
    except ValueError:
        return ""
    return host.removeprefix("www.")[:MAX_FIELD]


def channel_of(*, host: str, utm_source: str = "", utm_medium: str = "") -> str:
    """Direct, search, social or referral. The link's own `utm_*` tags win over the referrer
    (an Instagram story link often arrives with no referrer at all)."""
    source, medium = utm_source.lower(), utm_medium.lower()
    if source or medium:
        if medium in SOCIAL_MEDIUMS or source in SOCIAL_SOURCES or _matches(source, SOCIAL_NETWORKS):
            return Channel.SOCIAL
        if medium in SEARCH_MEDIUMS or source in SEARCH_SOURCES or _matches(source, SEARCH_ENGINES):
            return Channel.SEARCH
        return Channel.REFERRAL
    if not host:
        return Channel.DIRECT
    if _matches(host, SOCIAL_NETWORKS):
        return Channel.SOCIAL
    if _matches(host, SEARCH_ENGINES):
        return Channel.SEARCH
    return Channel.REFERRAL


@lru_cache(maxsize=2048)
def device_of(user_agent: str) -> str | None:
    """desktop, mobile or tablet; None for a bot, a headless browser or anything that is not a
    browser (curl, libraries, link previews), which are not counted."""
    if not user_agent or not user_agent.startswith("Mozilla/") or "headless" in user_agent.lower():
        return None
    agent = parse_user_agent(user_agent[:500])
    if agent.is_bot:
        return None
    if agent.is_tablet:
        return Device.TABLET
    if agent.is_mobile:
        return Device.MOBILE
    if agent.is_pc:
        return Device.DESKTOP
    return None
