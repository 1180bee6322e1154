"""Billing's part in files: the fee slip at registration, the fee guard, slips on the file's API and page,
and unpaid renewal duty as a reason not to answer at once."""

from django.utils.translation import gettext as _

from billing import selectors
from billing.services import issue_service_fee_slip
from cases.plugins import Plugin


def issue_fee_at_registration(case, actor):
    issue_service_fee_slip(case=case, actor=actor)


def fee_slips_extra(case):
    """CONTRACT.md: ``fee_slips`` = [{"id", "bill_id", "payment_id", "amount_rials", "paid"}] (one query)."""
    return {
        "fee_slips": [
            {
                "id": slip.pk,
                "bill_id": slip.bill_id,
                "payment_id": slip.payment_id,
                "amount_rials": slip.amount_rials,
                "paid": slip.is_paid,
                "status": slip.status,
            }
            for slip in selectors.service_fee_slips(case)
        ]
    }


def fee_guard(case, action):
    """Refuse the service's fee-gated step while the file's service fee is unpaid."""
    required_before = selectors.fee_required_before(case.service_id)
    if not required_before or action != required_before:
        return None
    unpaid = selectors.unpaid_service_fee(case)
    if unpaid is None:
        return None
    return _("The service fee has not been paid (bill ID %(bill_id)s, payment ID %(payment_id)s).") % {
        "bill_id": unpaid.bill_id,
        "payment_id": unpaid.payment_id,
    }


def renewal_clearance(case):
    if selectors.has_unpaid_renewal_duty(case.parcel):
        return _("the property has unpaid renewal duty")
    return None


def slips_panel(case, user):
    slips = selectors.service_fee_slips(case)
    if not slips:
        return None
    return "billing/_case_panel.html", {"fee_slips": slips, "panel_user": user}


class Billing(Plugin):
    name = "billing"

    def after_register(self, case, actor):
        issue_fee_at_registration(case, actor)

    def guard(self, case, action):
        return fee_guard(case, action)

    def clearance(self, case):
        return renewal_clearance(case)

    def detail_extra(self, case):
        return fee_slips_extra(case)

    def page_panels(self, case, user):
        panel = slips_panel(case, user)
        return [panel] if panel else []
