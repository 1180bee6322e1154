"""Writes on the office network. Each function is one transaction and raises
``ValidationError``/``DomainError`` with a Persian message on bad input.

Other apps call ``may_register``/``ensure_may_register`` before registering a file.
"""

from offices.services.expiry import send_expiry_warnings
from offices.services.instructions import acknowledge_instruction, publish_instruction
from offices.services.network import (
    add_contract,
    change_office_status,
    create_office,
    renewal_defaults,
    set_office_selection,
    update_office,
)
from offices.services.registration import RegistrationCheck, ensure_may_register, may_register
from offices.services.staff import add_staff, assign_role, end_membership, find_district, find_office

__all__ = [
    "RegistrationCheck",
    "acknowledge_instruction",
    "add_contract",
    "add_staff",
    "assign_role",
    "change_office_status",
    "create_office",
    "end_membership",
    "ensure_may_register",
    "find_district",
    "find_office",
    "may_register",
    "publish_instruction",
    "renewal_defaults",
    "send_expiry_warnings",
    "set_office_selection",
    "update_office",
]
