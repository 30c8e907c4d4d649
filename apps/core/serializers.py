"""Serializer building blocks shared by every API."""

import copy

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from rest_framework import serializers

from .timeutils import to_utc_iso

# The largest id a database integer column holds (SQLite and PostgreSQL bigint). Ids and counts
# from a client are bounded by it, so a huge number is a 422, never an overflow in the database.
MAX_ID = 2**63 - 1


class IdField(serializers.IntegerField):
    """The id of a record, as a client sends it: 1 .. MAX_ID."""

    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(**kwargs)


class UTCDateTimeField(serializers.DateTimeField):
    """Timestamps out as ISO 8601 UTC with a `Z`, whatever TIME_ZONE the admin uses."""

    def to_representation(self, value):
        if not value:
            return None
        if isinstance(value, str):
            return value
        return to_utc_iso(value)


def _copy_field(field):
    """A field of its own for a new serializer. A plain field is copied shallowly: binding sets its
    own attributes (name, parent, source) and nothing mutates what it shares with the class's set
    (choices, validators). A field holding other fields (a nested serializer, a list's child, a
    many-relation) is copied deeply, as DRF copies declared fields: those are bound to their parent."""
    if isinstance(field, serializers.BaseSerializer) or hasattr(field, "child") or hasattr(field, "child_relation"):
        return copy.deepcopy(field)
    return copy.copy(field)


class BaseSerializer(serializers.Serializer):
    def get_fields(self):
        """The declared fields, each copied as `_copy_field` copies: DRF deep-copies them for every
        serializer it makes, which builds each field anew from its arguments (an inquiry's input
        serializer: about a quarter of a millisecond)."""
        return {name: _copy_field(field) for name, field in self._declared_fields.items()}


class BaseModelSerializer(serializers.ModelSerializer):
    serializer_field_mapping = {
        **serializers.ModelSerializer.serializer_field_mapping,
        models.DateTimeField: UTCDateTimeField,
    }

    def get_fields(self):
        """The fields as ModelSerializer builds them, built once per class: DRF works them out from
        the model's fields (mapping, kwargs, validators) for every serializer it makes, about a
        millisecond each time. What it builds depends on the class only (Meta, declared fields), so
        each serializer gets a deep copy of the class's set, as DRF copies declared fields."""
        built = type(self).__dict__.get("_built_fields")
        if built is None:
            built = self._build_fields()
            type(self)._built_fields = built
        return {name: _copy_field(field) for name, field in built.items()}

    def _build_fields(self):
        """DRF drops `allow_blank`/`allow_null` from read-only fields, so the schema would claim that
        an optional choice (a lead's `service_interest`) is never "" or null. Put them back from
        the model field, for the schema to say what the answers really hold."""
        fields = super().get_fields()
        model = getattr(getattr(self, "Meta", None), "model", None)
        for name, field in fields.items():
            if not (field.read_only and isinstance(field, serializers.ChoiceField)) or model is None:
                continue
            try:
                model_field = model._meta.get_field(field.source or name)
            except FieldDoesNotExist:
                continue
            field.allow_blank = field.allow_blank or bool(getattr(model_field, "blank", False))
            field.allow_null = field.allow_null or bool(getattr(model_field, "null", False))
        return fields


class ErrorDetailSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="Machine-readable code, e.g. VALIDATION_ERROR")
    message = serializers.CharField(help_text="Human-readable message in the request's language")
    details = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        help_text="Field name (dotted for nested) -> list of messages; {} when nothing is per field",
    )


class ErrorSerializer(serializers.Serializer):
    success = serializers.BooleanField(default=False)
    error = ErrorDetailSerializer()
    timestamp = UTCDateTimeField()


class PaginationSerializer(serializers.Serializer):
    page = serializers.IntegerField()
    pages = serializers.IntegerField()
    per_page = serializers.IntegerField()
    total = serializers.IntegerField()
    has_next = serializers.BooleanField()
    has_prev = serializers.BooleanField()


def envelope_serializer(name: str, data, *, with_message: bool | str = False):
    """An OpenAPI component for {"success": true, "data": <data>, "message"?, "timestamp"};
    `with_message="optional"` where only some of the operations answering with it send a message."""
    fields = {
        "success": serializers.BooleanField(default=True),
        "data": data,
        "timestamp": UTCDateTimeField(),
    }
    if with_message:
        fields["message"] = serializers.CharField(required=with_message != "optional")
    return type(name, (serializers.Serializer,), fields)


def paginated_serializer(name: str, key: str, item):
    """An OpenAPI component for {"<key>": [item, ...], "pagination": {...}}."""
    return type(name, (serializers.Serializer,), {key: item(many=True), "pagination": PaginationSerializer()})
