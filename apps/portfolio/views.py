"""The public portfolio pages, server-rendered in the visitor's language. Visitors see
published projects; staff may open a draft's page to preview it (it says so)."""

import re

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from . import selectors
from .models import CATEGORY_LABELS, CATEGORY_PATTERN, category_label

PAGE_SIZE = 9


@require_safe
def portfolio_list(request):
    category = request.GET.get("category", "")
    if not re.fullmatch(CATEGORY_PATTERN, category) or len(category) > 50:
        category = ""
    projects = selectors.project_list(category=category or None)
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
        },
    )


@require_safe
def portfolio_detail(request, project_id: int):
    project = selectors.project_get(project_id=int(project_id), user=request.user)
    if project is None:
        raise Http404
    cover = project.cover
    gallery = [image for image in project.images.all() if image is not cover]
    for number, image in enumerate(gallery, start=2):
        image.fallback_alt = _("%(title)s, photo %(number)d") % {"title": project.title, "number": number}
    return render(request, "portfolio/detail.html", {"project": project, "cover": cover, "gallery": gallery})
