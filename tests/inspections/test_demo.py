"""The inspections part of the demo city: visits, schedules and reports; a second run adds nothing."""

import random

import pytest

from cases.models import Case
from inspections import demo
from inspections.models import Visit, VisitPhoto, VisitReport
from tests.inspections.helpers import district_inspectors, file_awaiting_visit

pytestmark = pytest.mark.django_db


def test_the_demo_seed_is_idempotent(demo_city):
    waiting = [file_awaiting_visit() for _ in range(6)]
    # A file the cases seeder left past its visit (history only): the seed writes its report.
    past = file_awaiting_visit()
    Case.objects.filter(pk=past.pk).update(state="plan_review", inspector=district_inspectors(1)[0])
    demo.seed(rng=random.Random(1403), log=lambda *a: None)
    counts = (Visit.objects.count(), VisitReport.objects.count(), VisitPhoto.objects.count())
    assert Visit.objects.filter(case__in=waiting).count() >= 4  # one file in five waits for the office
    assert Visit.objects.filter(inspector__username="inspector", state="scheduled").exists()
    report = VisitReport.objects.get(case=past, status="submitted")
    assert report.findings and report.photos.count() == 2 and report.visit.state == "reported"
    demo.seed(rng=random.Random(1403), log=lambda *a: None)
    assert (Visit.objects.count(), VisitReport.objects.count(), VisitPhoto.objects.count()) == counts
