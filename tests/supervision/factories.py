"""What the supervision tests add to the shared factories: staff of any office role, and a bank
inquiry registered (or backdated) at an officer's office with its documents."""

from accounts.models import Role
from tests.accounts.factories import PASSWORD, SupervisorFactory, UserFactory
from tests.cases.factories import APPLICANT, attach_documents, register
from tests.offices.factories import (
    DistrictFactory,
    FollowupOfficerFactory,
    InspectorFactory,
    MunicipalityFactory,
    OfficeFactory,
    OfficeManagerFactory,
    ServiceFactory,
    TechnicalOfficerFactory,
)

__all__ = [
    "PASSWORD",
    "DistrictFactory",
    "MunicipalityFactory",
    "OfficeFactory",
    "ServiceFactory",
    "SupervisorFactory",
    "UserFactory",
    "register_file",
    "staff",
]

STAFF = {
    Role.TECHNICAL_OFFICER: TechnicalOfficerFactory,
    Role.OFFICE_MANAGER: OfficeManagerFactory,
    Role.INSPECTOR: InspectorFactory,
    Role.FOLLOWUP_OFFICER: FollowupOfficerFactory,
}


def staff(office, role):
    """A person with a current post of ``role`` at ``office``."""
    return STAFF[role](office=office)


def register_file(officer, *, at=None, national_id=APPLICANT["national_id"], mobile=APPLICANT["mobile"]):
    """A bank inquiry registered at the officer's office (backdated to ``at``), with its documents."""
    applicant = {**APPLICANT, "national_id": national_id, "mobile": mobile}
    case = register(officer, "bank_inquiry", at=at, applicant=applicant)
    return attach_documents(case, officer)
