"""Billing's part in the file's life, plugged into cases.hooks from BillingConfig.ready().

Glue only: one line per hook, the rules live in billing.selectors, billing.services and billing.panels.
"""

from billing import panels, selectors, services
from cases import hooks


def issue_fee_at_registration(case, actor):
    services.issue_service_fee_slip(case=case, actor=actor)


def fee_slips_extra(case):
    return selectors.case_fee_slips(case)


def fee_guard(case, action):
    return selectors.fee_block_reason(case, action)


def renewal_clearance(case):
    return selectors.renewal_clearance_reason(case)


def slips_panel(case, user):
    return panels.case_panel(case, user)


def register():
    hooks.after_register(issue_fee_at_registration)
    hooks.detail_extra(fee_slips_extra)
    hooks.action_guard(fee_guard)
    hooks.clearance_check(renewal_clearance)
    hooks.page_panel(slips_panel)
