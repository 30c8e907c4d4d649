"""Helpers thin API views share: validate input, paginate a selector's queryset, keep an answer's
bytes."""

from django.http import HttpResponse

from .pagination import PagePagination


def validated(serializer_class, data, **kwargs) -> dict:
    """Run an input serializer; a failure becomes the 422 of the contract."""
    serializer = serializer_class(data=data, **kwargs)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


def paginated_response(view, request, queryset, serializer_class, **serializer_kwargs):
    """One page of `queryset` rendered with `serializer_class` in the view's list shape."""
    paginator = PagePagination()
    page = paginator.paginate_queryset(queryset, request, view=view)
    context = {"request": request, **serializer_kwargs.pop("context", {})}
    data = serializer_class(page, many=True, context=context, **serializer_kwargs).data
    return paginator.get_paginated_response(data)


def media_key(request) -> str:
    """The negotiated media type, as part of a cache key: `application/json; indent=2` is rendered
    otherwise than `application/json`."""
    return request.accepted_media_type.replace(" ", "")


def render_now(view, request, response) -> tuple[bytes, str]:
    """Renders a DRF Response as DRF would on its way out (the negotiated renderer), so that what
    it sends can be kept: (bytes, content type). DRF does not render it a second time."""
    response.accepted_renderer = request.accepted_renderer
    response.accepted_media_type = request.accepted_media_type
    response.renderer_context = view.get_renderer_context()
    response.render()
    return response.content, response["Content-Type"]


def bytes_response(rendered: tuple[bytes, str]) -> HttpResponse:
    """A 200 with what `render_now` kept."""
    body, content_type = rendered
    return HttpResponse(body, content_type=content_type)
