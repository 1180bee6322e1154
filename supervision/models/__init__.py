from supervision.models.reference import Policy, YearFigure
from supervision.models.violations import (
    UPHELD,
    Complaint,
    Decision,
    Evidence,
    Source,
    Violation,
    ViolationEvent,
    ViolationState,
    ViolationType,
)

__all__ = [
    "UPHELD",
    "Complaint",
    "Decision",
    "Evidence",
    "Policy",
    "Source",
    "Violation",
    "ViolationEvent",
    "ViolationState",
    "ViolationType",
    "YearFigure",
]
