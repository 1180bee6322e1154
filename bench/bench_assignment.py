"""How fast Pishkhan proposes an inspector for a file (``inspections.selectors.propose_inspector``).

Runs on the demo city: every office's district in turn, with open visits spread over the
inspectors so the counts and the free-slot search have something to do.
"""

import time

from django.db import transaction


def run():
    from cases.models import Case
    from inspections.models import Slot, Visit, VisitState
    from inspections.selectors import free_slots, propose_inspector
    from offices.models import Office
    from portal.demo import is_loaded, seed

    if not is_loaded():
        seed(log=lambda *args, **kwargs: None, city_only=True)
    offices = list(Office.objects.select_related("district").order_by("code"))
    with transaction.atomic():
        _load_visits(Case, Visit, VisitState, Slot, free_slots, offices)
        probes = [Case(office=office, district=office.district) for office in offices]
        for probe in probes[:3]:
            propose_inspector(probe)  # warm the holiday cache and the connection
        n = 0
        started = time.perf_counter()
        while time.perf_counter() - started < 5 or n < len(probes):
            propose_inspector(probes[n % len(probes)])
            n += 1
        seconds = time.perf_counter() - started
        transaction.set_rollback(True)
    print(f"propose_inspector: {n / seconds:,.0f} proposals/s ({len(offices)} offices, {n} proposals)")


def _load_visits(Case, Visit, VisitState, Slot, free_slots, offices):
    """A few scheduled visits per inspector, on files the benchmark rolls back afterwards."""
    from cases.models import Property
    from inspections.selectors import district_inspectors
    from offices.models import Service

    service = Service.objects.get(code="building_permit")
    serial = 0
    for district_id in {o.district_id for o in offices}:
        office = next(o for o in offices if o.district_id == district_id)
        for inspector in district_inspectors(district_id):
            slots = free_slots(set())
            for _ in range(4):
                serial += 1
                parcel = Property.objects.create(
                    renewal_code=f"{office.district.number:02d}-9{serial:02d}-001-001-01-001"[:40],
                    district_id=district_id,
                    address="bench",
                )
                case = Case.objects.create(
                    service=service,
                    tracking_code=f"9{serial:011d}",
                    office=office,
                    district_id=district_id,
                    applicant_national_id="0499370899",
                    applicant_first_name="bench",
                    applicant_last_name="bench",
                    applicant_mobile="09131112233",
                    parcel=parcel,
                    state="awaiting_visit",
                    inspector=inspector,
                )
                day, slot = next(slots)
                Visit.objects.create(
                    case=case, inspector=inspector, state=VisitState.SCHEDULED, scheduled_on=day, slot=slot
                )
