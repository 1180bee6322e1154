"""``GET /api/v1/offices/<id>/scorecard/?year=``: an office's figures and score for a Jalali period."""

from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from core.jalali import jalali_year
from supervision.api.common import StrictSerializer
from supervision.models import Policy
from supervision.selectors import periods
from supervision.selectors.scorecards import office_for_scorecard, office_scorecard


class _Steps(serializers.Serializer):
    counted = serializers.IntegerField()
    on_time = serializers.IntegerField()
    late = serializers.IntegerField()
    on_time_rate = serializers.FloatField(allow_null=True)
    median_working_days = serializers.FloatField(allow_null=True)


class ScorecardSerializer(serializers.Serializer):
    office = serializers.DictField()
    period = serializers.DictField()
    registered = serializers.IntegerField()
    answered = serializers.IntegerField()
    steps = serializers.DictField(child=_Steps(), help_text="Per office step (submitted, awaiting_visit, plan_review)")
    on_time_rate = serializers.FloatField(allow_null=True)
    late_charged = serializers.DictField(help_text="Late steps: at the office's desk, and per person")
    returns = serializers.IntegerField()
    complaints = serializers.IntegerField()
    violations = serializers.IntegerField()
    decisions = serializers.DictField(child=serializers.IntegerField())
    training = serializers.DictField()
    instructions = serializers.DictField()
    components = serializers.DictField(child=serializers.FloatField())
    score = serializers.FloatField(help_text="0–100, the weighted mean of the components")
    weights = serializers.DictField(child=serializers.IntegerField())
    warning_threshold = serializers.IntegerField()
    months = serializers.ListField(child=serializers.DictField(), help_text="Score per month (years and quarters)")


class ScorecardView(APIView):
    """An office's scorecard for a Jalali year (or one of its quarters or months). The unit reads any
    office's; an office manager their own; anyone else gets 404."""

    class FilterSerializer(StrictSerializer):
        year = serializers.IntegerField(required=False, min_value=1300, max_value=1500)
        quarter = serializers.IntegerField(required=False, min_value=1, max_value=4)
        month = serializers.IntegerField(required=False, min_value=1, max_value=12)

        def validate(self, attrs):
            if "quarter" in attrs and "month" in attrs:
                raise serializers.ValidationError({"month": [_("Give a quarter or a month, not both.")]})
            return attrs

    @extend_schema(
        parameters=[FilterSerializer],
        responses={
            200: ScorecardSerializer,
            400: OpenApiResponse(OpenApiTypes.OBJECT, description="A bad period"),
            404: OpenApiResponse(OpenApiTypes.OBJECT, description="No such office for this user"),
        },
    )
    def get(self, request, pk):
        office = office_for_scorecard(request.user, pk)
        if office is None:
            raise Http404
        params = self.FilterSerializer(data=request.query_params.dict())
        params.is_valid(raise_exception=True)
        year = params.validated_data.get("year") or jalali_year()
        if "quarter" in params.validated_data:
            period = periods.Period("quarter", year, params.validated_data["quarter"])
        elif "month" in params.validated_data:
            period = periods.Period("month", year, params.validated_data["month"])
        else:
            period = periods.Period("year", year)
        card = office_scorecard(office, period)
        policy = Policy.current(office.district.municipality_id)
        body = card.as_dict()
        body["weights"] = policy.weights()
        body["warning_threshold"] = policy.renewal_warning_score
        body["months"] = [{"month": m.period.number, "score": m.score} for m in card.months]
        return Response(body)
