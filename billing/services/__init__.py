"""Writes on billing. Each function is one transaction and raises a DomainError with a Persian message."""

from billing.services.online import ask_the_bank_now, at_the_bank, complete_online_payment, start_online_payment
from billing.services.payments import record_payment, record_pos_payment
from billing.services.reconciliation import process_import, start_import
from billing.services.slips import (
    issue_office_fine_slip,
    issue_registration_fee_slip,
    issue_renewal_slip,
    issue_service_fee_slip,
    issue_vehicle_slip,
    void_unpaid_slip,
)
from billing.services.tariffs import add_tariff, ensure_tariff_editable, tariff_is_used, update_tariff

__all__ = [
    "add_tariff",
    "ask_the_bank_now",
    "at_the_bank",
    "complete_online_payment",
    "ensure_tariff_editable",
    "issue_office_fine_slip",
    "issue_registration_fee_slip",
    "issue_renewal_slip",
    "issue_service_fee_slip",
    "issue_vehicle_slip",
    "process_import",
    "record_payment",
    "record_pos_payment",
    "start_import",
    "start_online_payment",
    "tariff_is_used",
    "update_tariff",
    "void_unpaid_slip",
]
