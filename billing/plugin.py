"""Billing's part in files: the fee slip at registration, the fee guard, slips on the file's API and page,
and unpaid renewal duty as a reason not to answer at once.

Glue only: one line per method; the rules live in billing.selectors, billing.services and billing.panels.
"""

from billing import panels, selectors, services
from cases.plugins import Plugin


class Billing(Plugin):
    name = "billing"

    def after_register(self, case, actor):
        services.issue_registration_fee_slip(case=case, actor=actor)

    def guard(self, case, action):
        return selectors.fee_block_reason(case, action)

    def registration_terms(self, service_code, municipality):
        return selectors.fee_terms(service_code, municipality)

    def clearance(self, case):
        return selectors.renewal_clearance_reason(case)

    def detail_extra(self, case):
        return selectors.case_fee_slips(case)

    def page_panels(self, case, user):
        return panels.case_panels(case, user)

    def dues(self, cases):
        return selectors.slips_due(cases)
