"""One small, coherent city for the tests, built by the factories: one municipality, two districts,
two offices in each, the people who work there, the service catalogue with this year's tariffs, and
the training everyone on the staff has passed.

District 1 is where the action is: its first office (``office``) has a technical officer, a manager,
the district's follow-up officer and its three inspectors; its second office (``office_b``) has
another technical officer. District 2 has its own technical officer (``other_officer``, at
``other_office``), one inspector and municipal staff; its offices have no follow-up officer.
"""

from dataclasses import dataclass, field

from tests.accounts.factories import AdminFactory, CitizenFactory, SupervisorFactory
from tests.billing.factories import tariffs
from tests.offices.factories import (
    CourseFactory,
    DistrictFactory,
    FollowupOfficerFactory,
    InspectorFactory,
    MunicipalityFactory,
    MunicipalStaffFactory,
    OfficeFactory,
    OfficeManagerFactory,
    TechnicalOfficerFactory,
    catalogue,
    train,
)


@dataclass
class City:
    municipality: object
    district: object
    other_district: object
    office: object
    office_b: object
    other_office: object
    other_office_b: object
    officer: object
    manager: object
    colleague: object  # the technical officer of office_b, the other office of district 1
    other_officer: object  # the technical officer of other_office, in district 2
    inspectors: list  # the three inspectors of district 1
    other_inspector: object  # district 2's inspector
    followup: object
    municipal: object
    municipal_b: object  # district 1's second municipal staff
    other_municipal: object  # district 2's municipal staff
    supervisor: object
    admin: object
    citizen: object
    course: object
    offices: list = field(default_factory=list)

    @property
    def inspector(self):
        return self.inspectors[0]


from tests.permits.factories import example_permit  # noqa: E402


def build_city():
    municipality = MunicipalityFactory()
    services = catalogue()
    tariffs()
    one = DistrictFactory(municipality=municipality, number=1)
    two = DistrictFactory(municipality=municipality, number=2)
    example_permit(one)  # the permit that the follow-on services' documented examples name
    offices = [OfficeFactory(district=d, services=services) for d in (one, one, two, two)]
    office, office_b, other_office, other_office_b = offices
    officer = TechnicalOfficerFactory(office=office)
    colleague = TechnicalOfficerFactory(office=office_b)
    other_officer = TechnicalOfficerFactory(office=other_office)
    inspectors = [InspectorFactory(office=[office, office_b]) for _ in range(3)]
    other_inspector = InspectorFactory(office=[other_office, other_office_b])
    course = CourseFactory(title="آشنایی با طرح تفصیلی و ضوابط شهرسازی")
    train(officer, colleague, other_officer, *inspectors, other_inspector)
    return City(
        municipality=municipality,
        district=one,
        other_district=two,
        office=office,
        office_b=office_b,
        other_office=other_office,
        other_office_b=other_office_b,
        officer=officer,
        manager=OfficeManagerFactory(office=office),
        colleague=colleague,
        other_officer=other_officer,
        inspectors=inspectors,
        other_inspector=other_inspector,
        followup=FollowupOfficerFactory(office=[office, office_b]),
        municipal=MunicipalStaffFactory(district=one),
        municipal_b=MunicipalStaffFactory(district=one),
        other_municipal=MunicipalStaffFactory(district=two),
        supervisor=SupervisorFactory(),
        admin=AdminFactory(),
        citizen=CitizenFactory(),
        course=course,
        offices=offices,
    )


@dataclass
class SecondCity:
    """Another municipality beside the first: its own district 1 (the same number as the first city's),
    one office there, and its people. Nothing of it may ever show to the first city's people."""

    municipality: object
    district: object
    office: object
    officer: object
    manager: object
    inspector: object
    municipal: object
    supervisor: object
    admin: object  # the city's own administrator


def build_second_city(code="najafabad", name="شهرداری نجف‌آباد"):
    municipality = MunicipalityFactory(code=code, name=name, bill_company_code="1047", letter_header=name)
    district = DistrictFactory(municipality=municipality, number=1, name="منطقه 1")
    office = OfficeFactory(district=district, address="نجف‌آباد، خیابان امام، پلاک ۴")
    officer = TechnicalOfficerFactory(office=office)
    inspector = InspectorFactory(office=[office])
    train(officer, inspector)
    return SecondCity(
        municipality=municipality,
        district=district,
        office=office,
        officer=officer,
        manager=OfficeManagerFactory(office=office),
        inspector=inspector,
        municipal=MunicipalStaffFactory(district=district),
        supervisor=SupervisorFactory(municipality=municipality),
        admin=AdminFactory(municipality=municipality),
    )
