"""sitemap.xml: every public page in every language.

Each language version of a page is its path with `?lang=<code>` (see middleware.py), listed
with its hreflang alternates and the plain path as `x-default`."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from . import selectors
from .languages import codes
from .middleware import LANG_PARAM

# (URL name or path, priority, change frequency). /portfolio belongs to the portfolio app.
STATIC_PAGES = [
    ("site:home", 1.0, "weekly"),
    ("site:services", 0.9, "monthly"),
    ("site:about", 0.6, "monthly"),
    ("site:blog", 0.7, "weekly"),
    ("site:contact", 0.6, "yearly"),
    ("site:consultation", 0.7, "yearly"),
    ("/portfolio", 0.8, "weekly"),
]


def _with_lang(path: str, code: str) -> str:
    return f"{path}?{LANG_PARAM}={code}"


class MultilingualSitemap(Sitemap):
    """Items are (object, language); `path_of(object)` is the page's unprefixed path."""

    protocol = None  # the request's

    def objects(self):
        raise NotImplementedError

    def path_of(self, obj) -> str:
        raise NotImplementedError

    def items(self):
        return [(obj, code) for obj in self.objects() for code in codes()]

    def location(self, item):
        obj, code = item
        return _with_lang(self.path_of(obj), code)

    def get_urls(self, page=1, site=None, protocol=None):
        urls = super().get_urls(page=page, site=site, protocol=protocol)
        for url in urls:
            base = url["location"].split("?", 1)[0]
            url["alternates"] = [{"location": _with_lang(base, code), "lang_code": code} for code in codes()]
            url["alternates"].append({"location": base, "lang_code": "x-default"})
        return urls


class PageSitemap(MultilingualSitemap):
    def objects(self):
        return STATIC_PAGES

    def path_of(self, obj):
        return obj[0] if obj[0].startswith("/") else reverse(obj[0])

    def priority(self, item):
        return item[0][1]

    def changefreq(self, item):
        return item[0][2]


class ServiceSitemap(MultilingualSitemap):
    priority = 0.9
    changefreq = "monthly"

    def objects(self):
        return selectors.service_page_list()

    def path_of(self, obj):
        return obj.get_absolute_url()

    def lastmod(self, item):
        return item[0].updated_at


class BlogSitemap(MultilingualSitemap):
    priority = 0.6
    changefreq = "monthly"

    def objects(self):
        return selectors.blog_post_list()

    def path_of(self, obj):
        return obj.get_absolute_url()

    def lastmod(self, item):
        return item[0].updated_at


class PortfolioSitemap(MultilingualSitemap):
    """The published portfolio projects (the portfolio app's pages), as visitors see them."""

    priority = 0.7
    changefreq = "monthly"

    def objects(self):
        from apps.portfolio.selectors import project_list

        return project_list(user=None)

    def path_of(self, obj):
        return obj.get_absolute_url()

    def lastmod(self, item):
        return item[0].updated_at


SITEMAPS = {"pages": PageSitemap, "services": ServiceSitemap, "blog": BlogSitemap, "portfolio": PortfolioSitemap}
