"""Reads about the office network: lists for supervisors and the public, one office in full.

Every list here is a fixed number of queries whatever its length: the related
rows come by ``select_related``/``prefetch_related`` and subqueries, never per row.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Count, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from accounts.tenancy import in_city
from core.validators import to_persian_digits
from offices.models import Contract, District, Membership, Municipality, Office, OfficeChange, Service


def districts(municipality=None):
    qs = District.objects.select_related("municipality").order_by("municipality_id", "number")
    if municipality is not None:
        qs = qs.filter(municipality=municipality)
    return qs


def active_services():
    return Service.objects.filter(is_active=True)


def _with_contract_and_staff(qs, on=None):
    day = on or timezone.localdate()
    in_force = Contract.objects.filter(office=OuterRef("pk"), starts_on__lte=day, ends_on__gte=day)
    staff = (
        Membership.objects.current(day)
        .filter(office=OuterRef("pk"))
        .values("office")
        .annotate(n=Count("user", distinct=True))
        .values("n")
    )
    return qs.annotate(
        contract_ends_on=Subquery(in_force.order_by("-starts_on").values("ends_on")[:1]),
        contract_number=Subquery(in_force.order_by("-starts_on").values("number")[:1]),
        staff_count=Coalesce(Subquery(staff), 0),
    )


def city_offices(viewer):
    """The offices of the viewer's city (a platform administrator: every city's): what the unit manages."""
    return Office.objects.filter(in_city(viewer, "district__municipality"))


def office_list(*, q="", district=None, status="", service=None, licence_within=None, on=None, viewer=None):
    """The supervisor's office list, of the viewer's city. ``licence_within`` (days) includes licences
    already expired: both need the supervisor's attention."""
    day = on or timezone.localdate()
    qs = Office.objects.select_related("district", "manager").prefetch_related("services")
    if viewer is not None:
        qs = qs.filter(in_city(viewer, "district__municipality"))
    if q:
        qs = qs.filter(Q(code__icontains=q) | Q(name__icontains=q) | Q(address__icontains=q))
    if district is not None:
        qs = qs.filter(district=district)
    if status:
        qs = qs.filter(status=status)
    if service is not None:
        qs = qs.filter(services=service)
    if licence_within is not None:
        qs = qs.filter(licence_expires_on__lte=day + datetime.timedelta(days=licence_within))
    return _with_contract_and_staff(qs, day).order_by("district__number", "code")


def directory_offices(*, district=None, service=None, municipality=None, on=None):
    """Authorized offices for the public directory and the API."""
    qs = (
        Office.objects.authorized(on)
        .select_related("district__municipality")
        .prefetch_related(Prefetch("services", queryset=Service.objects.filter(is_active=True)))
    )
    if municipality is not None:
        qs = qs.filter(district__municipality=municipality)
    if district is not None:
        qs = qs.filter(district=district)
    if service is not None:
        qs = qs.filter(services=service)
    return qs.order_by("district__number", "code")


def map_markers(offices):
    """Plain rows for the map: every matching office, not only the listed page."""
    return [
        {
            "code": row["code"],
            "name": row["name"],
            "address": row["address"],
            "phone": row["phone"],
            "lat": float(row["latitude"]),
            "lng": float(row["longitude"]),
            "city": row["district__municipality__code"],
        }
        for row in offices.filter(latitude__isnull=False, longitude__isnull=False).values(
            "code", "name", "address", "phone", "latitude", "longitude", "district__municipality__code"
        )
    ]


def district_outlines():
    """Every municipality's district outlines as one FeatureCollection for the public map, each
    feature labelled with its district's name, and the municipalities' notes about them. Two queries."""
    cities = list(
        Municipality.objects.exclude(district_outlines={}).values("id", "district_outlines", "district_outlines_note")
    )
    names = {
        (row["municipality_id"], row["number"]): row["name"]
        for row in District.objects.filter(municipality_id__in=[c["id"] for c in cities]).values(
            "municipality_id", "number", "name"
        )
    }
    features = []
    for city in cities:
        for feature in (city["district_outlines"] or {}).get("features", []):
            number = feature["properties"]["district"]
            name = names.get((city["id"], number))
            if name is None:
                continue  # a polygon for a district this city does not have
            label = to_persian_digits(name)
            features.append({**feature, "properties": {"district": number, "name": name, "label": label}})
    notes = [c["district_outlines_note"] for c in cities if c["district_outlines_note"]]
    return {"type": "FeatureCollection", "features": features, "notes": notes}


def public_changes(*, district=None, office=None):
    qs = OfficeChange.objects.select_related("office__district__municipality")
    if district is not None:
        qs = qs.filter(office__district=district)
    if office is not None:
        qs = qs.filter(office=office)
    return qs.order_by("-effective_on", "-id")


def office_for_supervisor(pk, viewer=None):
    """One office (of the viewer's city) with its services and contracts (and their services) loaded."""
    base = city_offices(viewer) if viewer is not None else Office.objects.all()
    qs = base.select_related("district__municipality", "manager").prefetch_related(
        "services",
        Prefetch(
            "contracts",
            queryset=Contract.objects.select_related("renewed_by").prefetch_related("services").order_by("-starts_on"),
        ),
    )
    return _with_contract_and_staff(qs).get(pk=pk)


def _gregorian(day):
    return day.togregorian() if hasattr(day, "togregorian") else day


@dataclass
class OfficeTerms:
    """What an office works under on a day: its contract (the one in force, else the latest) and its licence."""

    contract: object
    contract_status: str  # "in_force", "ended", "not_started" or "none"
    licence_status: str  # "valid", "expired" or "none"


def office_terms(office, on=None):
    """The office's contract and licence as they stand on ``on`` (today), read-only (two queries)."""
    day = on or timezone.localdate()
    contracts = office.contracts.prefetch_related("services").order_by("-starts_on")
    contract = contracts.filter(starts_on__lte=day, ends_on__gte=day).first() or contracts.first()
    if contract is None:
        contract_status = "none"
    elif _gregorian(contract.starts_on) > day:
        contract_status = "not_started"
    elif _gregorian(contract.ends_on) < day:
        contract_status = "ended"
    else:
        contract_status = "in_force"
    expires = _gregorian(office.licence_expires_on)
    if not office.licence_number and expires is None:
        licence_status = "none"
    elif expires is not None and expires < day:
        licence_status = "expired"
    else:
        licence_status = "valid"
    return OfficeTerms(contract, contract_status, licence_status)
