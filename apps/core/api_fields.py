"""Serializer fields every API shares (leads, contact messages, projects, consultations, ...)."""

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import serializers

from apps.core.phones import normalize_phone


class NullAsBlankMixin:
    """Optional text: absent, `null` and `""` all mean "none" (stored as "")."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("allow_blank", True)
        kwargs.setdefault("allow_null", True)
        super().__init__(**kwargs)

    def validate_empty_values(self, data):
        is_empty, value = super().validate_empty_values(data)
        if is_empty and value is None:
            return True, ""
        return is_empty, value


class OptionalCharField(NullAsBlankMixin, serializers.CharField):
    pass


class OptionalEmailField(NullAsBlankMixin, serializers.EmailField):
    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 254)
        super().__init__(**kwargs)


class OptionalChoiceField(NullAsBlankMixin, serializers.ChoiceField):
    pass


class PhoneField(NullAsBlankMixin, serializers.CharField):
    """A phone number in any common spelling (`+7 777 123 45 67`, `87771234567`) in; E.164 after
    validation, as the services store it."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 32)
        kwargs.setdefault("help_text", "Any common spelling; stored and answered in E.164 (+77774445566)")
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        value = super().to_internal_value(data)
        try:
            return normalize_phone(value)
        except DjangoValidationError as exc:
            raise serializers.ValidationError(exc.messages) from exc


class MoneyField(serializers.DecimalField):
    """A non-negative amount, a JSON number (at most 12 digits before the point, 2 after)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_digits", 14)
        kwargs.setdefault("decimal_places", 2)
        kwargs.setdefault("min_value", 0)
        kwargs.setdefault("coerce_to_string", False)
        super().__init__(**kwargs)
