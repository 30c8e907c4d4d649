"""Helpers thin API views share: validate input, paginate a selector's queryset."""

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
