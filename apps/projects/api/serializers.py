"""Client projects (contract §5): the project object and the bodies that create and change one."""

from rest_framework import serializers

from apps.accounts.api.fields import StaffUserField
from apps.core.api_fields import MoneyField, OptionalCharField, OptionalEmailField, PhoneField
from apps.core.serializers import BaseModelSerializer, BaseSerializer, IdField, paginated_serializer

from ..models import Project, ProjectStatus


class ProjectSerializer(BaseModelSerializer):
    """The project object of contract §5; `manager` is a user id or null."""

    budget = MoneyField(read_only=True, allow_null=True)
    lead_id = serializers.IntegerField(read_only=True, allow_null=True)

    class Meta:
        model = Project
        fields = [
            "id",
            "name",
            "description",
            "status",
            "budget",
            "currency",
            "deadline",
            "lead_id",
            "client_name",
            "client_email",
            "client_phone",
            "manager",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class ProjectUpdateSerializer(BaseSerializer):
    """Every field optional: PUT and PATCH are both partial."""

    name = serializers.CharField(max_length=200, required=False)
    description = OptionalCharField(max_length=10000)
    status = serializers.ChoiceField(choices=ProjectStatus.choices, required=False)
    budget = MoneyField(required=False, allow_null=True)
    currency = serializers.RegexField(
        r"^[A-Za-z]{3}$", max_length=3, required=False, help_text="ISO 4217 code, e.g. KZT"
    )
    deadline = serializers.DateField(required=False, allow_null=True)
    client_name = OptionalCharField(max_length=150)
    client_email = OptionalEmailField()
    client_phone = PhoneField()
    manager = StaffUserField(required=False, allow_null=True)


class ProjectCreateSerializer(ProjectUpdateSerializer):
    """`name` is required; everything else optional (`status` defaults to `planning`, `currency` to
    the platform's)."""

    name = serializers.CharField(max_length=200)


class ProjectFilterSerializer(BaseSerializer):
    status = serializers.ChoiceField(choices=ProjectStatus.choices, required=False)
    manager = IdField(required=False, help_text="Id of the project's manager")
    search = serializers.CharField(max_length=100, required=False, help_text="Name, client name or client email")
    overdue = serializers.BooleanField(required=False, help_text="true: only open projects whose deadline has passed")


ProjectListResponseSerializer = paginated_serializer("ProjectListResponse", "projects", ProjectSerializer)


class LeadConvertSerializer(BaseSerializer):
    project_name = serializers.CharField(max_length=200)
    budget = MoneyField(required=False, allow_null=True)
    deadline = serializers.DateField(required=False, allow_null=True)
