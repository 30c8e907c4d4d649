"""`page` / `per_page` pagination with the contract's `pagination` object.

A view names its list key (`pagination_key = "leads"`) and whether it answers in the
v2.0.0 envelope (`pagination_envelope = True`)."""

import math

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers
from rest_framework.pagination import BasePagination
from rest_framework.response import Response

from .responses import envelope
from .serializers import MAX_ID, BaseSerializer

MAX_PER_PAGE = 100


class PageParamsSerializer(BaseSerializer):
    page = serializers.IntegerField(required=False, default=1, min_value=1, max_value=MAX_ID)
    per_page = serializers.IntegerField(required=False, min_value=1, max_value=MAX_ID)

    def validate_per_page(self, value):
        return min(value, MAX_PER_PAGE)  # larger values are clamped, not refused


class PagePagination(BasePagination):
    default_per_page = 20

    def paginate_queryset(self, queryset, request, view=None):
        params = PageParamsSerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        self.view = view
        self.page = params.validated_data["page"]
        self.per_page = params.validated_data.get("per_page") or getattr(
            view, "default_per_page", self.default_per_page
        )
        self.total = queryset.count()
        offset = (self.page - 1) * self.per_page
        if offset >= self.total:
            return []
        return list(queryset[offset : offset + self.per_page])

    def pagination_data(self) -> dict:
        pages = math.ceil(self.total / self.per_page) if self.total else 0
        return {
            "page": self.page,
            "pages": pages,
            "per_page": self.per_page,
            "total": self.total,
            "has_next": self.page < pages,
            "has_prev": self.page > 1,
        }

    def get_paginated_response(self, data):
        key = getattr(self.view, "pagination_key", "results")
        body = {key: data, "pagination": self.pagination_data()}
        if getattr(self.view, "pagination_envelope", False):
            return envelope(body)
        return Response(body)

    def get_schema_operation_parameters(self, view):
        return [
            {
                "name": "page",
                "in": "query",
                "required": False,
                "description": str(_("Page number, from 1")),
                "schema": {"type": "integer", "minimum": 1, "maximum": MAX_ID, "default": 1},
            },
            {
                "name": "per_page",
                "in": "query",
                "required": False,
                "description": str(_("Items per page; values above 100 are clamped to 100")),
                "schema": {
                    "type": "integer",
                    "minimum": 1,
                    "maximum": MAX_ID,
                    "default": getattr(view, "default_per_page", self.default_per_page),
                },
            },
        ]
