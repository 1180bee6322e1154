"""Writes of the supervision unit. Each function is one transaction and raises a DomainError in Persian."""

from supervision.services.automatic import draft_overdue_violations
from supervision.services.complaints import complaint_by_code, file_complaint
from supervision.services.violations import act, add_evidence, allowed_actions, evidence_response, open_violation

__all__ = [
    "act",
    "add_evidence",
    "allowed_actions",
    "complaint_by_code",
    "draft_overdue_violations",
    "evidence_response",
    "file_complaint",
    "open_violation",
]
