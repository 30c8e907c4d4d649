"""Serializer fields about users that other apps' APIs use."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from ..models import Role, User


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
        user = super().to_internal_value(data)
        if user.role not in (Role.ADMIN, Role.MANAGER) or not user.is_active:
            self.fail("not_staff")
        return user
