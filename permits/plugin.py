"""Building permits and certificates as one family of the files registry, and the detailed-plan review
(a plugin of its own: it applies to every file that has the step, inquiries too)."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from cases.models import DocumentKind
from cases.plugins import Flow, Issued, Plugin, ServiceFamily
from cases.workflow import flow_for
from core.fields import StrictSerializer, TextField
from core.jalali import format_jalali
from permits import services
from permits.models import Certificate, CommissionReferral, Permit, PermitRequest
from permits.review import REVIEW_KEYS, fa
from permits.serializers import NESTED, SERIALIZERS

DEED = (DocumentKind.DEED,)
NEW_BUILDING_DOCUMENTS = (DocumentKind.DEED, DocumentKind.PLANS, DocumentKind.ENGINEERS_UNDERTAKING)
PERMIT_AND_DEED = (DocumentKind.DEED, DocumentKind.PERMIT_COPY)

OWNER = {"national_id": "0499370899", "name": "علی رضایی", "share": "4"}
CO_OWNER = {"national_id": "0084575948", "name": "مریم احمدی", "share": "2"}
ENGINEERS = {
    "designer": {"name": "سارا کریمی", "membership_number": "10-12-34567"},
    "structural": {"name": "حمید نوری", "membership_number": "10-13-22110"},
    "supervising": {"name": "مجید صالحی", "membership_number": "10-12-40981"},
}
# A permit of the demo city (permits.demo) that follow-on requests and certificates name, and its parcel (a request
# names only its own property's permit).
DEMO_PERMIT = "1402/01/00001"
DEMO_PERMIT_PARCEL = "01-001-045-001-01-002"
NEW_BUILDING = {
    "plate_main": "1250",
    "plate_sub": "34",
    "deed_area": "250",
    "parcel_area": "240",
    "owners": [OWNER, CO_OWNER],
    "requested_use": "residential",
    "floors_above": 3,
    "floors_below": 1,
    "units": 3,
    "floor_areas": [
        {"level": -1, "use": "residential", "area": "150"},
        {"level": 0, "use": "residential", "area": "140"},
        {"level": 1, "use": "residential", "area": "140"},
        {"level": 2, "use": "residential", "area": "140"},
    ],
    "parking_spaces": 3,
    "engineers": ENGINEERS,
}
EXAMPLES = {
    "building_permit": NEW_BUILDING,
    "demolition_rebuild": {**NEW_BUILDING, "existing_area": "180"},
    "permit_extension": {"permit_number": DEMO_PERMIT, "request_reason": "تأخیر در تأمین مصالح"},
    "permit_replacement": {
        "permit_number": DEMO_PERMIT,
        "owners": [{"national_id": "0084575948", "name": "مریم احمدی", "share": "6"}],
        "request_reason": "انتقال مالکیت",
    },
    "permit_expansion": {
        "permit_number": DEMO_PERMIT,
        "floor_areas": [{"level": 3, "use": "residential", "area": "120"}],
        "floors_above": 4,
        "units": 4,
        "parking_spaces": 4,
    },
    "permit_repairs": {"permit_number": DEMO_PERMIT, "repair_works": "تعمیر نما و بام"},
    "frame_certificate": {"permit_number": DEMO_PERMIT},
    "completion_certificate": {"permit_number": DEMO_PERMIT},
}


class DeviationInput(StrictSerializer):
    item = TextField(label=_("item"), max_length=120, help_text=_("Floors, area of a floor, use, setback, parking."))
    permitted = TextField(label=_("permitted"), max_length=120)
    built = TextField(label=_("built"), max_length=120)

    class Meta:
        ref_name = "PermitDeviation"


def permit_summary(permit):
    """CONTRACT.md: ``permit: {"number", "valid_until", "status", "verification_code"}``."""
    return {
        "number": permit.number,
        "valid_until": permit.valid_until,
        "valid_until_jalali": format_jalali(permit.valid_until, persian=False),
        "status": permit.status,
        "verification_code": permit.verification_code,
        "pdf_url": f"/api/v1/cases/{permit.case_id}/permit.pdf" if permit.case_id else None,
    }


def permit_of(case):
    """The permit a file issued, or else the one it names."""
    issued = Permit.objects.filter(case=case).order_by("-issued_at").first()
    if issued is not None:
        return issued
    request = PermitRequest.objects.select_related("permit").filter(case=case).first()
    return request.permit if request is not None else None


def _permit_pdf(case_id):
    return f"/api/v1/cases/{case_id}/permit.pdf"


def issued(cases):
    """The permit or certificate of each approved file (as ``permit_of`` and the PDF view find it): a
    certificate first, else the permit the file issued, else the one it names. At most three queries."""
    pending = {c.pk for c in cases if c.result == "approved"}
    found = {}
    if not pending:
        return found
    for certificate in Certificate.objects.filter(case__in=pending).order_by("issued_at"):
        found[certificate.case_id] = [
            Issued(
                certificate.get_kind_display(),
                certificate.number,
                certificate.verification_code,
                _permit_pdf(certificate.case_id),
            )
        ]
    pending -= set(found)
    if pending:
        for permit in Permit.objects.filter(case__in=pending).order_by("issued_at", "id"):
            found[permit.case_id] = [
                Issued(_("Building permit"), permit.number, permit.verification_code, _permit_pdf(permit.case_id))
            ]
        pending -= set(found)
    if pending:
        requests = PermitRequest.objects.filter(case__in=pending).exclude(permit=None).select_related("permit")
        for request in requests:
            permit = request.permit
            found[request.case_id] = [
                Issued(_("Building permit"), permit.number, permit.verification_code, _permit_pdf(request.case_id))
            ]
    return found


class PermitServices(ServiceFamily):
    name = "permits"
    record_name = "permit_request"
    flows = {
        "building_permit": Flow(required_documents=NEW_BUILDING_DOCUMENTS),
        "demolition_rebuild": Flow(required_documents=NEW_BUILDING_DOCUMENTS),
        # An extension or a replacement changes papers, not the building: no site visit.
        "permit_extension": Flow(visit=False, plan_review=False, required_documents=PERMIT_AND_DEED),
        "permit_replacement": Flow(visit=False, plan_review=False, required_documents=PERMIT_AND_DEED),
        "permit_expansion": Flow(required_documents=(*NEW_BUILDING_DOCUMENTS, DocumentKind.PERMIT_COPY)),
        "permit_repairs": Flow(plan_review=False, required_documents=PERMIT_AND_DEED),
        # A certificate checks what was built against the permit: a visit, no new plan review.
        "frame_certificate": Flow(plan_review=False, required_documents=PERMIT_AND_DEED),
        "completion_certificate": Flow(plan_review=False, required_documents=PERMIT_AND_DEED),
    }

    def details_serializer(self, service_code):
        return SERIALIZERS.get(service_code)

    def example(self, service_code):
        return EXAMPLES[service_code]

    def example_renewal_code(self, service_code):
        return DEMO_PERMIT_PARCEL if "permit_number" in EXAMPLES[service_code] else None

    def save_details(self, case, validated):
        services.save_request(case, validated)

    def details_of(self, case):
        data = super().details_of(case)
        request = self.record(case)
        if request is not None:
            for name in NESTED:
                value = getattr(request, name)
                if name in self.details_serializer(case.service_id)().fields and value:
                    data[name] = value
        return data

    def detail_rows(self, case):
        rows = super().detail_rows(case)
        request = self.record(case)
        if request is None:
            return rows
        if request.owners:
            rows.append((_("owners"), "، ".join(f"{o['name']} ({o['share']} دانگ)" for o in request.owners)))
        if request.floor_areas:
            table = "، ".join(
                _("%(floor)s: %(area)s m²") % {"floor": services.floor_label(int(r["level"])), "area": fa(r["area"])}
                for r in request.floor_areas
            )
            rows.append((_("floor-area table"), table))
        if request.engineers:
            rows.append(
                (
                    _("engineers"),
                    "، ".join(f"{e['name']} ({e['membership_number']})" for e in request.engineers.values()),
                )
            )
        return rows

    # actions

    def action_fields(self, action, case):
        certificate = case is None or case.service_id in services.CERTIFICATES
        if action == "submit_visit_report" and certificate:
            return {
                "deviations": serializers.ListField(
                    child=DeviationInput(),
                    required=False,
                    max_length=30,
                    label=_("deviations from the permit"),
                    help_text=_(
                        'For a certificate: [{"item", "permitted", "built"}]; any row refers the file '
                        "to the Article 100 commission."
                    ),
                )
            }
        if action == "record_commission_decision":
            return {
                "decision": serializers.ChoiceField(
                    label=_("commission's decision"), choices=CommissionReferral.Decision.choices
                ),
                "fine_rials": serializers.IntegerField(
                    label=_("fine (rials)"), min_value=1000, max_value=10**13, required=False, allow_null=True
                ),
            }
        return {}

    def _mine(self, case):
        return case.service_id in self.flows

    def before_action(self, case, actor, action, data, at):
        if not self._mine(case):
            return None
        if action == "issue_response" and data.get("result") == "approved":
            services.check_approval(case)
        if action == "record_commission_decision":
            return services.record_decision(case, actor, data, at)
        return None

    def after_action(self, case, actor, action, data, at):
        if not self._mine(case):
            return
        if action == "complete_plan_review" and case.service_id in services.AREA_FEE:
            services.issue_fee(case, actor)
        elif action == "issue_response" and data.get("result") == "approved":
            services.on_approval(case, actor, at)
        elif action == "submit_visit_report" and case.service_id in services.CERTIFICATES:
            services.refer_if_deviations(case, data)

    # reading

    def detail_extra(self, case):
        if not self._mine(case):
            return {}
        extra = {}
        permit = permit_of(case)
        if permit is not None:
            extra["permit"] = permit_summary(permit)
        certificate = getattr(case, "certificate", None)
        if certificate is not None:
            extra["certificate"] = {
                "number": certificate.number,
                "kind": certificate.kind,
                "verification_code": certificate.verification_code,
            }
        referral = CommissionReferral.objects.filter(case=case).first()
        if referral is not None:
            extra["commission"] = {
                "deviations": referral.deviations,
                "decision": referral.decision or None,
                "fine_rials": referral.fine_rials,
            }
        return extra

    def issued(self, cases):
        return issued([case for case in cases if self._mine(case)])

    def page_panels(self, case, user):
        if not self._mine(case):
            return []
        permit = permit_of(case)
        referral = CommissionReferral.objects.filter(case=case).first()
        if permit is None and referral is None:
            return []
        certificate = getattr(case, "certificate", None)
        return [
            (
                "permits/_panel.html",
                {"permit": permit, "referral": referral, "certificate": certificate, "panel_case": case},
            )
        ]


class PlanReview(Plugin):
    """The detailed-plan review as data: required for permit files, optional for inquiries."""

    name = "plan_review"

    def action_fields(self, action, case):
        if action != "complete_plan_review":
            return {}
        from permits.review import review_fields

        return review_fields(required=case is not None and case.service_id in PermitServices.flows)

    def before_action(self, case, actor, action, data, at):
        if action == "complete_plan_review":
            return services.review_plan(case, actor, data, at)
        return None

    def page_panels(self, case, user):
        """The zone's rules the review recorded, for whoever reads the file (the municipal reviewer who signs
        the answer first of all)."""
        from permits.models import PlanReview as Review

        if not flow_for(case.service_id).plan_review:
            return []  # a service without the step has no review to look for
        review = Review.objects.filter(case=case).select_related("reviewed_by").first()
        if review is None:
            return []
        labels = {name: Review._meta.get_field(name).verbose_name for name in (*REVIEW_KEYS, "reviewed_at")}
        return [("permits/_plan_review.html", {"plan_review": review, "labels": labels})]
