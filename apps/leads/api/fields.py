"""Input fields the CRM APIs (leads, contact messages, projects, consultations) share."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from apps.accounts.models import Role, User
from apps.core.phones import normalize_phone
from apps.core.serializers import MAX_ID


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


class StaffUserField(serializers.PrimaryKeyRelatedField):
    """The id of an active manager or admin (whom a lead, project or consultation is assigned to)."""

    default_error_messages = {
        "not_staff": _("Only an active manager or admin can be assigned"),
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("queryset", User.objects.all())
        kwargs.setdefault("help_text", "Id of an active manager or admin")
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        if isinstance(data, bool):  # True would otherwise be looked up as pk=1
            self.fail("incorrect_type", data_type=type(data).__name__)
        # A number past the database's integer range is no one's id (and would overflow the query).
        try:
            out_of_range = not 1 <= int(data) <= MAX_ID
        except (TypeError, ValueError):
            out_of_range = False  # DRF's own check names the wrong type
        if out_of_range:
            self.fail("does_not_exist", pk_value=data)
        user = super().to_internal_value(data)
        if user.role not in (Role.ADMIN, Role.MANAGER) or not user.is_active:
            self.fail("not_staff")
        return user
