"""Analytics (contract §8): the period a report covers, and the shapes of the two reports."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from apps.core.serializers import BaseSerializer, envelope_serializer

from ..selectors import PERIOD_DAYS

MAX_RANGE_DAYS = 3 * 366


class PeriodSerializer(BaseSerializer):
    cross_field_rules = (
        f"`date_to` must not be before `date_from`, and a period is at most {MAX_RANGE_DAYS} days long",
        "`date_from` or `date_to` win over `period`; one date alone runs to today (`date_from`) or back "
        "by the period's length (`date_to`)",
    )

    period = serializers.ChoiceField(
        choices=list(PERIOD_DAYS),
        required=False,
        help_text="day (today), week, month or year (the last 7, 30, 365 days)",
    )
    date_from = serializers.DateField(required=False, help_text="First day, YYYY-MM-DD (company time zone)")
    date_to = serializers.DateField(required=False, help_text="Last day, inclusive, YYYY-MM-DD")

    def validate(self, attrs):
        start, end = attrs.get("date_from"), attrs.get("date_to")
        if start and end and start > end:
            raise serializers.ValidationError({"date_to": [_("The end date is before the start date")]})
        if start and end and (end - start).days >= MAX_RANGE_DAYS:
            raise serializers.ValidationError(
                {"date_from": [_("A period is at most %(days)d days long") % {"days": MAX_RANGE_DAYS}]}
            )
        return attrs


def _obj(component: str, **fields):
    return type(component, (serializers.Serializer,), fields)()


def _percent(help_text: str = ""):
    return serializers.FloatField(help_text=help_text or "Percent of visits")


_PeriodOut = _obj(
    "AnalyticsPeriod", name=serializers.CharField(), date_from=serializers.DateField(), date_to=serializers.DateField()
)

StatsSerializer = type(
    "AnalyticsStats",
    (serializers.Serializer,),
    {
        "visitors": _obj(
            "AnalyticsVisitors",
            total=serializers.IntegerField(help_text="Visits"),
            unique=serializers.IntegerField(help_text="Unique visitors (a visitor is counted once a day)"),
            returning=serializers.IntegerField(help_text="Visits by visitors who came back the same day"),
        ),
        "pageviews": _obj("AnalyticsPageviews", total=serializers.IntegerField(), per_visitor=serializers.FloatField()),
        "popular_pages": type(
            "AnalyticsPage",
            (serializers.Serializer,),
            {
                "path": serializers.CharField(),
                "views": serializers.IntegerField(),
                "percentage": _percent("Percent of page views"),
            },
        )(many=True),
        "traffic_sources": _obj(
            "AnalyticsTrafficSources", direct=_percent(), search=_percent(), social=_percent(), referral=_percent()
        ),
        "devices": _obj("AnalyticsDevices", desktop=_percent(), mobile=_percent(), tablet=_percent()),
        "bounce_rate": _percent("Percent of visits with one page view"),
        "visit_duration": serializers.IntegerField(help_text="Average visit length, seconds"),
        "referrers": type(
            "AnalyticsReferrer",
            (serializers.Serializer,),
            {"host": serializers.CharField(), "visits": serializers.IntegerField(), "percentage": _percent()},
        )(many=True),
        "daily": type(
            "AnalyticsDay",
            (serializers.Serializer,),
            {
                "date": serializers.DateField(),
                "visitors": serializers.IntegerField(),
                "visits": serializers.IntegerField(),
                "pageviews": serializers.IntegerField(),
            },
        )(many=True),
        "period": _PeriodOut,
    },
)

ConversionsSerializer = type(
    "AnalyticsConversions",
    (serializers.Serializer,),
    {
        "contact_form": _obj(
            "AnalyticsContactForm",
            submissions=serializers.IntegerField(),
            conversion_rate=_percent("Submissions per 100 unique visitors"),
        ),
        "project_inquiries": _obj(
            "AnalyticsInquiries",
            total=serializers.IntegerField(help_text="Leads made in the period"),
            qualified=serializers.IntegerField(help_text="Of those, qualified or converted"),
            conversion_rate=_percent("Percent qualified"),
        ),
        "goals": type(
            "AnalyticsGoal",
            (serializers.Serializer,),
            {
                "name": serializers.CharField(),
                "completions": serializers.IntegerField(),
                "value": serializers.FloatField(help_text="Budgets of the projects these leads became"),
            },
        )(many=True),
        "by_source": type(
            "AnalyticsSourceFunnel",
            (serializers.Serializer,),
            {
                "source": serializers.CharField(help_text="direct, search, social, referral or unattributed"),
                "visitors": serializers.IntegerField(),
                "visits": serializers.IntegerField(),
                "inquiries": serializers.IntegerField(),
                "qualified": serializers.IntegerField(),
                "converted": serializers.IntegerField(),
                "revenue": serializers.FloatField(),
                "conversion_rate": serializers.FloatField(allow_null=True, help_text="Inquiries per 100 visitors"),
            },
        )(many=True),
        "period": _PeriodOut,
    },
)

StatsEnvelopeSerializer = envelope_serializer("AnalyticsStatsEnvelope", StatsSerializer())
ConversionsEnvelopeSerializer = envelope_serializer("AnalyticsConversionsEnvelope", ConversionsSerializer())
