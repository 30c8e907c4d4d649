"""GET /api/v1/analytics/stats and /conversions (contract §8): admins only, the envelope."""

from drf_spectacular.utils import extend_schema
from rest_framework.views import APIView

from apps.accounts.permissions import IsAdmin
from apps.core.api import validated
from apps.core.responses import envelope

from .. import selectors
from .serializers import ConversionsEnvelopeSerializer, PeriodSerializer, StatsEnvelopeSerializer


def _period(request) -> selectors.Period:
    return selectors.period_of(**validated(PeriodSerializer, request.query_params))


PERIOD_DESCRIPTION = (
    "The period is `period` (default `month`: the last 30 days up to today) or `date_from` and `date_to`, "
    "which win over it; a bad period is a 422."
)


class AnalyticsStatsApi(APIView):
    permission_classes = [IsAdmin]
    extra_error_codes = (422,)  # a bad period

    @extend_schema(
        tags=["analytics"],
        parameters=[PeriodSerializer],
        responses={200: StatsEnvelopeSerializer},
        summary="Site statistics of a period (admin)",
        description=PERIOD_DESCRIPTION,
    )
    def get(self, request):
        return envelope(selectors.public_stats(selectors.visit_stats(_period(request))))


class AnalyticsConversionsApi(APIView):
    permission_classes = [IsAdmin]
    extra_error_codes = (422,)  # a bad period

    @extend_schema(
        tags=["analytics"],
        parameters=[PeriodSerializer],
        responses={200: ConversionsEnvelopeSerializer},
        summary="Conversions and the funnel by source of a period (admin)",
        description=PERIOD_DESCRIPTION,
    )
    def get(self, request):
        return envelope(selectors.conversions(_period(request)))
