"""Leads (contract §4) and contact messages (§7): the objects the API answers with and the bodies
it accepts. Serializers check types and lengths; the services own the business rules."""

from datetime import date, datetime

from django.core.exceptions import ObjectDoesNotExist
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from apps.accounts.api.fields import StaffUserField
from apps.core.api_fields import OptionalCharField, OptionalChoiceField, OptionalEmailField, PhoneField
from apps.core.serializers import (
    BaseModelSerializer,
    BaseSerializer,
    IdField,
    UTCDateTimeField,
    envelope_serializer,
    paginated_serializer,
)
from apps.core.timeutils import to_utc_iso

from ..models import ContactMessage, ContactMessageStatus, Lead, LeadStatus, ServiceInterest
from ..selectors import ATTRIBUTION_FIELDS

# Rules across fields the schema states (apps.core.schema); the services enforce them.
CONTACT_RULE = "`name` must not be blank, and at least one of `email` or `phone` is required (blank counts as missing)"
PHONE_RULE = "`phone` is normalized to E.164 (`+77771234567`); a number that cannot be read as one is refused"

# --- Leads -------------------------------------------------------------------------------------


class LeadAttributionSerializer(BaseSerializer):
    """Where the visitor who sent the lead's first inquiry came from (kept by the analytics app)."""

    channel = serializers.CharField(help_text="`direct`, `search`, `social` or `referral`")
    referrer_host = serializers.CharField(help_text="The referring site's host; empty for a direct visit or utm tags")
    utm_source = serializers.CharField()
    utm_medium = serializers.CharField()
    utm_campaign = serializers.CharField()
    landing_page = serializers.CharField(help_text="The path the visit began on")


