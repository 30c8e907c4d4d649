"""Consultations (contract §5): the consultation object and the bodies that request and change one."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from apps.accounts.api.fields import StaffUserField
from apps.core.api_fields import OptionalCharField, OptionalChoiceField, OptionalEmailField, PhoneField
from apps.core.serializers import BaseModelSerializer, BaseSerializer, envelope_serializer, paginated_serializer
from apps.leads.api.serializers import CONTACT_RULE, PHONE_RULE
from apps.leads.models import ServiceInterest

from ..models import Consultation, ConsultationStatus, ConsultationType


class ConsultationSerializer(BaseModelSerializer):
    """The consultation object of contract §5; `assigned_to` is a user id or null."""

    lead_id = serializers.IntegerField(read_only=True, allow_null=True)

    class Meta:
        model = Consultation
        fields = [
            "id",
            "name",
            "email",
            "phone",
            "service_type",
            "consultation_type",
            "preferred_date",
            "scheduled_at",
            "message",
            "status",
            "assigned_to",
            "lead_id",
            "created_at",
        ]
        read_only_fields = fields


def consultation_receipt(consultation) -> dict:
    """What a caller who is not staff learns about the consultation they asked for: their own
    request, never the lead it joined or the manager who already has that lead."""
    return {**ConsultationSerializer(consultation).data, "assigned_to": None, "lead_id": None}


class ConsultationRequestSerializer(BaseSerializer):
    """The v2.1.0 body: `name` and at least one of `email` or `phone`."""

    cross_field_rules = (
        CONTACT_RULE,
        PHONE_RULE,
        "`preferred_date` may be any date, today, past or future: a manager agrees the real time",
    )
    name = serializers.CharField(max_length=150)
    email = OptionalEmailField()
    phone = PhoneField()
    service_type = OptionalChoiceField(choices=ServiceInterest.choices)
    consultation_type = serializers.ChoiceField(choices=ConsultationType.choices, default=ConsultationType.OFFICE_VISIT)
    preferred_date = serializers.DateField(
        required=False,
        allow_null=True,
        help_text="YYYY-MM-DD, the day the client would like; any date is accepted, a past one too (v2.1.0's example)",
    )
    message = OptionalCharField(max_length=5000)


class ConsultationUpdateSerializer(BaseSerializer):
    """Every field optional: PUT and PATCH are both partial. Setting `scheduled_at` on a `new`
    consultation makes it `scheduled` (and arms the reminders)."""

    cross_field_rules = (
        "Setting `scheduled_at` on a `new` consultation makes it `scheduled`; a consultation whose status "
        "is (or becomes) `scheduled` needs a `scheduled_at`",
        "`assigned_to` must be an active manager or admin",
    )

    name = serializers.CharField(max_length=150, required=False)
    email = OptionalEmailField()
    phone = PhoneField()
    service_type = OptionalChoiceField(choices=ServiceInterest.choices)
    consultation_type = serializers.ChoiceField(choices=ConsultationType.choices, required=False)
    preferred_date = serializers.DateField(required=False, allow_null=True)
    scheduled_at = serializers.DateTimeField(
        required=False, allow_null=True, help_text="ISO 8601; without an offset, the company's time zone"
    )
    message = OptionalCharField(max_length=5000)
    status = serializers.ChoiceField(choices=ConsultationStatus.choices, required=False)
    assigned_to = StaffUserField(required=False, allow_null=True)


class ConsultationFilterSerializer(BaseSerializer):
    cross_field_rules = ("`date_to` must not be before `date_from`",)

    status = serializers.ChoiceField(choices=ConsultationStatus.choices, required=False)
    service_type = serializers.ChoiceField(choices=ServiceInterest.choices, required=False)
    date_from = serializers.DateField(
        required=False, help_text="YYYY-MM-DD: meetings on or after (scheduled, else preferred date)"
    )
    date_to = serializers.DateField(required=False, help_text="YYYY-MM-DD: meetings on or before")

    def validate(self, attrs):
        if attrs.get("date_from") and attrs.get("date_to") and attrs["date_from"] > attrs["date_to"]:
            raise serializers.ValidationError({"date_to": [_("date_to must not be before date_from")]})
        return attrs


ConsultationListResponseSerializer = paginated_serializer(
    "ConsultationListResponse", "consultations", ConsultationSerializer
)
ConsultationEnvelopeSerializer = envelope_serializer("ConsultationEnvelope", ConsultationSerializer())
