"""The public portfolio pages, server-rendered in the visitor's language. Visitors see
published projects; staff may open a draft's page to preview it (it says so)."""

import re

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_safe

from apps.core import structured_data as ld

from . import selectors
from .models import CATEGORY_LABELS, CATEGORY_PATTERN, category_label
from .structured_data import creative_work

PAGE_SIZE = 9


@require_safe
def portfolio_list(request):
    category = request.GET.get("category", "")
    if not re.fullmatch(CATEGORY_PATTERN, category) or len(category) > 50:
        category = ""
    material = request.GET.get("material", "").strip()[:100]
    projects = selectors.project_list(category=category or None, material=material or None)
    page = Paginator(projects, PAGE_SIZE).get_page(request.GET.get("page"))
    # The company's own categories in their usual order, then any other slug alphabetically.
    known = list(CATEGORY_LABELS)
    slugs = sorted(selectors.published_categories(), key=lambda s: (known.index(s) if s in known else len(known), s))
    categories = [(slug, category_label(slug)) for slug in slugs]
    return render(
        request,
        "portfolio/list.html",
        {
            "page": page,
            "projects": page.object_list,
            "categories": categories,
            "category": category,
            "category_name": category_label(category) if category else "",
            "material": material,
            "structured_data": [_breadcrumbs(request, (_("Portfolio"), reverse("portfolio:list")))],
        },
    )


def _breadcrumbs(request, *items: tuple[str, str]) -> dict:
    trail = [(pgettext("breadcrumbs", "Home"), "/"), *items]
    return ld.breadcrumb_list([(name, request.build_absolute_uri(path)) for name, path in trail])


@require_safe
def portfolio_detail(request, project_id: int):
    project = selectors.project_get(project_id=int(project_id), user=request.user)
    if project is None:
        raise Http404
    cover = project.cover
    gallery = [image for image in project.images.all() if image is not cover]
    for number, image in enumerate(gallery, start=2):
        image.fallback_alt = _("%(title)s, photo %(number)d") % {"title": project.title, "number": number}
    reviews = list(selectors.review_list(project=project)[:6])
    context = {
        "project": project,
        "cover": cover,
        "gallery": gallery,
        "reviews": reviews,
        "structured_data": [
            _breadcrumbs(
                request, (_("Portfolio"), reverse("portfolio:list")), (project.title, project.get_absolute_url())
            ),
            creative_work(request, project, cover, reviews),
        ],
    }
    return render(request, "portfolio/detail.html", context)
