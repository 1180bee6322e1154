"""The inquiry services (notary, bank, excavation) as one family of the files registry."""

from django.conf import settings

from cases.models import DocumentKind, State
from cases.plugins import Flow, ServiceFamily
from inquiries import instant
from inquiries.models import Inquiry
from inquiries.serializers import BankInquiryDetails, ExcavationDetails, NotaryInquiryDetails

LETTER_AND_DEED = (DocumentKind.INQUIRY_LETTER, DocumentKind.DEED)


class InquiryServices(ServiceFamily):
    name = "inquiries"
    record_name = "inquiry"
    serializers = {
        "notary_inquiry": NotaryInquiryDetails,
        "bank_inquiry": BankInquiryDetails,
        "excavation": ExcavationDetails,
    }

    @property
    def flows(self):
        return {
            # DOMAIN: some notary inquiries are answered at once when the record is clean.
            "notary_inquiry": Flow(instant=True, required_documents=LETTER_AND_DEED),
            # A municipality may let banks' inquiries skip the plan review.
            "bank_inquiry": Flow(
                plan_review=not getattr(settings, "BANK_INQUIRY_SKIPS_PLAN_REVIEW", False),
                required_documents=LETTER_AND_DEED,
            ),
            "excavation": Flow(required_documents=(DocumentKind.INQUIRY_LETTER, DocumentKind.PLANS)),
        }

    def details_serializer(self, service_code):
        return self.serializers.get(service_code)

    def example(self, service_code):
        letter = {"letter_number": "۱۴۰۳/۵۵۲۱", "letter_date": "1403/07/15"}
        return {
            "notary_inquiry": {**letter, "notary_number": "12", "notary_city": "اصفهان", "purpose": "transfer"},
            "bank_inquiry": {**letter, "bank_name": "بانک ملی", "bank_branch": "شعبه چهارباغ", "purpose": "mortgage"},
            "excavation": {
                **letter,
                "utility_company": "شرکت آب و فاضلاب اصفهان",
                "location": "خیابان چهارباغ عباسی، مقابل پلاک ۱۲",
                "cut_length_m": "12.5",
                "cut_width_m": "0.8",
                "planned_start": "1403/08/01",
                "planned_end": "1403/08/05",
            },
        }[service_code]

    def save_details(self, case, validated):
        Inquiry.objects.create(case=case, **validated)

    def after_register(self, case, actor):
        if case.service_id in self.flows and case.state == State.SUBMITTED and self.flows[case.service_id].instant:
            instant.answer_at_once_when_clean(case)
