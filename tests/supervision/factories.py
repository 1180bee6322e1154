"""What the supervision tests add to the shared factories: staff of any office role, and a bank
inquiry registered (or backdated) at an officer's office with its documents, and answered."""

import datetime

from accounts.models import Role
from offices.models import Membership
from tests.accounts.factories import PASSWORD, SupervisorFactory, UserFactory
from tests.cases.factories import APPLICANT, VISIT, attach_documents, pay_fees, register
from tests.offices.factories import (
    DistrictFactory,
    FollowupOfficerFactory,
    InspectorFactory,
    MunicipalityFactory,
    MunicipalStaffFactory,
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
    "answer_file",
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


def answer_file(case, officer, *, at, result="approved"):
    """Take a file of ``register_file`` through every step to its answer, each backdated to ``at`` (as an
    import from an earlier system is), by ``officer``, a new inspector and new municipal staff of its place;
    its service fee, if any, is paid first."""
    from cases.services import replay_action

    pay_fees(case)
    inspector = staff(case.office, Role.INSPECTOR)
    municipal = MunicipalStaffFactory(district=case.district)
    Membership.objects.filter(user__in=[inspector, municipal]).update(starts_on=datetime.date(2020, 1, 1))
    replay_action(case, "accept", officer, at=at)
    replay_action(case, "assign_inspector", officer, at=at, inspector=inspector.pk)
    replay_action(case, "submit_visit_report", inspector, at=at, **VISIT)
    replay_action(case, "complete_plan_review", officer, at=at)
    return replay_action(case, "issue_response", municipal, at=at, result=result, text="بلامانع")