class LeadSerializer(BaseModelSerializer):
    """The lead object of contract §4; `assigned_to` is a user id or null. `attribution` is for
    staff only (anyone else is answered with a receipt in which it is null)."""

    project_id = serializers.SerializerMethodField()
    attribution = serializers.SerializerMethodField()

    class Meta:
        model = Lead
        fields = [
            "id",
            "name",
            "email",
            "phone",
            "status",
            "source",
            "service_interest",
            "notes",
            "assigned_to",
            "project_id",
            "attribution",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_project_id(self, lead) -> int | None:
        try:
            return lead.project.pk
        except ObjectDoesNotExist:
            return None

    @extend_schema_field(
        LeadAttributionSerializer(
            allow_null=True,
            help_text="Read-only, staff only: the source of the visit that sent the lead's first inquiry "
            "(channel, referrer, utm tags, landing page), recorded when a browser's visit sent it through the "
            "site's forms or the public API. Null when no visit is behind the lead (phone, managers, automations) "
            "and always null for anyone who is not staff.",
        )
    )
    def get_attribution(self, lead) -> dict | None:
        # The analytics app's reverse one-to-one (`LeadAttribution.lead`), read without importing it.
        try:
            attribution = lead.attribution
        except (ObjectDoesNotExist, AttributeError):
            return None
        return {field: getattr(attribution, field) for field in ATTRIBUTION_FIELDS}

    def to_representation(self, lead):
        # Written out directly (issue 13): DRF's field machinery (a copy of each declared field for
        # every instance, then each field's to_representation) cost more than the rest of an
        # inquiry's answer. The declared fields still describe it (the schema); tests hold the two equal.
        return lead_object(lead, project_id=self.get_project_id(lead), attribution=self.get_attribution(lead))


def lead_object(lead, *, project_id: int | None, attribution: dict | None) -> dict:
    """The lead object of contract §4."""
    return {
        "id": lead.pk,
        "name": lead.name,
        "email": lead.email,
        "phone": lead.phone,
        "status": lead.status,
        "source": lead.source,
        "service_interest": lead.service_interest,
        "notes": lead.notes,
        "assigned_to": lead.assigned_to_id,
        "project_id": project_id,
        "attribution": attribution,
        "created_at": to_utc_iso(lead.created_at) if lead.created_at else None,
        "updated_at": to_utc_iso(lead.updated_at) if lead.updated_at else None,
    }


class LeadListItemSerializer(LeadSerializer):
    """The same lead object for the list. Rows come from `selectors.lead_list_rows`, whose
    `project_pk` and `attribution_*` columns replace the joins."""

    def to_representation(self, lead):
        return lead_object(
            lead,
            project_id=lead.project_pk,
            attribution=(
                None
                if lead.attribution_channel is None  # a source always has a channel: no row joined
                else {field: getattr(lead, f"attribution_{field}") for field in ATTRIBUTION_FIELDS}
            ),
        )


class LeadPublicCreateSerializer(BaseSerializer):
    """What anyone may send: the inquiry itself. `name` and at least one of `email` or `phone`."""

    cross_field_rules = (CONTACT_RULE, PHONE_RULE)
    name = serializers.CharField(max_length=150)
    email = OptionalEmailField()
    phone = PhoneField()
    service_interest = OptionalChoiceField(choices=ServiceInterest.choices)
    notes = OptionalCharField(max_length=5000)


class LeadCreateSerializer(LeadPublicCreateSerializer):
    cross_field_rules = (
        *LeadPublicCreateSerializer.cross_field_rules,
        "`assigned_to` must be an active manager or admin",
    )

    source = serializers.SlugField(
        max_length=50, required=False, help_text="Short slug: api (default), social_media, referral, phone, ..."
    )
    assigned_to = StaffUserField(required=False, allow_null=True)


class LeadUpdateSerializer(BaseSerializer):
    """Every field optional: PUT and PATCH are both partial."""

    cross_field_rules = (
        "After the update the lead still has a non-blank `name` and an `email` or a `phone`",
        PHONE_RULE,
        "`status` cannot be set to `converted` (POST /api/v1/leads/{id}/convert does that), and a converted "
        "lead's status cannot change",
        "`assigned_to` must be an active manager or admin",
    )

    name = serializers.CharField(max_length=150, required=False)
    email = OptionalEmailField()
    phone = PhoneField()
    status = serializers.ChoiceField(
        choices=LeadStatus.choices,
        required=False,
        help_text="`converted` is reached only through POST /api/v1/leads/{id}/convert",
    )
    source = serializers.SlugField(max_length=50, required=False)
    service_interest = OptionalChoiceField(choices=ServiceInterest.choices)
    notes = OptionalCharField(max_length=5000)
    assigned_to = StaffUserField(required=False, allow_null=True)


class LeadFilterSerializer(BaseSerializer):
    status = serializers.ChoiceField(choices=LeadStatus.choices, required=False)
    source = serializers.SlugField(max_length=50, required=False)
    service_interest = serializers.ChoiceField(choices=ServiceInterest.choices, required=False)
    assigned_to = IdField(required=False, help_text="Id of the assigned manager")
    search = serializers.CharField(max_length=100, required=False, help_text="Name, email or phone")


LeadListResponseSerializer = paginated_serializer("LeadListResponse", "leads", LeadSerializer)


# --- Contact messages --------------------------------------------------------------------------

RECEIVED = "received"  # what the API reports for a message it has just stored (as `new`)


class ContactMessageSerializer(BaseModelSerializer):
    lead_id = serializers.IntegerField(read_only=True, allow_null=True)

    class Meta:
        model = ContactMessage
        fields = [
            "id",
            "name",
            "email",
            "phone",
            "subject",
            "message",
            "project_type",
            "budget",
            "status",
            "lead_id",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class ContactMessageCreateSerializer(BaseSerializer):
    """The v2.0.0 body. `name`, `message` and at least one of `email` or `phone`."""

    cross_field_rules = (
        "`name` and `message` must not be blank, and at least one of `email` or `phone` is required "
        "(blank counts as missing)",
        PHONE_RULE,
        "A non-blank `website` (the bot trap) is answered 201 like any message, and nothing is stored",
    )
    name = serializers.CharField(max_length=150)
    email = OptionalEmailField()
    phone = PhoneField()
    subject = OptionalCharField(max_length=200)
    message = serializers.CharField(max_length=5000)
    project_type = OptionalCharField(max_length=100, help_text="Free text, e.g. kitchen or website")
    budget = OptionalCharField(max_length=100, help_text="Free text or a number, e.g. 100000-500000")
    website = OptionalCharField(
        max_length=200, write_only=True, help_text="Leave empty. A spam trap for bots: never shown to people."
    )


class ContactMessageReceiptSerializer(BaseSerializer):
    id = serializers.IntegerField()
    status = serializers.ChoiceField(choices=[RECEIVED])
    created_at = UTCDateTimeField()


class ContactMessageStatusSerializer(BaseSerializer):
    status = serializers.ChoiceField(choices=ContactMessageStatus.choices)


@extend_schema_field({"type": "string", "example": "2025-06-20"})
class DateOrInstantField(serializers.Field):
    """`YYYY-MM-DD` (a whole day, in the site's time zone) or an ISO 8601 instant
    (`2025-06-20T08:23:20Z`): the seed says "ISO 8601" and shows both in its examples."""

    default_error_messages = {
        "invalid": _("Enter a date (YYYY-MM-DD) or an ISO 8601 date and time"),
    }

    def to_internal_value(self, data) -> date | datetime:
        value = str(data).strip() if isinstance(data, str) else ""
        try:
            parsed = parse_date(value) or parse_datetime(value)
        except ValueError:
            parsed = None
        if parsed is None:
            self.fail("invalid")
        if isinstance(parsed, datetime) and timezone.is_naive(parsed):
            parsed = timezone.make_aware(parsed)
        return parsed

    def to_representation(self, value):
        return value.isoformat()


class ContactMessageFilterSerializer(BaseSerializer):
    status = serializers.ChoiceField(choices=ContactMessageStatus.choices, required=False)
    date_from = DateOrInstantField(required=False, help_text="Sent on or after (YYYY-MM-DD or ISO 8601)")
    date_to = DateOrInstantField(required=False, help_text="Sent on or before (YYYY-MM-DD or ISO 8601)")


ContactMessageReceiptEnvelopeSerializer = envelope_serializer(
    "ContactMessageReceiptEnvelope", ContactMessageReceiptSerializer(), with_message=True
)
ContactMessageEnvelopeSerializer = envelope_serializer("ContactMessageEnvelope", ContactMessageSerializer())
ContactMessageListEnvelopeSerializer = envelope_serializer(
    "ContactMessageListEnvelope", paginated_serializer("ContactMessageList", "messages", ContactMessageSerializer)()
)
