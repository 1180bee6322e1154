"""Writes on site visits. Each function is one transaction and raises a DomainError (Persian message)."""

from inspections.services.assignment import (
    after_extension,
    assign_inspector,
    assign_proposed,
    lock_district,
    on_assign,
    reassign_visit,
)
from inspections.services.pdf import attach_pdf
from inspections.services.reports import (
    REPORT_FIELDS,
    delete_photo,
    on_submit,
    save_draft,
    start_correction,
    submit_report,
)
from inspections.services.scheduling import schedule_visit

__all__ = [
    "REPORT_FIELDS",
    "after_extension",
    "assign_inspector",
    "assign_proposed",
    "attach_pdf",
    "delete_photo",
    "lock_district",
    "on_assign",
    "on_submit",
    "reassign_visit",
    "save_draft",
    "schedule_visit",
    "start_correction",
    "submit_report",
]
