"""The portfolio's schema.org nodes: a project as CreativeWork, clients' reviews as Review."""

from apps.core import structured_data as ld


def review_nodes(reviews) -> list[dict]:
    """Approved reviews (in the page's language) as schema.org Review nodes."""
    return [ld.review(author=r.name, rating=r.rating, body=r.text, date_published=r.written_on) for r in reviews]


def creative_work(request, project, cover, reviews) -> dict:
    """The project, made by the business (its node's @id), with its clients' approved reviews."""
    node = {
        "@type": "CreativeWork",
        "name": project.title,
        "url": request.build_absolute_uri(project.get_absolute_url()),
        "creator": {"@id": request.build_absolute_uri("/") + "#business"},
    }
    if project.description:
        node["description"] = project.description[:300]
    if cover is not None:
        node["image"] = request.build_absolute_uri(cover.file.file.url)
    if project.technologies:
        node["material"] = list(project.technologies)
    if project.completion_date:
        node["dateCreated"] = project.completion_date.isoformat()
    if reviews:
        node["review"] = review_nodes(reviews)
    return node
