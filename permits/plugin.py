"""Building permits and certificates as one family of the files registry."""

from cases.models import DocumentKind
from cases.plugins import Flow, ServiceFamily
from core.fields import StrictSerializer

DEED = (DocumentKind.DEED,)
DEED_AND_PLANS = (DocumentKind.DEED, DocumentKind.PLANS)


class PermitRequestDetails(StrictSerializer):
    """A permit file's details. The permit request's own fields (plate, owners, floor areas,
    engineers) and the follow-on services' permit number belong here as they are built."""

    class Meta:
        ref_name = "PermitRequestDetails"


class PermitServices(ServiceFamily):
    name = "permits"
    flows = {
        "building_permit": Flow(required_documents=DEED_AND_PLANS),
        "demolition_rebuild": Flow(required_documents=DEED_AND_PLANS),
        # An extension or a replacement changes papers, not the building: no site visit.
        "permit_extension": Flow(visit=False, required_documents=DEED),
        "permit_replacement": Flow(visit=False, required_documents=DEED),
        "permit_expansion": Flow(required_documents=DEED_AND_PLANS),
        "permit_repairs": Flow(required_documents=DEED),
        # A certificate checks what was built against the permit: a visit, no new plan review.
        "frame_certificate": Flow(plan_review=False, required_documents=DEED),
        "completion_certificate": Flow(plan_review=False, required_documents=DEED),
    }

    def details_serializer(self, service_code):
        return PermitRequestDetails

    def example(self, service_code):
        return {}
