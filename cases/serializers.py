"""How a file looks in the API."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from cases.models import CorrectionItem
from cases.permissions import allowed_actions
from cases.plugins import registry
from cases.selectors import assigned_inspector
from core.jalali import format_jalali


def jalali(value, with_time=False):
    return format_jalali(value, "%Y/%m/%d %H:%M" if with_time else "%Y/%m/%d", persian=False) or None


@extend_schema_field(
    {
        "type": "object",
        "nullable": True,
        "properties": {"id": {"type": "integer"}, "name": {"type": "string"}, "role": {"type": "string"}},
    }
)
class PersonField(serializers.Field):
    def to_representation(self, user):
        return person(user)


def person(user):
    """A person on a file as the API shows them."""
    if user is None:
        return None
    return {"id": user.id, "name": str(user), "role": user.role}


# The list's quick path writes its times as the declared DateTimeFields do, without building the
# serializer's fields for each request (a deep copy of every declared field).
_TIME = serializers.DateTimeField()


class CaseListSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    tracking_code = serializers.CharField()
    service = serializers.CharField(source="service_id")
    service_title = serializers.CharField(source="service.title")
    channel = serializers.CharField()
    state = serializers.CharField()
    state_label = serializers.CharField(source="get_state_display")
    office = serializers.CharField(source="office.code")
    district = serializers.IntegerField(source="district.number")
    applicant_name = serializers.CharField()
    renewal_code = serializers.CharField(source="parcel.renewal_code")
    holder = PersonField()
    holder_role = serializers.CharField()
    deadline = serializers.DateField()
    deadline_jalali = serializers.SerializerMethodField()
    overdue = serializers.BooleanField(source="is_overdue")
    created_at = serializers.DateTimeField()
    created_at_jalali = serializers.SerializerMethodField()
    updated_at = serializers.DateTimeField()

    def get_deadline_jalali(self, case) -> str | None:
        return jalali(case.deadline)

    def get_created_at_jalali(self, case) -> str | None:
        return jalali(case.created_at, with_time=True)

    def to_representation(self, case):
        """The fields above, read straight from the row: a list page shows up to a hundred files, and the
        generic path (a lookup, a callable check and a conversion per field and row) costs more than the rest
        of the request. The same output as the declared fields (tested), which the OpenAPI describes."""
        if type(self) is not CaseListSerializer:
            return super().to_representation(case)
        deadline = case.deadline
        return {
            "id": case.id,
            "tracking_code": case.tracking_code,
            "service": case.service_id,
            "service_title": _listed(case, "service_title", "service", "title"),
            "channel": case.channel,
            "state": case.state,
            "state_label": str(case.get_state_display()),
            "office": _listed(case, "office_code", "office", "code"),
            "district": _listed(case, "district_number", "district", "number"),
            "applicant_name": case.applicant_name,
            "renewal_code": _listed(case, "parcel_renewal_code", "parcel", "renewal_code"),
            "holder": person(case.holder) if case.holder_id else None,
            "holder_role": case.holder_role,
            "deadline": deadline.isoformat() if deadline is not None else None,
            "deadline_jalali": jalali(deadline),
            "overdue": case.is_overdue,
            "created_at": _TIME.to_representation(case.created_at),
            "created_at_jalali": jalali(case.created_at, with_time=True),
            "updated_at": _TIME.to_representation(case.updated_at),
        }


def _listed(case, annotation, relation, field):
    """A related row's value as ``cases.selectors.list_rows`` reads it, or through the relation."""
    value = case.__dict__.get(annotation, _MISSING)
    return getattr(getattr(case, relation), field) if value is _MISSING else value


_MISSING = object()


class CorrectionItemSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    round = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=CorrectionItem.Kind.choices)
    target = serializers.CharField()
    target_label = serializers.CharField()
    note = serializers.CharField()
    status = serializers.ChoiceField(choices=CorrectionItem.Status.choices)
    answer_text = serializers.CharField()
    answer_document = serializers.IntegerField(source="answer_document_id", allow_null=True)
    answered_at = serializers.DateTimeField(allow_null=True)
    decided_note = serializers.CharField()

    class Meta:
        ref_name = "CorrectionItem"


class CaseDetailSerializer(CaseListSerializer):
    applicant = serializers.SerializerMethodField()
    property = serializers.SerializerMethodField()
    inspector = PersonField()
    result = serializers.CharField()
    allowed_actions = serializers.SerializerMethodField()
    documents = serializers.SerializerMethodField()
    details = serializers.SerializerMethodField()
    corrections = serializers.SerializerMethodField()

    @extend_schema_field(
        {
            "type": "object",
            "properties": {k: {"type": "string"} for k in ("national_id", "first_name", "last_name", "mobile")},
        }
    )
    def get_applicant(self, case):
        return {
            "national_id": case.applicant_national_id,
            "first_name": case.applicant_first_name,
            "last_name": case.applicant_last_name,
            "mobile": case.applicant_mobile,
        }

    @extend_schema_field(
        {
            "type": "object",
            "properties": {
                "renewal_code": {"type": "string"},
                "address": {"type": "string"},
                "postal_code": {"type": "string"},
                "district": {"type": "integer"},
            },
        }
    )
    def get_property(self, case):
        parcel = case.parcel
        return {
            "renewal_code": parcel.renewal_code,
            "address": parcel.address,
            "postal_code": parcel.postal_code,
            "district": case.district.number,
        }

    def get_allowed_actions(self, case) -> list[str]:
        return allowed_actions(case, self.context["request"].user, seen=self.context.get("seen", False))

    @extend_schema_field({"type": "array", "items": {"type": "object"}})
    def get_documents(self, case):
        return [
            {
                "id": d.id,
                "kind": d.kind,
                "kind_label": d.get_kind_display(),
                "name": d.original_name,
                "size": d.size,
                "content_type": d.content_type,
                "uploaded_at": d.uploaded_at,
            }
            for d in case.documents.all()
        ]

    @extend_schema_field(CorrectionItemSerializer(many=True))
    def get_corrections(self, case):
        """What a returned file must change, item by item, with the answers (every round)."""
        items = list(case.correction_items.all())
        return CorrectionItemSerializer(items, many=True).data if items else []

    @extend_schema_field(
        {
            "type": "object",
            "additionalProperties": True,
            "description": "The service's details, as POST /api/v1/cases/ documents them per service.",
        }
    )
    def get_details(self, case):
        family = registry().family(case.service_id)
        return family.details_of(case) if family else {}

    def to_representation(self, case):
        data = super().to_representation(case)
        data.setdefault("fee_slips", [])
        data.setdefault("letter", None)
        data.update(registry().detail_extra(case))
        return data


class TransitionSerializer(serializers.Serializer):
    seq = serializers.IntegerField()
    action = serializers.CharField()
    from_state = serializers.CharField()
    to_state = serializers.CharField()
    actor = PersonField()
    actor_role = serializers.CharField()
    note = serializers.CharField()
    data = serializers.SerializerMethodField()
    at = serializers.DateTimeField()
    at_jalali = serializers.SerializerMethodField()

    def get_data(self, row) -> dict:
        """What the row recorded; an assignment also says whom by name (the row keeps the inspector's id)."""
        data = row.data if isinstance(row.data, dict) else {}
        names = self.context.get("inspector_names") or {}
        name = assigned_inspector(row, names)
        return {**data, "inspector_name": name} if name and "inspector_name" not in data else data

    def get_at_jalali(self, row) -> str | None:
        return jalali(row.at, with_time=True)
