"""Site visits and their reports, as the visit services leave them once a report is in."""

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from inspections.models import ReportStatus, Visit, VisitReport, VisitState
from tests.cases.factories import CaseFactory
from tests.offices.factories import InspectorFactory


class VisitFactory(DjangoModelFactory):
    class Meta:
        model = Visit

    case = factory.SubFactory(CaseFactory)
    inspector = factory.SubFactory(InspectorFactory, office=factory.SelfAttribute("..case.office"))
    state = VisitState.REPORTED
    reported_at = factory.LazyFunction(timezone.now)


class SubmittedReportFactory(DjangoModelFactory):
    """A submitted report (version 1 unless told) of a reported visit."""

    class Meta:
        model = VisitReport

    visit = factory.SubFactory(VisitFactory)
    case = factory.SelfAttribute("visit.case")
    author = factory.SelfAttribute("visit.inspector")
    version = 1
    status = ReportStatus.SUBMITTED
    visited_on = factory.LazyFunction(timezone.localdate)
    submitted_at = factory.LazyFunction(timezone.now)
    findings = "ساختمان دو طبقه"
