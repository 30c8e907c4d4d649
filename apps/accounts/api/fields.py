"""Serializer fields about users that other apps' APIs use."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from apps.core.serializers import MAX_ID

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
